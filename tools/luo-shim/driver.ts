// The Node side of luo_shim.c: keeps one luoscope engine across the runs of a two-stage (or
// n-stage) LUO selftest, answers the shim's calls with it, and performs the kexec between runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine, type StepOutcome } from '../../src/engine/engine';
import { contentAt } from '../../src/export/c/full-run';
import type { Scenario, Step } from '../../src/scenario/types';

export interface StageRun {
  stage: number;
  /** the exit status of the stage's process (null when a signal ended it) */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ShimRunResult {
  stages: StageRun[];
  /** every stage ran and exited 0 */
  ok: boolean;
  /** the engine steps the shim's calls became, in order */
  calls: StepOutcome[];
}

export interface ShimRunOptions {
  /** the scenario whose kernel (profile, patches, modules) the engine boots; its steps are not run */
  scenario: Scenario;
  /** the compiled test */
  binary: string;
  /** luo_shim.so */
  shim: string;
  /** how many runs (boots); default: the scenario's kexec count + 1 */
  stages?: number;
  /** extra arguments for every run */
  args?: string[];
  /** per run; default 60 s */
  timeoutMs?: number;
}

const hexToText = (h: string | undefined) => Buffer.from(h ?? '', 'hex').toString('latin1');
const textToHex = (s: string) => Buffer.from(s, 'latin1').toString('hex');

type Request = Record<string, string | undefined>;

/**
 * One engine driven by calls: each request of the shim becomes a scenario step (fds are named
 * h1, h2, … in the engine), so the engine, not a replay, decides every answer.
 */
export class ShimKernel {
  private readonly steps: Step[] = [];
  readonly engine: Engine;
  readonly calls: StepOutcome[] = [];
  private next = 1;
  /** handle -> the engine's fd number, for the whole content of a clipped read */
  private readonly fdOf = new Map<string, number>();
  gen = 0;
  /** pids forked in the current boot (daemon children that a kexec ends) */
  readonly forked = new Set<number>();

  constructor(scenario: Scenario) {
    this.engine = createEngine({ ...scenario, steps: this.steps });
  }

  private run(step: Step): StepOutcome {
    this.steps.push(step);
    const out = this.engine.step();
    this.calls.push(out);
    return out;
  }

  /** The reboot between two runs: same kernel, every process gone. */
  kexec(): StepOutcome {
    const out = this.run({ op: 'kexec' });
    this.gen++;
    return out;
  }

  bootId(): string {
    return `00000000-0000-4000-8000-${this.gen.toString(16).padStart(12, '0')}`;
  }

  handle(req: Request): Record<string, string> {
    const size = req.size === undefined ? undefined : Number(req.size);
    const reserved = req.reserved === undefined ? undefined : Number(req.reserved);
    const fresh = () => `h${this.next++}`;
    const answer = (out: StepOutcome, extra: Record<string, string> = {}) => ({ result: out.result === 'halted' ? 'EIO' : out.result, ...(out.result === 'ok' ? extra : {}) });
    const withFd = (make: (as: string) => Step) => {
      const as = fresh();
      const out = this.run(make(as));
      if (out.fd !== undefined) this.fdOf.set(as, out.fd);
      return answer(out, { h: as });
    };
    const fd = req.fd ?? 'none';
    switch (req.op) {
      case 'boot_id':
        return { result: 'ok', boot_id: this.bootId() };
      case 'fork':
        this.forked.add(Number(req.pid));
        return { result: 'ok' };
      case 'open_device':
        return withFd((as) => ({ op: 'open_device', as }));
      case 'create_file':
        return withFd((as) => ({ op: 'create_file', kind: req.kind ?? 'memfd', as }));
      case 'close':
        return answer(this.run({ op: 'close', fd }));
      case 'dup':
        return withFd((as) => ({ op: 'dup', fd, as }));
      case 'create_session':
      case 'retrieve_session':
        return withFd((as) => ({ op: req.op as 'create_session', device: req.device ?? 'none', name: hexToText(req.name), as, size }));
      case 'preserve_fd':
        return answer(this.run({ op: 'preserve_fd', session: req.session ?? 'none', fd, token: req.token ?? '0', size }));
      case 'retrieve_fd':
        return withFd((as) => ({ op: 'retrieve_fd', session: req.session ?? 'none', token: req.token ?? '0', as, size }));
      case 'finish':
        return answer(this.run({ op: 'finish', session: req.session ?? 'none', reserved, size }));
      case 'get_name': {
        const out = this.run({ op: 'get_name', session: req.session ?? 'none', reserved, size });
        return answer(out, { name: textToHex(out.name ?? '') });
      }
      case 'read': {
        const out = this.run({ op: 'read', fd });
        const whole = out.dataLength === undefined ? out.data : contentAt(this.engine, this.fdOf.get(fd));
        return answer(out, { data: textToHex(whole ?? '') });
      }
      case 'write':
        return answer(this.run({ op: 'write', fd, data: hexToText(req.data) }));
      case 'ioctl':
        // an ioctl number the uapi does not have: out of range on a LUO fd (luo_ioctl), unknown elsewhere
        return { result: 'EINVAL' };
      default:
        return { result: 'EINVAL' };
    }
  }
}

/** Serve one shim connection: a line in, a line out. */
function serve(sock: Socket, kernel: ShimKernel): void {
  let buf = '';
  sock.setEncoding('latin1');
  sock.on('data', (chunk: string) => {
    buf += chunk;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const text = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      let answer: Record<string, string>;
      try {
        answer = kernel.handle(JSON.parse(text) as Request);
      } catch (e) {
        answer = { result: 'EIO', error: String((e as Error).message).replace(/["\\\n]/g, ' ') };
      }
      sock.write(`${JSON.stringify(answer)}\n`);
    }
  });
  sock.on('error', () => {});
}

function runOnce(binary: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      stderr += `\nluo-shim driver: ${binary} still running after ${timeoutMs} ms; killed\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    // 'close', not 'exit': all output read (a daemon child has closed its copies of the pipes)
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs `binary` once per boot under the shim: stage 1, the kexec (the engine's, after ending
 * the daemon children the stage left), stage 2, ... Stops at the first run that does not exit 0.
 */
export async function runWithShim(o: ShimRunOptions): Promise<ShimRunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'luo-shim-'));
  const socketPath = join(dir, 'sock');
  const kernel = new ShimKernel(o.scenario);
  const server = createServer((s) => serve(s, kernel));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  const total = o.stages ?? o.scenario.steps.filter((s) => s.op === 'kexec').length + 1;
  const env = { ...process.env, LD_PRELOAD: o.shim, LUO_SHIM_SOCKET: socketPath };
  const stages: StageRun[] = [];
  try {
    for (let stage = 1; stage <= total; stage++) {
      const r = await runOnce(o.binary, ['--state', join(dir, 'state'), ...(o.args ?? [])], env, o.timeoutMs ?? 60_000);
      stages.push({ stage, ...r });
      for (const pid of kernel.forked) {
        try {
          process.kill(pid, 'SIGKILL'); // the reboot ends every process, the daemon child too
        } catch {
          // already gone
        }
      }
      kernel.forked.clear();
      if (r.code !== 0) break;
      if (stage < total) kernel.kexec();
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
  return { stages, ok: stages.length === total && stages.every((s) => s.code === 0), calls: kernel.calls };
}

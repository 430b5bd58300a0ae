// Compile C for the tests (exported selftests, the shim): gcc -std=gnu11 -O2 -Wall -Wextra
// -Werror, cached by content hash in a temp dir, at most two gcc processes at a time.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CFLAGS = ['-std=gnu11', '-O2', '-Wall', '-Wextra', '-Werror'];
export const SHIM_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'luo_shim.c');
const CACHE = join(tmpdir(), 'luoscope-c-cache');

let version: string | undefined;
export function gccVersion(): string {
  version ??= execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0]!;
  return version;
}

let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(f: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export interface Compiled {
  path: string;
  /** gcc's diagnostics when it failed */
  error?: string;
}

/** Compiles `source` (a program, or with `shared` a preload library); reuses an earlier build of the same text. */
export function compileC(source: string, opts: { shared?: boolean; flags?: string[] } = {}): Promise<Compiled> {
  const flags = [...CFLAGS, ...(opts.flags ?? []), ...(opts.shared ? ['-shared', '-fPIC'] : [])];
  const key = createHash('sha256').update(`${gccVersion()}\n${flags.join(' ')}\n${source}`).digest('hex').slice(0, 24);
  mkdirSync(CACHE, { recursive: true });
  const out = join(CACHE, opts.shared ? `${key}.so` : key);
  if (existsSync(out)) return Promise.resolve({ path: out });
  const src = join(CACHE, `${key}.c`);
  writeFileSync(src, source);
  const tmp = `${out}.${process.pid}.tmp`;
  const libs = opts.shared ? ['-ldl'] : [];
  return slot(
    () =>
      new Promise<Compiled>((resolve) => {
        execFile('gcc', [...flags, '-o', tmp, src, ...libs], (err, _stdout, stderr) => {
          if (err) return resolve({ path: out, error: stderr || err.message });
          renameSync(tmp, out); // atomic: a parallel run never sees half a binary
          resolve({ path: out });
        });
      }),
  );
}

/** luo_shim.so from tools/luo-shim/luo_shim.c. */
export async function buildShim(): Promise<string> {
  const r = await compileC(readFileSync(SHIM_SOURCE, 'utf8'), { shared: true });
  if (r.error) throw new Error(`luo_shim.c does not compile:\n${r.error}`);
  return r.path;
}

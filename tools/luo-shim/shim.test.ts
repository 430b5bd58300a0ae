// The exported selftests, compiled with gcc and run against luo_shim.so + the engine: green TAP
// for every exportable library scenario (every stage, the kexec in between), red with the right
// step named when an expectation is changed, and the shim's own calls (dup, exit, offsets).
import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { exportC } from '../../src/export/c';
import { LIBRARY } from '../../src/scenario/library';
import type { Scenario, Step } from '../../src/scenario/types';
import { buildShim, compileC } from './build';
import { runWithShim, type ShimRunResult } from './driver';

const EXPORTABLE = LIBRARY.filter((e) => exportC(e.scenario).ok);
let shim = '';
const binaries = new Map<string, string>();

async function build(s: Scenario): Promise<string> {
  const r = exportC(s);
  if (!r.ok) throw new Error(r.message);
  const c = await compileC(r.text);
  if (c.error) throw new Error(`${s.title}: gcc failed:\n${c.error}`);
  return c.path;
}

const tapSteps = (run: ShimRunResult) => run.stages.flatMap((s) => s.stdout.split('\n').filter((l) => /^(not )?ok \d+ /.test(l)));

beforeAll(async () => {
  shim = await buildShim();
  const built = await Promise.all(EXPORTABLE.map(async (e) => [e.id, await build(e.scenario)] as const));
  for (const [id, path] of built) binaries.set(id, path);
}, 240_000);

test('most library scenarios export, the kernel selftests all of them', () => {
  expect(EXPORTABLE.length).toBeGreaterThanOrEqual(25);
  for (const e of LIBRARY.filter((x) => x.kind === 'selftest')) expect(EXPORTABLE, e.id).toContain(e);
});

describe.concurrent('green TAP through the shim, every stage', () => {
  test.each(EXPORTABLE.map((e) => [e.id, e] as const))('%s', async (id, e) => {
    const run = await runWithShim({ scenario: e.scenario, binary: binaries.get(id)!, shim });
    const kexecs = e.scenario.steps.filter((s) => s.op === 'kexec').length;
    expect(run.stages.map((s) => s.code), run.stages.map((s) => s.stdout + s.stderr).join('\n')).toEqual(Array(kexecs + 1).fill(0));
    const lines = tapSteps(run);
    // one TAP line per step of the scenario that is not a kexec, all "ok", none skipped
    expect(lines).toHaveLength(e.scenario.steps.length - kexecs);
    expect(lines.filter((l) => !l.startsWith('ok ') || l.includes('# SKIP'))).toEqual([]);
    for (const s of run.stages) expect(s.stdout).toMatch(/^# Totals: pass:\d+ fail:0 xfail:0 xpass:0 skip:0 error:0$/m);
    expect(run.ok).toBe(true);
  }, 120_000);
});

/** A copy of a library scenario with one step changed. */
function altered(id: string, i: number, change: Partial<Step>): Scenario {
  const s = structuredClone(LIBRARY.find((e) => e.id === id)!.scenario);
  s.steps[i] = { ...s.steps[i]!, ...change } as Step;
  return s;
}

describe.concurrent('red TAP with the step named when an expectation is changed', () => {
  test('the data read after the kexec (stage 2)', async () => {
    const s = altered('kexec-simple', 19, { data: 'hello kexec WORLD' } as Partial<Step>);
    expect(s.steps[19]!.op).toBe('read');
    const run = await runWithShim({ scenario: s, binary: await build(s), shim });
    expect(run.ok).toBe(false);
    expect(run.stages.map((x) => x.code)).toEqual([0, 1]);
    const out = run.stages[1]!.stdout;
    expect(out).toContain('# steps[19] read: expected this data, got something else');
    expect(out).toContain('#   expected (17 bytes): "hello kexec WORLD"');
    expect(out).toContain('#   got (17 bytes): "hello kexec world"');
    expect(out).toMatch(/^not ok 8 steps\[19\] read\(mfd\)$/m);
    expect(out).toMatch(/^ok 9 steps\[20\] .* # SKIP not run: an earlier step failed$/m);
    expect(out).toMatch(/^# Totals: pass:7 fail:1 /m);
  }, 120_000);

  test('an errno before the kexec (stage 1): no kexec happens', async () => {
    const s = altered('kexec-simple', 1, { expect: 'ok' });
    const run = await runWithShim({ scenario: s, binary: await build(s), shim });
    expect(run.stages.map((x) => x.code)).toEqual([1]);
    expect(run.stages[0]!.stdout).toContain('# steps[1] retrieve_session: expected ok, got ENOENT');
    expect(run.stages[0]!.stdout).toMatch(/^not ok 2 steps\[1\] /m);
  }, 120_000);

  test('an errno on a single-boot selftest', async () => {
    const s = altered('exclusive-open', 1, { expect: 'ok' });
    const run = await runWithShim({ scenario: s, binary: await build(s), shim });
    expect(run.stages[0]!.code).toBe(1);
    expect(run.stages[0]!.stdout).toContain('# steps[1] open_device: expected ok, got EBUSY');
  }, 120_000);

  test('a step with no expectation asserts the engine result: the kernel behaving otherwise fails it', async () => {
    // exported for 7.1 (GET_NAME absent: EINVAL), run against a kernel that has GET_NAME
    const s = structuredClone(LIBRARY.find((e) => e.id === 'get-session-name-7.1')!.scenario);
    const i = s.steps.findIndex((x) => x.op === 'get_name');
    delete s.steps[i]!.expect;
    const binary = await build(s);
    const run = await runWithShim({ scenario: { ...s, kernel: { ...s.kernel, profile: 'latest' } }, binary, shim });
    expect(run.stages[0]!.code).toBe(1);
    expect(run.stages[0]!.stdout).toContain(`# steps[${i}] get_name: expected EINVAL, got ok`);
  }, 120_000);
});

/** Every op the export performs, on one kernel: dup, exit, a regular file, writes, sizes, reserved. */
const EVERY_OP: Scenario = {
  format: 'luoscope-scenario',
  version: 1,
  title: 'every exportable op',
  kernel: { profile: 'latest', patches: [], liveupdate: true },
  boot: { modules: ['memfd'] },
  steps: [
    { op: 'open_device', as: 'luo' },
    { op: 'create_session', device: 'luo', name: 'a', as: 's', size: 71 },
    { op: 'create_session', device: 'luo', name: 'a', as: 's' },
    { op: 'create_session', device: 'luo', name: 'a', as: 's2' },
    { op: 'get_name', session: 's', reserved: 1 },
    { op: 'get_name', session: 's', name: 'a' },
    { op: 'create_file', kind: 'memfd', as: 'm', data: 'héllo' },
    { op: 'dup', fd: 'm', as: 'm2' },
    { op: 'preserve_fd', session: 's', fd: 'm2', token: '0xffffffffffffffff' },
    { op: 'preserve_fd', session: 's', fd: 'm', token: 1 },
    { op: 'write', fd: 'm', data: 'HÉ' },
    { op: 'read', fd: 'm2' },
    { op: 'write', fd: 'm', data: 'a longer text than before' },
    { op: 'create_file', kind: 'regular', as: 'r', data: 'on disk' },
    { op: 'preserve_fd', session: 's', fd: 'r', token: 2 },
    { op: 'read', fd: 'r', data: 'on disk' },
    { op: 'create_file', kind: 'devnull', as: 'n', data: 'gone' },
    { op: 'read', fd: 'n', data: '' },
    { op: 'preserve_fd', session: 's', fd: 'n', token: 3, size: 8 },
    { op: 'read', fd: 's' },
    { op: 'close', fd: 'm' },
    { op: 'close', fd: 'm' },
    { op: 'exit_agent' },
    { op: 'read', fd: 'm2' },
    { op: 'open_device', as: 'luo' },
    { op: 'retrieve_session', device: 'luo', name: 'a', as: 'x' },
    { op: 'finish', session: 'x' },
    { op: 'create_file', kind: 'memfd', as: 'big', data: `${'x'.repeat(300)}END` },
    { op: 'read', fd: 'big' },
  ],
};

test('every exportable op through the shim: the engine and the C agree step by step', async () => {
  const run = await runWithShim({ scenario: EVERY_OP, binary: await build(EVERY_OP), shim });
  expect(run.stages[0]!.stdout + run.stages[0]!.stderr).toMatch(/^# Totals: pass:29 fail:0 /m);
  expect(run.ok).toBe(true);
  const lines = tapSteps(run).join('\n');
  expect(lines).toContain('ok 2 steps[1] s = CREATE_SESSION(luo, "a") -> EINVAL');
  expect(lines).toContain('ok 13 steps[12] write(m, "a longer text than before") -> EPERM');
  expect(lines).toContain('ok 24 steps[23] read(m2) -> EBADF');
  // a read longer than the engine's clipped outcome is exported and answered whole
  expect(exportC(EVERY_OP).ok && (exportC(EVERY_OP) as { text: string }).text).toContain('.want_len = 303 }');
}, 120_000);

test('without a LUO kernel (no shim here), the test is skipped as luo_test() does', async () => {
  const binary = binaries.get('kexec-simple')!;
  const r = await new Promise<{ code: number | null; out: string }>((resolve) =>
    execFile(binary, ['--state', `/tmp/luo-noshim-${process.pid}.state`], (err, stdout) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, out: stdout })),
  );
  expect(r.code).toBe(4);
  expect(r.out).toMatch(/^ok 1 steps\[0\] .* # SKIP no \/dev\/liveupdate$/m);
}, 60_000);

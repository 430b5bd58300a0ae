import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_SCENARIOS_DIR } from '../testing/shared-scenarios';
import { runCli } from './cli';

const files: Record<string, string> = {};
const fake = (p: string) => {
  if (p in files) return files[p]!;
  return readFileSync(p, 'utf8');
};

const doublePreserve = {
  format: 'luoscope-scenario',
  version: 2,
  title: 'double preserve',
  kernel: { profile: '7.0' },
  steps: [
    { op: 'open_device', as: 'luo' },
    { op: 'create_session', device: 'luo', name: 'a', as: 'a' },
    { op: 'create_session', device: 'luo', name: 'b', as: 'b' },
    { op: 'create_file', kind: 'memfd', as: 'm' },
    { op: 'preserve_fd', session: 'a', fd: 'm', token: 1 },
    { op: 'preserve_fd', session: 'b', fd: 'm', token: 1 },
  ],
};
files['/x/dp.json'] = JSON.stringify(doublePreserve);

describe('luoscope diff', () => {
  it('exits 1 and prints the first divergence and the table in at most 72 columns', () => {
    const out = runCli(['diff', '/x/dp.json', '--a', '7.0', '--b', '7.1'], fake);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    const lines = out.stdout.split('\n');
    expect(lines.every((l) => l.length <= 72), lines.find((l) => l.length > 72)).toBe(true);
    expect(lines[0]).toBe('luoscope diff: double preserve');
    expect(lines[1]).toBe('A: 7.0 · memfd');
    expect(lines[2]).toBe('B: 7.1 · memfd');
    expect(out.stdout).toMatch(/^first divergence: step 4 \(preserve_fd\): the callbacks differ \[callbacks\]$/m);
    expect(out.stdout).toMatch(/^step 5 \(preserve_fd\) \[result, callbacks, counts\]$/m);
    expect(out.stdout).toMatch(/^ {2}A 7\.0: ok$/m);
    expect(out.stdout).toMatch(/^ {2}B 7\.1: EBUSY$/m);
    expect(out.stdout).toContain('  only A: handler memfd-v1 preserve ("b", token 1) ok');
    expect(out.stdout).toContain('  session "b" files (gen 0, outgoing): A 1, B 0');
    expect(out.stdout).toMatch(/why B: .*EBUSY/);
  });

  it('prints one luoscope-diff object with --json', () => {
    const out = runCli(['diff', '/x/dp.json', '--b', '7.1', '--json'], fake);
    expect(out.code).toBe(1);
    const j = JSON.parse(out.stdout);
    expect(j).toMatchObject({ format: 'luoscope-diff', version: 1, steps: 6 });
    expect(j.a.kernel).toEqual({ profile: '7.0', patches: [], modules: ['memfd'], liveupdate: true });
    expect(j.b.kernel.profile).toBe('7.1');
    expect(j.first).toEqual(j.rows[0]);
    expect(j.rows.map((r: { step: number }) => r.step)).toEqual([4, 5]);
    const r = j.rows[1];
    expect(r).toMatchObject({ op: 'preserve_fd', kinds: ['result', 'callbacks', 'counts'], a: { result: 'ok', panic: false }, b: { result: 'EBUSY' } });
    expect(r.b.explain[0].kernel).toMatch(/PRESERVE_FD/);
    expect(typeof r.a.explain[0].text).toBe('string');
  });

  it('exits 0 when the runs agree', () => {
    const out = runCli(['diff', '/x/dp.json', '--a', '7.2', '--b', '7.3'], fake);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('A and B agree on all 6 steps');
    const j = JSON.parse(runCli(['diff', '/x/dp.json', '--a', '7.2', '--b', '7.3', '--json'], fake).stdout);
    expect(j.first).toBeNull();
    expect(j.rows).toEqual([]);
  });

  it('takes patches, modules and the liveupdate switch for B', () => {
    const s = join(SHARED_SCENARIOS_DIR, 'memfd-survives-kexec.json');
    const off = runCli(['diff', s, '--b-liveupdate', 'off', '--json'], fake);
    expect(off.code).toBe(1);
    const j = JSON.parse(off.stdout);
    expect(j.b.kernel.liveupdate).toBe(false);
    expect(j.first).toMatchObject({ step: 0, op: 'open_device', a: { result: 'ok' }, b: { result: 'ENOENT' } });
    const p = JSON.parse(runCli(['diff', s, '--a', '7.1', '--b', '7.1', '--b-patches', 'finish-reserved,lock-api-v6', '--json'], fake).stdout);
    expect(p.b.kernel.patches).toEqual(['finish-reserved', 'lock-api-v6']);
  });

  it('reads a comparison file exported by the app', () => {
    files['/x/cmp.json'] = JSON.stringify({ format: 'luoscope-comparison', version: 1, scenario: doublePreserve, b: { profile: '7.1', patches: [], modules: ['memfd'], liveupdate: true }, step: 5 });
    const out = runCli(['diff', '/x/cmp.json', '--json'], fake);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout).b.kernel.profile).toBe('7.1');
    files['/x/badcmp.json'] = JSON.stringify({ format: 'luoscope-comparison', version: 1, scenario: doublePreserve, b: { profile: '9.9' } });
    expect(runCli(['diff', '/x/badcmp.json'], fake)).toMatchObject({ code: 2, stderr: expect.stringMatching(/not a valid comparison.*profile "9.9"/) });
  });

  it('exits 2 on an invalid scenario, an unknown kernel, patch or module, and bad usage', () => {
    files['/x/invalid.json'] = JSON.stringify({ format: 'luoscope-scenario', version: 2, steps: [{ op: 'preserve_fd', session: 'nope', fd: 'd', token: 1 }] });
    expect(runCli(['diff', '/x/invalid.json', '--b', '7.1'], fake)).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/not a valid scenario; nothing ran:\n.*step 1 \(steps\[0\]/) });
    expect(runCli(['diff', '/x/dp.json', '--b', '7.9'], fake)).toMatchObject({ code: 2, stderr: expect.stringContaining('--b "7.9" is not a kernel profile') });
    expect(runCli(['diff', '/x/dp.json', '--b-patches', 'nope'], fake)).toMatchObject({ code: 2, stderr: expect.stringContaining('"nope" is not a patch') });
    expect(runCli(['diff', '/x/dp.json', '--b-modules', 'memfd,nosuch'], fake)).toMatchObject({ code: 2, stderr: expect.stringMatching(/kernel B does not fit .*nosuch/) });
    expect(runCli(['diff', '/x/dp.json', '--b-liveupdate', 'maybe'], fake)).toMatchObject({ code: 2, stderr: expect.stringContaining('is not on or off') });
    expect(runCli(['diff', '/x/dp.json', '--b', '7.1', '--b', '7.2'], fake)).toMatchObject({ code: 2, stderr: expect.stringContaining('--b is given twice') });
    expect(runCli(['diff', '/x/dp.json', '--c', '7.1'], fake)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --c') });
    expect(runCli(['diff', '--b', '7.1'], fake)).toMatchObject({ code: 2, stderr: expect.stringContaining('give exactly one scenario file') });
    expect(runCli(['diff', '/nonexistent.json'], fake)).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read /nonexistent.json') });
    expect(runCli(['diff', '/x/dp.json', '--b'], fake)).toMatchObject({ code: 2, stderr: expect.stringContaining('--b needs a value') });
  });

  it('is in the usage text', () => {
    const help = runCli(['--help'], fake).stdout;
    expect(help).toContain('luoscope diff FILE.json');
    expect(help.split('\n').every((l) => l.length <= 80)).toBe(true);
  });
});

// `luoscope export-c`: printed or written, refused with each step named (exit 1), usage errors (2).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LIBRARY } from '../scenario/library';
import { runCli } from './cli';
import { SHARED_SCENARIOS_DIR } from '../testing/shared-scenarios';

const SCENARIOS = SHARED_SCENARIOS_DIR; // ../shared/scenarios, or the vendored copy in a clone without it
const files: Record<string, string> = {
  'simple.json': JSON.stringify(LIBRARY.find((e) => e.id === 'kexec-simple')!.scenario),
  'inject.json': JSON.stringify(LIBRARY.find((e) => e.id === 'retrieve-error-remembered')!.scenario),
  'bad.json': '{"format":"luoscope-scenario","version":1,"steps":[{"op":"nope"}]}',
};
const read = (p: string) => {
  if (p in files) return files[p]!;
  return readFileSync(p, 'utf8');
};

describe('luoscope export-c', () => {
  test('prints the C file', () => {
    const r = runCli(['export-c', 'simple.json'], read);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\/\/ SPDX-License-Identifier:\sGPL-2\.0\n\/\*\n \* luo_one_memfd_across_a_kexec_test\.c - /);
    expect(r.stdout).toContain('LIVEUPDATE_IOCTL_CREATE_SESSION');
    expect(r.stdout).toContain('Reproduce in luoscope: https://luoscope.invalid/#s=1.');
  });

  test('-o writes the file; --base sets the link', async () => {
    const { exportCCommand } = await import('./export-c');
    const written: Record<string, string> = {};
    const r = exportCCommand(['simple.json', '-o', 'out.c', '--base', 'http://localhost:5173/x'], read, (p, t) => (written[p] = t));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('wrote out.c');
    expect(written['out.c']).toContain('Reproduce in luoscope: http://localhost:5173/x#s=1.');
  });

  test('--base takes http(s) only, as luoscope link does (src/cli/base.ts)', () => {
    for (const base of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      const r = runCli(['export-c', 'simple.json', '--base', base], read);
      expect(r.code, base).toBe(2);
      expect(r.stderr, base).toMatch(/--base .* is not an (absolute URL|http: or https: URL)/);
    }
  });

  test('a scenario with in-kernel steps is refused, naming each step (exit 1)', () => {
    const r = runCli(['export-c', 'inject.json'], read);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('steps[7] inject: a fault injected into memfd-v1 retrieve()');
    const skipped = runCli(['export-c', 'inject.json', '--skip-kernel-steps'], read);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('.op = OP_SKIP');
    expect(skipped.stderr).toContain('exported as TAP skips: steps[7] inject');
  });

  test('usage errors and invalid scenarios exit 2', () => {
    expect(runCli(['export-c'], read).code).toBe(2);
    expect(runCli(['export-c', 'simple.json', '--frob'], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --frob') });
    expect(runCli(['export-c', 'simple.json', '-o'], read).code).toBe(2);
    expect(runCli(['export-c', 'bad.json'], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('nothing exported') });
    expect(runCli(['--help'], read).stdout).toContain('luoscope export-c FILE.json [-o OUT.c]');
  });

  test('the shared example scenario exports', () => {
    const r = runCli(['export-c', join(SCENARIOS, 'memfd-survives-kexec.json')], read);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('#define NR_STAGES 2');
  });
});

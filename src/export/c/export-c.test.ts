// The C exporter without a compiler: what it refuses (naming each step), what each step
// asserts (the scenario's expectation, else the engine's result), stages, header, C strings.
import { describe, expect, test } from 'vitest';
import { LIBRARY } from '../../scenario/library';
import { decodeShare } from '../../scenario/share';
import type { Scenario, Step } from '../../scenario/types';
import { cFileName, exportC } from '.';
import { cString, SPDX_GPL2 } from './emit';
import { splitStages } from './stages';

const scenario = (steps: Step[], profile: Scenario['kernel'] = { profile: 'latest', patches: [], liveupdate: true }): Scenario => ({
  format: 'luoscope-scenario',
  version: 1,
  title: 'test scenario',
  kernel: profile,
  boot: { modules: ['memfd'] },
  steps,
});
const text = (s: Scenario) => {
  const r = exportC(s);
  if (!r.ok) throw new Error(r.message);
  return r.text;
};
const lib = (id: string) => LIBRARY.find((e) => e.id === id)!.scenario;
const KERNEL_OPS = ['inject', 'register_module', 'unregister_module', 'flb_get_incoming', 'flb_put_incoming', 'flb_get_outgoing', 'flb_put_outgoing'];

describe('refusals name every step userspace cannot perform', () => {
  test.each([
    ['retrieve-error-remembered', [[7, 'inject', /fault injected into memfd-v1 retrieve\(\)/]]],
    ['double-preserve-71-vs-70', [[10, 'kexec', /kexec into another kernel \(profile 7\.1\)/]]],
    ['handler-version-mismatch', [[4, 'kexec', /modules \[memfd@v2\]/]]],
    ['missing-handler-next-kernel', [[4, 'kexec', /modules \[\]/], [7, 'register_module', /module memfd/]]],
    ['kexec-into-older-kernel-panics', [[4, 'kexec', /profile 7\.1/], [5, 'open_device', /panicked at boot/], [6, 'retrieve_session', /panicked at boot/]]],
  ] as const)('%s', (id, want) => {
    const r = exportC(lib(id));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusals.map((x) => [x.i, x.op])).toEqual(want.map(([i, op]) => [i, op]));
    want.forEach(([i, op, reason], k) => {
      expect(r.refusals[k]!.reason).toMatch(reason);
      expect(r.message).toContain(`steps[${i}] ${op}: `);
    });
    expect(r.message).toContain('--skip-kernel-steps');
  });

  test('every refused library scenario names each in-kernel step and each uncreatable file', () => {
    let refused = 0;
    for (const e of LIBRARY) {
      const r = exportC(e.scenario);
      if (r.ok) continue;
      refused++;
      const named = new Set(r.refusals.map((x) => x.i));
      e.scenario.steps.forEach((s, i) => {
        const must = KERNEL_OPS.includes(s.op) || (s.op === 'create_file' && !['memfd', 'devnull', 'regular'].includes(s.kind));
        if (must) expect(named.has(i), `${e.id} steps[${i}] ${s.op}`).toBe(true);
      });
      for (const x of r.refusals) expect(x.op).toBe(e.scenario.steps[x.i]!.op);
    }
    expect(refused).toBeGreaterThanOrEqual(10);
  }, 60_000);

  test('--skip-kernel-steps turns them into TAP skips with the reason; a kexec into another kernel still splits the boots', () => {
    const r = exportC(lib('double-preserve-71-vs-70'), { skipKernelSteps: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.skipped.map((x) => x.i)).toEqual([10]);
    expect(r.text).toMatch(/\{ \.i = 10, \.op = OP_SKIP, \.what = "reboot\(LINUX_REBOOT_CMD_KEXEC\) into profile 7\.1", \.skip = "a kexec into another kernel/);
    expect(r.text).toContain('#define NR_STAGES 2');
    expect(r.text).toContain(' * Skipped (--skip-kernel-steps): steps[10] kexec: ');
  });

  test('a size beyond the argument buffer and an unknown errno are refused', () => {
    const r = exportC(scenario([{ op: 'open_device', as: 'luo' }, { op: 'create_session', device: 'luo', name: 'x', as: 's', size: 5000 }]));
    expect(!r.ok && r.refusals[0]).toMatchObject({ i: 1, op: 'create_session', reason: expect.stringMatching(/size 5000/) });
  });
});

describe('what each step asserts', () => {
  test("a step without expect asserts the engine's result; with expect, the scenario's", () => {
    const c = text(
      scenario([
        { op: 'open_device', as: 'luo' },
        { op: 'create_session', device: 'luo', name: 'a', as: 's' },
        { op: 'create_session', device: 'luo', name: 'a', as: 't' },
        { op: 'create_session', device: 'luo', name: 'b', as: 'u', expect: 'EEXIST' },
      ]),
    );
    expect(c).toMatch(/\{ \.i = 1, \.op = OP_CREATE_SESSION, [^}]*\.len = 1 \}/); // ok: no .expect
    expect(c).toMatch(/\{ \.i = 2, [^}]*\.expect = EEXIST \}/);
    expect(c).toMatch(/\{ \.i = 3, [^}]*\.expect = EEXIST \}/);
    expect(c).toContain("luoscope's engine disagrees at steps[3] create_session: expected EEXIST, got ok");
  });

  test('read checks the data the engine read when the step has none; get_name the name; per profile', () => {
    const steps: Step[] = [
      { op: 'open_device', as: 'luo' },
      { op: 'create_session', device: 'luo', name: 'vm', as: 's' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'abc' },
      { op: 'write', fd: 'm', data: 'X' },
      { op: 'read', fd: 'm' },
      { op: 'get_name', session: 's' },
    ];
    const c = text(scenario(steps));
    expect(c).toMatch(/\.i = 4, \.op = OP_READ, [^}]*\.want = "Xbc", \.want_len = 3 \}/);
    expect(c).toMatch(/\.i = 5, \.op = OP_GET_NAME, [^}]*\.want = "vm", \.want_len = 2 \}/);
    const old = text(scenario(steps, { profile: '7.1', patches: [], liveupdate: true }));
    expect(old).toMatch(/\.i = 5, \.op = OP_GET_NAME, [^}]*\.expect = EINVAL \}/);
    expect(old).not.toMatch(/\.i = 5, [^}]*\.want/);
  });

  test('tokens are u64, sizes and reserved map onto the struct fields', () => {
    const c = text(
      scenario([
        { op: 'open_device', as: 'luo' },
        { op: 'create_session', device: 'luo', name: 'a', as: 's' },
        { op: 'create_file', kind: 'memfd', as: 'm' },
        { op: 'preserve_fd', session: 's', fd: 'm', token: '0xFFFFFFFFFFFFFFFF', size: 15 },
        { op: 'get_name', session: 's', reserved: 7, size: 72 },
      ]),
    );
    expect(c).toMatch(/\.i = 3, [^}]*\.token = 0xffffffffffffffffULL, \.sized = 1, \.size = 15U, \.expect = EINVAL \}/);
    expect(c).toMatch(/\.i = 4, [^}]*\.reserved = 7U, \.sized = 1, \.size = 72U, \.expect = EINVAL \}/);
  });
});

describe('file layout', () => {
  test('one stage per boot; the kexec steps are the boundaries', () => {
    expect(splitStages(lib('two-kexecs-in-a-row').steps).map((s) => [s.n, s.after, s.steps.length])).toEqual([
      [1, undefined, 4],
      [2, 4, 10],
      [3, 15, 6],
    ]);
    const c = text(lib('two-kexecs-in-a-row'));
    expect(c).toContain('static const struct step *const stages[] = { stage1, stage2, stage3 };');
    expect(c).toContain('/* stage 3: after kexec 2 (steps[15]) */');
  });

  test('the header names the scenario, the profile and a link that reproduces it', () => {
    const s = lib('kexec-simple');
    const c = text(s);
    expect(c.startsWith(`// ${SPDX_GPL2}\n/*\n * luo_one_memfd_across_a_kexec_test.c - a kernel selftest exported by luoscope`)).toBe(true);
    expect(SPDX_GPL2).toBe(['SPDX-License', 'Identifier: GPL-2.0'].join('-'));
    expect(c).toContain(` * Scenario: ${s.title}`);
    expect(c).toContain(" * Kernel profile: latest → v1-latest (v1 'latest' (7.2-rc next tree, without the three late fixes)); LUO on (liveupdate=on); modules at boot: memfd, test-flbs");
    expect(c).toContain("asserts what luoscope's engine returned for it");
    const link = /Reproduce in luoscope: (\S+)/.exec(c)![1]!;
    const decoded = decodeShare(link.slice(link.indexOf('#') + 1));
    expect(decoded.ok && decoded.scenario.steps).toEqual(s.steps);
    expect(c).toContain('#include <linux/liveupdate.h>');
    expect(c).toContain('#ifndef LIVEUPDATE_IOCTL_CREATE_SESSION');
    expect(c).toContain('LIVEUPDATE_SESSION_PRESERVE_FD');
  });

  test('C strings: escapes, UTF-8 bytes, no trigraphs; file names', () => {
    expect(cString('a"b\\c\n?é')).toBe('"a\\"b\\\\c\\012\\?\\303\\251"');
    expect(cFileName('A memfd survives a kexec!')).toBe('luo_a_memfd_survives_a_kexec_test.c');
    expect(cFileName(undefined)).toBe('luo_scenario_test.c');
  });

  test('a comment end in a title or note cannot close the header comment', () => {
    const c = text({ ...scenario([{ op: 'open_device', as: 'luo', note: 'x */ y' }]), title: 'a */ b' });
    expect(c).toContain(' * Scenario: a * / b');
    expect(c).toContain('/* x * / y */');
  });
});

import { describe, expect, it } from 'vitest';
import type { LuoEvent } from '../engine/events';
import { runScenario } from '../engine/run';
import type { Scenario, Step } from '../scenario/types';
import { validateScenario } from '../scenario/validate';
import { alignedPosition, alignStep, stepOfPosition, stepSpan } from './align';
import { applyKernel, checkKernel, describeKernel, kernelOf, readKernel, sameKernel, type CompareKernel } from './config';
import { compareRuns, firstDivergence, realRows } from './diverge';
import { explainRow, viewsBefore, explainedEvents } from './explain';

const scenario = (steps: Step[], kernel: Scenario['kernel'] = { profile: '7.0' }, modules = ['memfd']): Scenario => ({ format: 'luoscope-scenario', version: 2, kernel, boot: { modules }, steps });

function both(s: Scenario, b: Partial<CompareKernel>) {
  const v = validateScenario(s);
  if (!v.ok) throw new Error(v.issues[0]!.message);
  const kb = { ...kernelOf(v.scenario), ...b };
  const checked = checkKernel(v.scenario, kb);
  if (!checked.ok) throw new Error(checked.message);
  const ra = runScenario(v.scenario);
  const rb = runScenario(checked.scenario);
  return { a: ra.events, b: rb.events, c: compareRuns(ra.events, rb.events, s.steps.length, s.steps.map((x) => x.op)) };
}

// fake events: only `step` matters for alignment
const evs = (steps: number[]): LuoEvent[] => steps.map((step, seq) => ({ type: 'warn', message: '', seq, step, gen: 0 }));

describe('config', () => {
  it('overrides kernel and boot modules only, and keeps a kexec step that names its own kernel', () => {
    const s = scenario([{ op: 'kexec', profile: '7.2' }, { op: 'kexec' }]);
    const b = applyKernel(s, { profile: '6.19', patches: ['finish-reserved'], modules: ['memfd', 'hugetlb'], liveupdate: false });
    expect(b.kernel).toEqual({ profile: '6.19', patches: ['finish-reserved'], liveupdate: false });
    expect(b.boot).toEqual({ modules: ['memfd', 'hugetlb'] });
    expect(b.steps).toEqual(s.steps);
    expect(s.kernel).toEqual({ profile: '7.0' });
  });

  it('names an unknown module or profile, and reads kernels from outside defensively', () => {
    const bad = checkKernel(scenario([]), { profile: '7.1', patches: [], modules: ['nope'], liveupdate: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/nope/);
    expect(readKernel({ profile: '7.9' })).toMatch(/profile "7.9"/);
    expect(readKernel({ profile: '7.1', extra: 1 })).toMatch(/"extra" is not a kernel field/);
    expect(readKernel({ profile: '7.1', patches: ['x'] })).toMatch(/patches/);
    expect(readKernel(null)).toMatch(/not an object/);
    expect(readKernel({ profile: '7.1' })).toEqual({ profile: '7.1', patches: [], modules: ['memfd'], liveupdate: true });
    expect(describeKernel({ profile: 'latest', patches: ['lock-api-v6'], modules: ['memfd'], liveupdate: false }, 2)).toBe('latest (7.3) + lock-api-v6 · memfd · liveupdate=off');
    expect(sameKernel({ profile: '7.1', patches: [], modules: ['memfd'], liveupdate: true }, { profile: '7.1', patches: [], modules: ['memfd', 'hugetlb'], liveupdate: true })).toBe(false);
  });
});

describe('alignment', () => {
  it('pairs events of a step by their place in it, whatever the counts', () => {
    const a = evs([-1, -1, 0, 0, 0, 1, 1]);
    const b = evs([-1, -1, 0, 0, 0, 0, 0, 1]);
    expect(stepSpan(a, 0)).toEqual([2, 5]);
    expect(stepSpan(b, 0)).toEqual([2, 7]);
    expect(stepSpan(a, 2)).toEqual([7, 7]);
    expect(alignStep(a, b, 0)).toEqual([{ a: 2, b: 2 }, { a: 3, b: 3 }, { a: 4, b: 4 }, { a: null, b: 5 }, { a: null, b: 6 }]);
    expect(alignStep(a, b, 1)).toEqual([{ a: 5, b: 7 }, { a: 6, b: null }]);
  });

  it('moves B by step, and by event within a step while both have one', () => {
    const a = evs([-1, -1, 0, 0, 0, 1, 1]);
    const b = evs([-1, -1, 0, 0, 0, 0, 0, 1]);
    expect(alignedPosition(a, b, 0)).toBe(0);
    expect(alignedPosition(a, b, 1)).toBe(1);
    expect(alignedPosition(a, b, 3)).toBe(3); // one event of step 0 applied on each side
    expect(alignedPosition(a, b, 4)).toBe(4);
    expect(alignedPosition(a, b, 5)).toBe(7); // A's step 0 ended: so does B's (its two extra events too)
    expect(alignedPosition(a, b, 6)).toBe(8); // A's step 1 has 2 events, B's 1: B waits at its end
    expect(alignedPosition(a, b, 7)).toBe(8);
    // and the other way round: B shorter in step 0
    expect(alignedPosition(b, a, 5)).toBe(5);
    expect(alignedPosition(b, a, 6)).toBe(5);
    expect(alignedPosition(b, a, 7)).toBe(5);
    expect(stepOfPosition(a, 0)).toBe(-1);
    expect(stepOfPosition(a, 5)).toBe(0);
  });

  it('keeps B at the same step when one run halts (B panicked at a kexec: fewer events per step)', () => {
    const memfd: Step[] = [
      { op: 'open_device', as: 'luo' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'x' },
      { op: 'preserve_fd', session: 's1', fd: 'm', token: 1 },
      { op: 'kexec', profile: '7.2' },
      { op: 'open_device', as: 'luo' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1' },
    ];
    const { a, b } = both(scenario(memfd, { profile: '7.2' }), { profile: '6.19' });
    for (let pos = 0; pos <= a.length; pos++) {
      const pb = alignedPosition(a, b, pos);
      expect(stepOfPosition(b, pb), `A at ${pos}`).toBeLessThanOrEqual(stepOfPosition(a, pos));
      if (pos === stepSpan(a, stepOfPosition(a, pos))[1]) expect(stepOfPosition(b, pb)).toBe(stepOfPosition(a, pos));
    }
    expect(alignedPosition(a, b, a.length)).toBe(b.length);
  });
});

describe('divergence rules', () => {
  const doublePreserve: Step[] = [
    { op: 'open_device', as: 'luo' },
    { op: 'create_session', device: 'luo', name: 'a', as: 'a' },
    { op: 'create_session', device: 'luo', name: 'b', as: 'b' },
    { op: 'create_file', kind: 'memfd', as: 'm' },
    { op: 'preserve_fd', session: 'a', fd: 'm', token: 1 },
    { op: 'preserve_fd', session: 'b', fd: 'm', token: 1 },
  ];

  it('finds nothing in identical runs', () => {
    const { c } = both(scenario(doublePreserve, { profile: '7.1' }), {});
    expect(c.rows).toEqual([]);
    expect(firstDivergence(c)).toBeNull();
    const same = both(scenario(doublePreserve, { profile: '7.2' }), { profile: '7.3' });
    expect(same.c.rows).toEqual([]);
  });

  it('result, callbacks (which ones) and counts: a double preserve on 6.19 against 7.1', () => {
    const { c } = both(scenario(doublePreserve, { profile: '6.19' }), { profile: '7.1' });
    const first = c.rows[0]!;
    // 7.1 asks get_id() in the first preserve already: a callback only B runs (an expected API
    // difference: a row, but not the first divergence)
    expect(first.step).toBe(4);
    expect(first.expected).toEqual(['get_id']);
    expect(first.kinds).toEqual(['callbacks']);
    expect(first.onlyA).toEqual([]);
    expect(first.onlyB).toEqual(['handler memfd-v1 get_id ("a", token 1) ok']);
    const row = c.rows.find((r) => r.step === 5)!;
    expect(row.kinds).toEqual(['result', 'callbacks', 'counts']);
    expect([row.a.result, row.b.result]).toEqual(['ok', 'EBUSY']);
    expect(row.onlyA).toEqual(['handler memfd-v1 preserve ("b", token 1) ok']);
    expect(row.counts).toEqual([{ what: 'session "b" files (gen 0, outgoing)', a: 1, b: 0 }]);
    expect(firstDivergence(c)).toBe(row);
  });

  it('callbacks in another order count, and so do FLB counts: get/put against _locked/_unlock', () => {
    const steps: Step[] = [
      { op: 'open_device', as: 'luo' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1' },
      { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram' },
      { op: 'preserve_fd', session: 's1', fd: 'ram', token: 1 },
      { op: 'kexec' },
      { op: 'open_device', as: 'luo' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1' },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'ram' },
      { op: 'flb_get_incoming', flb: 'hugetlb-v1' },
      { op: 'finish', session: 's1' },
      { op: 'flb_put_incoming', flb: 'hugetlb-v1' },
    ];
    const { c } = both(scenario(steps, { profile: '7.3', patches: ['lock-api-v6'] }, ['memfd', 'hugetlb']), { patches: [] });
    expect(c.rows.map((r) => [r.step, r.kinds])).toEqual([
      [8, ['counts']],
      [9, ['callbacks', 'counts']],
      [10, ['callbacks']],
    ]);
    expect(c.rows[0]!.counts).toEqual([{ what: 'FLB hugetlb-v1 incoming count (gen 1)', a: 1, b: 2 }]);
    expect(c.rows[1]!.onlyA).toEqual(['flb hugetlb-v1 finish ("vm1", token 1)']);
    expect(c.rows[2]!.onlyB).toEqual(['flb hugetlb-v1 finish']);
  });

  it('a reordered callback sequence is a divergence with nothing only on one side', () => {
    const mk = (order: string[]): LuoEvent[] => [
      { type: 'step', op: 'close', text: '', seq: 0, step: 0, gen: 0 },
      ...order.map((c, i): LuoEvent => ({ type: 'callback', owner: 'handler', compatible: 'memfd-v1', callback: c, seq: i + 1, step: 0, gen: 0 })),
      { type: 'result', op: 'close', result: 'ok', seq: 9, step: 0, gen: 0 },
    ];
    const c = compareRuns(mk(['unpreserve', 'finish']), mk(['finish', 'unpreserve']), 1);
    expect(c.rows).toHaveLength(1);
    expect(c.rows[0]).toMatchObject({ kinds: ['callbacks'], onlyA: [], onlyB: [], reordered: true, op: 'close' });
  });

  it('a kernel that panics, then halts: 6.19 → 7.2 against 7.2 → 7.2', () => {
    const steps: Step[] = [
      { op: 'open_device', as: 'luo' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'x' },
      { op: 'preserve_fd', session: 's1', fd: 'm', token: 1 },
      { op: 'kexec', profile: '7.2' },
      { op: 'open_device', as: 'luo' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1' },
    ];
    const { a, b, c } = both(scenario(steps, { profile: '6.19' }), { profile: '7.2' });
    const kexec = c.rows.find((r) => r.step === 4)!;
    expect(kexec.kinds).toContain('panic');
    expect(kexec.a.panicAt).toBeGreaterThan(0);
    expect(a[kexec.a.panicAt]!.type).toBe('panic');
    expect(kexec.b.panicAt).toBe(-1);
    const halted = c.rows.filter((r) => r.kinds.includes('halt')).map((r) => [r.step, r.a.result, r.b.result]);
    expect(halted).toEqual([
      [5, 'halted', 'ok'],
      [6, 'halted', 'ok'],
    ]);
    expect(b.some((e) => e.type === 'panic')).toBe(false);
  });

  it('explains both sides of a row, naming the kernel function', () => {
    const { a, b, c } = both(scenario(doublePreserve, { profile: '6.19' }), { profile: '7.1' });
    const row = c.rows.find((r) => r.step === 5)!;
    const ex = explainRow(row, { events: a, before: viewsBefore(a, explainedEvents(row.a)) }, { events: b, before: viewsBefore(b, explainedEvents(row.b)) });
    expect(ex.b[0]!.text).toMatch(/EBUSY/);
    expect(ex.b[0]!.kernel).toMatch(/luo_preserve_file|PRESERVE_FD/);
    expect(ex.a[0]!.kernel).toMatch(/PRESERVE_FD/);
    expect(ex.a).toHaveLength(2); // the result, and the preserve() only 6.19 ran
    expect(ex.a[1]!.kernel).toMatch(/preserve/);
  });
});

describe('expected API differences (get_id from 7.1 on)', () => {
  const twice: Step[] = [
    { op: 'open_device', as: 'luo' },
    { op: 'create_session', device: 'luo', name: 'a', as: 'a' },
    { op: 'create_session', device: 'luo', name: 'b', as: 'b' },
    { op: 'create_file', kind: 'memfd', as: 'm', data: 'x' },
    { op: 'preserve_fd', session: 'a', fd: 'm', token: 1 },
    { op: 'preserve_fd', session: 'b', fd: 'm', token: 1 },
  ];

  it('a step that differs only by get_id is marked expected; one that also differs otherwise is a real divergence', () => {
    const { c } = both(scenario(twice), { profile: '7.1' });
    const first = c.rows.find((r) => r.step === 4)!;
    expect(first.kinds).toEqual(['callbacks']);
    expect(first.onlyB[0]).toMatch(/^handler memfd-v1 get_id /);
    expect(first.expected).toEqual(['get_id']);
    const second = c.rows.find((r) => r.step === 5)!;
    expect(second.kinds).toContain('result');
    expect(second.expected).toBeNull();
    // the first divergence is the real one; the get_id row stays a row
    expect(firstDivergence(c)).toBe(second);
    expect(realRows(c)).toEqual([second]);
    expect(c.rows).toHaveLength(2);
  });

  it('with no real divergence, the first difference is the expected one', () => {
    const { c } = both(scenario(twice.slice(0, 5)), { profile: '7.1' });
    expect(realRows(c)).toEqual([]);
    expect(firstDivergence(c)?.step).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/run';
import { validateScenario } from '../scenario/validate';
import { TOURS } from './index';
import { eventsOf, resolveTour } from './resolve';
import { checkKernel } from '../compare/config';
import { compareRuns } from '../compare/diverge';
import { swapSides } from './data/design-debates';

describe.each(TOURS.map((t) => [t.id, t] as const))('tour %s', (_id, tour) => {
  it('every awaited event happens, in order', () => {
    const r = resolveTour(tour);
    if (!r.ok) throw new Error(r.message);
    expect(r.stops).toHaveLength(tour.stops.length);
    for (let i = 1; i < r.stops.length; i++) {
      const a = r.stops[i - 1]!;
      const b = r.stops[i]!;
      if (a.scenario === b.scenario) expect(b.position, `stop ${i + 1}`).toBeGreaterThanOrEqual(a.position);
    }
    r.stops.forEach((s, i) => {
      const w = tour.stops[i]!.waitFor;
      if (w) expect(eventsOf(tour, s.scenario)[s.position - 1]!.type).toBe(w.type);
    });
  });

  it('runs scenarios that are valid and meet their expectations, with no violation', () => {
    for (const [key, s] of Object.entries(tour.scenarios)) {
      expect(validateScenario(s).ok, key).toBe(true);
      const run = runScenario(s);
      expect(run.steps.filter((x) => !x.met).map((x) => `${key} step ${x.i}: ${x.message}`)).toEqual([]);
      expect(run.violations).toEqual([]);
    }
  });

  it('has well-formed predictions and stops', () => {
    expect(tour.stops.length).toBeGreaterThanOrEqual(5);
    for (const st of tour.stops) {
      expect(st.text.length).toBeGreaterThan(40);
      if (st.predict) {
        expect(st.predict.answer).toBeGreaterThanOrEqual(0);
        expect(st.predict.answer).toBeLessThan(st.predict.choices.length);
        expect(st.waitFor, `"${st.title}" predicts, so it must wait for the event it reveals`).toBeDefined();
      }
      if (st.scenario) expect(tour.scenarios[st.scenario]).toBeDefined();
      if (st.compare) {
        expect(tour.scenarios[st.compare.left]).toBeDefined();
        expect(tour.scenarios[st.compare.right]).toBeDefined();
      }
      if (st.compareWith) expect(st.compareWith.aLabel.length * st.compareWith.bLabel.length).toBeGreaterThan(0);
    }
  });
});

it('compare-mode stops run a kernel B that fits their scenario and differs from it', () => {
  for (const tour of TOURS) {
    let key = tour.start;
    for (const st of tour.stops) {
      key = st.scenario ?? key;
      if (!st.compareWith) continue;
      const v = validateScenario(tour.scenarios[key]);
      if (!v.ok) throw new Error(v.issues[0]!.message);
      const b = checkKernel(v.scenario, st.compareWith.b);
      if (!b.ok) throw new Error(b.message);
      const ra = runScenario(v.scenario);
      const rb = runScenario(b.scenario);
      expect(compareRuns(ra.events, rb.events, v.scenario.steps.length).rows.length, `${tour.id}: ${st.title}`).toBeGreaterThan(0);
    }
  }
});

it('tour ids are unique', () => {
  expect(new Set(TOURS.map((t) => t.id)).size).toBe(TOURS.length);
});

it('the design debates run the get/put and refcount comparisons the other way round, and say so (#14)', () => {
  expect(swapSides('Hot-unplug. A: pci-v1 unpreserve() runs. B: count 2 → 1, it stays.')).toBe('Hot-unplug. A: count 2 → 1, it stays. B: pci-v1 unpreserve() runs.');
  expect(swapSides('Nothing here names a side.')).toBe('Nothing here names a side.');
  const tour = TOURS.find((t) => t.id === 'design-debates')!;
  const getput = tour.scenarios.getput!;
  // A is 7.3 without the lock-api-v6 patch: get/put
  expect(getput.kernel?.patches).toEqual([]);
  expect(getput.title).toBe('FLB get/put against _locked/_unlock');
  const noteOf = (op: string) => getput.steps.find((s) => s.op === op)!.note!;
  expect(noteOf('flb_get_incoming')).toMatch(/^A: get_incoming, count 1 \+ 1 reference\. B: liveupdate_flb_incoming_locked\(\)/);
  expect(noteOf('flb_put_incoming')).toMatch(/^A: the last reference: finish\(\) runs now\. B: _unlock\(\)/);
  const refs = tour.scenarios.refs!;
  expect(refs.kernel?.patches).toEqual(['flb-outgoing-refcount']);
  expect(refs.steps.find((s) => s.op === 'flb_put_outgoing')!.note).toMatch(/^A: the last put runs unpreserve\(\)\. B: 7\.1 has no put_outgoing/);
});

import { describe, expect, it } from 'vitest';
import { createEngine, type StepOutcome } from './engine';
import type { LuoEvent } from './events';
import { cloneEngineState } from './snapshot';
import { LIBRARY } from '../scenario/library/index';
import type { Scenario } from '../scenario/types';
import { validateScenario } from '../scenario/validate';

const strip = (e: LuoEvent) => ({ ...e, seq: 0 });

/** Run the steps after `cut` on a restored copy taken at `cut`, and on the original. */
function fromCopy(s: Scenario, cut: number) {
  const a = createEngine(s);
  while (a.next < cut) a.step();
  const copy = cloneEngineState(a.state());
  const restOf = (e: ReturnType<typeof createEngine>) => {
    const from = e.events.length;
    const out: StepOutcome[] = [];
    while (!e.done) out.push(e.step());
    return { out, events: e.events.slice(from).map(strip), violations: e.violations.length };
  };
  const original = restOf(a);
  const b = createEngine(s);
  b.restore(copy);
  const restored = restOf(b);
  return { original, restored };
}

describe('engine snapshot (cloneEngineState)', () => {
  const scenarios = LIBRARY.filter((e) => e.scenario.steps.length < 200).map((e) => {
    const r = validateScenario(e.scenario);
    if (!r.ok) throw new Error(e.id);
    return [e.id, r.scenario] as const;
  });

  it.each(scenarios)('a restored copy of %s goes on exactly as the original', (_id, s) => {
    for (const cut of [0, Math.floor(s.steps.length / 3), Math.floor((2 * s.steps.length) / 3)]) {
      const { original, restored } = fromCopy(s, cut);
      expect(restored.out).toEqual(original.out);
      expect(restored.events).toEqual(original.events);
    }
  });

  it('shares nothing the engine changes: running the copy leaves the original as it was', () => {
    const s = LIBRARY.find((e) => e.id === 'flb-across-kexec')!.scenario;
    const a = createEngine(s);
    while (a.next < 8) a.step();
    const before = JSON.stringify([...a.kernel.agent.files.values()]) + JSON.stringify(a.kernel.outgoing.map((x) => ({ ...x, files: x.files.map((f) => ({ ...f, handler: f.handler.compatible, token: String(f.token) })) })));
    const b = createEngine(s);
    b.restore(cloneEngineState(a.state()));
    while (!b.done) b.step();
    const after = JSON.stringify([...a.kernel.agent.files.values()]) + JSON.stringify(a.kernel.outgoing.map((x) => ({ ...x, files: x.files.map((f) => ({ ...f, handler: f.handler.compatible, token: String(f.token) })) })));
    expect(after).toBe(before);
  });

  it('keeps identities: a file names the same handler object as the list, a session is one object in every map', () => {
    const s = LIBRARY.find((e) => e.id === 'flb-across-kexec')!.scenario;
    const a = createEngine(s);
    while (a.next < 8) a.step();
    const c = cloneEngineState(a.state()).kernel;
    for (const sess of c.outgoing) {
      expect(c.sessions.get(sess.sid)).toBe(sess);
      expect(c.outgoingByName.get(sess.name)).toBe(sess);
      for (const lf of sess.files) expect(c.handlers).toContain(lf.handler);
    }
    for (const h of c.handlers) for (const f of h.flbs) expect(c.flbs.get(f.compatible)).toBe(f);
  });
});

import { describe, expect, it } from 'vitest';
import { createEngine, type EngineState } from '../engine/engine';
import { cloneEngineState } from '../engine/snapshot';
import { decodeShare } from '../scenario/share';
import { validateScenario } from '../scenario/validate';
import { buildActions, buildPools, enabled, openNames } from './actions';
import { explore } from './explore';
import { EMPTY_GHOST, type Ghost } from './ghost';
import { advanceGhost, goalMet, kexecContents, newTally, preservedCount, tallyEvent, resetTally, type Transition } from './properties';
import { validateScope, type ResolvedScope } from './scope';
import { createSearch, scopeScenario } from './search';
import { PRESETS } from './presets';

function scopeOf(extra: object): ResolvedScope {
  const r = validateScope({ format: 'luoscope-scope', version: 1, ...extra });
  if (!r.ok) throw new Error(r.issues[0]!.message);
  return r.scope;
}

/** Every path of enabled steps up to `depth`, without merging states: the first depth each goal is met at. */
function bruteForce(scope: ResolvedScope, depth: number): Map<string, number> {
  const pools = buildPools(scope);
  const actions = buildActions(scope, pools);
  const scen = scopeScenario(scope);
  const tally = newTally();
  const e = createEngine(scen, { keepEvents: false, onEvent: (ev) => tallyEvent(tally, ev) });
  const open = new Uint8Array(pools.names.length);
  const first = new Map<string, number>();
  const walk = (st: EngineState, ghost: Ghost, d: number) => {
    if (d === depth) return;
    openNames(ghost, pools, open);
    for (const ai of [...enabled(st, ghost, scope, actions, open, [])]) {
      e.restore(cloneEngineState(st));
      const a = actions[ai]!;
      const c = a.op === 'kexec' ? kexecContents(e.kernel) : null;
      const before = preservedCount(e.kernel);
      scen.steps[e.next] = a.step;
      resetTally(tally);
      const out = e.step();
      const after = cloneEngineState(e.state());
      const g = advanceGhost(ghost, after, a.step, out, c);
      const t: Transition = { st: after, ghostBefore: ghost, ghost: g, step: a.step, outcome: out, tally, violations: [], preservedBefore: before, preservedAfter: preservedCount(after.kernel) };
      for (const goal of scope.goals) if (goalMet(goal, t) !== null && (first.get(goal.id) ?? Infinity) > d + 1) first.set(goal.id, d + 1);
      walk(after, g, d + 1);
    }
  };
  walk(cloneEngineState(e.state()), EMPTY_GHOST, 0);
  return first;
}

describe('breadth-first search', () => {
  const goals = [
    { id: 'preserved', step: { op: 'preserve_fd', result: 'ok' } },
    { id: 'busy', step: { op: 'open_device', result: 'EBUSY' } },
    { id: 'noent', step: { op: 'retrieve_session', result: 'ENOENT' } },
    { id: 'kexec', step: { op: 'kexec', result: 'ok' } },
    { id: 'closed', step: { op: 'close', result: 'ok' } },
    { id: 'missing-token', step: { op: 'retrieve_fd', result: 'ENOENT' } },
  ];

  it('gives every goal its shortest path (the same lengths as trying every path)', () => {
    const scope = scopeOf({ sessions: 1, files: [{ kind: 'memfd' }], kexecs: 1, depth: 5, ops: ['open_device', 'create_session', 'create_file', 'preserve_fd', 'close', 'kexec', 'retrieve_session', 'retrieve_fd', 'dup'], goals });
    const expected = bruteForce(scope, 5);
    const r = explore(scope);
    const got = new Map(r.goals.map((g) => [g.id, g.length]));
    expect(expected.size).toBeGreaterThanOrEqual(5);
    expect(got).toEqual(expected);
    expect(got.get('preserved')).toBe(4); // open, create_session, create_file, preserve_fd
    for (const g of r.goals) expect(g.reproduced).toBe(true);
  });

  it('turns each finding into a valid scenario (v2, every result expected) with a link that opens it at the step', () => {
    const scope = scopeOf({ sessions: 1, files: [{ kind: 'memfd' }], depth: 6, goals });
    const r = explore(scope, { shareBase: 'http://127.0.0.1:4315/' });
    const g = r.goals.find((x) => x.id === 'preserved')!;
    expect(validateScenario(g.scenario).ok).toBe(true);
    expect(g.scenario).toMatchObject({ format: 'luoscope-scenario', version: 2, kernel: { profile: 'latest' }, boot: { modules: ['memfd'] } });
    expect(g.scenario.steps.map((s) => s.op)).toEqual(['open_device', 'create_session', 'create_file', 'preserve_fd']);
    expect(g.scenario.steps.every((s) => s.expect === 'ok')).toBe(true);
    expect(g.index).toBe(3);
    expect(g.link.startsWith('http://127.0.0.1:4315/#s=')).toBe(true);
    const d = decodeShare(g.link.slice(g.link.indexOf('#') + 1));
    expect(d).toMatchObject({ ok: true, step: 3 }); // decodeShare gives the index
    if (d.ok) expect(d.scenario.steps).toEqual(g.scenario.steps);
  });

  it('says honestly how far it went: the whole space, the depth bound, or the state bound', () => {
    const small = explore(scopeOf({ sessions: 1, files: [], kexecs: 0, ops: ['open_device', 'close'], depth: 20 }));
    expect(small.stop).toBe('exhausted');
    expect(small.states).toBe(2); // device closed, device open
    expect(small.summary).toBe('no violation in any ordering (all 2 states explored)');
    const cut = explore(scopeOf({ sessions: 2, files: [{ kind: 'memfd' }], depth: 3 }));
    expect(cut.stop).toBe('depth');
    expect(cut.summary).toMatch(/^no violation within depth 3, \d+ states$/);
    const capped = explore(scopeOf({ sessions: 2, files: [{ kind: 'memfd' }], depth: 30 }), { maxStates: 50 });
    expect(capped.stop).toBe('max-states');
    expect(capped.states).toBe(50);
    expect(capped.complete).toBe(false);
    expect(capped.summary).toMatch(/^no violation within 50 states \(the state bound; depth \d+ reached\)$/);
  });

  it('runs in slices and can be cancelled', () => {
    let t = 0;
    const s = createSearch(scopeOf({ sessions: 2, files: [{ kind: 'memfd' }, { kind: 'memfd' }], depth: 30 }), { now: () => (t += 1) });
    expect(s.run(4)).toBe(false);
    const p = s.progress();
    expect(p.states).toBeGreaterThan(1);
    expect(p.done).toBe(false);
    s.cancel();
    expect(s.run(4)).toBe(true);
    expect(s.progress().stop).toBe('cancelled');
  });

  it('finds nothing wrong in the plain life cycle of two sessions and two memfds', () => {
    const r = explore(scopeOf({ sessions: 2, files: [{ kind: 'memfd' }, { kind: 'memfd' }], depth: 7 }));
    expect(r.violations).toEqual([]);
    expect(r.states).toBeGreaterThan(500);
  });

  it.each(PRESETS.map((p) => [p.id, p.scope] as const))('a step with no event changes nothing (checked on %s)', (_id, preset) => {
    const r = validateScope({ ...preset, maxStates: 1500 });
    if (!r.ok) throw new Error(r.issues[0]!.message);
    const s = createSearch(r.scope, { verifyQuiet: true });
    expect(() => s.run()).not.toThrow();
    expect(s.progress().states).toBeGreaterThan(50);
  });
});

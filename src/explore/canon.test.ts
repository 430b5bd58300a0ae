import { describe, expect, it } from 'vitest';
import { createEngine, type EngineState } from '../engine/engine';
import { cloneEngineState } from '../engine/snapshot';
import type { Step } from '../scenario/types';
import { buildActions, buildPools, enabled, openNames } from './actions';
import { createCanonizer } from './canon';
import { EMPTY_GHOST, type Ghost } from './ghost';
import { advanceGhost, kexecContents } from './properties';
import { validateScope, type ResolvedScope } from './scope';
import { scopeScenario } from './search';

function scopeOf(extra: object = {}): ResolvedScope {
  const r = validateScope({ format: 'luoscope-scope', version: 1, sessions: 2, files: [{ kind: 'memfd' }, { kind: 'memfd' }], kexecs: 1, ops: ['open_device', 'create_session', 'create_file', 'preserve_fd', 'close', 'kexec', 'retrieve_session', 'retrieve_fd', 'finish', 'write', 'exit_agent'], ...extra });
  if (!r.ok) throw new Error(r.issues[0]!.message);
  return r.scope;
}

/** The explorer's view of a state reached by `steps`: its engine state and ghost. */
function reach(scope: ResolvedScope, steps: Step[]): { st: EngineState; ghost: Ghost } {
  const scen = scopeScenario(scope);
  scen.steps = steps;
  const e = createEngine(scen, { keepEvents: false });
  let ghost = EMPTY_GHOST;
  for (const s of steps) {
    const c = s.op === 'kexec' ? kexecContents(e.kernel) : null;
    const out = e.step();
    ghost = advanceGhost(ghost, e.state(), s, out, c);
  }
  return { st: e.state(), ghost };
}

const open = { op: 'open_device', as: 'luo' } as const;
const session = (i: number) => ({ op: 'create_session', device: 'luo', name: `vm${i}`, as: `s${i}` }) as const;
const file = (j: number) => ({ op: 'create_file', kind: 'memfd', as: `f${j}`, data: 'abc' }) as const;
const preserve = (i: number, j: number, t: number) => ({ op: 'preserve_fd', session: `s${i}`, fd: `f${j}`, token: t }) as const;

describe('canonical state form', () => {
  const scope = scopeOf();
  const canon = createCanonizer(scope, buildPools(scope));
  const key = (steps: Step[]) => {
    const { st, ghost } = reach(scope, steps);
    return canon.key(st, ghost);
  };

  it('is the same for states equal up to renaming sessions, files and tokens', () => {
    expect(key([open, session(1), file(1), preserve(1, 1, 1)])).toBe(key([open, session(2), file(2), preserve(2, 2, 2)]));
    expect(key([open, session(1), session(2)])).toBe(key([open, session(2), session(1)]));
    expect(key([open, session(1), file(1), file(2), preserve(1, 1, 2), preserve(1, 2, 1)])).toBe(key([open, session(1), file(1), file(2), preserve(1, 1, 1), preserve(1, 2, 2)]));
  });

  it('ignores what the engine only counts: event numbers, addresses, file and session ids', () => {
    // a session created and closed first bumps every id and address after it
    const detour: Step[] = [open, session(1), file(1), preserve(1, 1, 1), { op: 'close', fd: 's1' }, { op: 'close', fd: 'f1' }, { op: 'close', fd: 'luo' }];
    expect(key([...detour, open, session(1), file(1), preserve(1, 1, 1)])).toBe(key([open, session(1), file(1), preserve(1, 1, 1)]));
  });

  it('tells apart what matters: data, fd numbers, list order, which file is where', () => {
    const a = key([open, session(1), file(1), preserve(1, 1, 1)]);
    expect(key([open, session(1), file(1), { op: 'write', fd: 'f1', data: 'xyz' }, preserve(1, 1, 1)])).not.toBe(a);
    expect(key([file(1), open, session(1), preserve(1, 1, 1)])).not.toBe(a); // other fd numbers
    expect(key([open, session(1), session(2), file(1), preserve(1, 1, 1)])).not.toBe(key([open, session(1), session(2), file(1), preserve(2, 1, 1)])); // the file in the first or the second session created
    expect(key([open, session(1), file(1), file(2), preserve(1, 1, 1), preserve(1, 2, 1)])).not.toBe(key([open, session(1), file(1), file(2), preserve(1, 1, 1), preserve(1, 2, 2)]));
  });

  it('keeps sessions, files and tokens apart without symmetry', () => {
    const plain = scopeOf({ symmetry: false });
    const c = createCanonizer(plain, buildPools(plain));
    const k = (steps: Step[]) => {
      const { st, ghost } = reach(plain, steps);
      return c.key(st, ghost);
    };
    expect(k([open, session(1), file(1), preserve(1, 1, 1)])).not.toBe(k([open, session(2), file(2), preserve(2, 2, 2)]));
  });

  it('files of another kind or data are not interchangeable', () => {
    const mixed = scopeOf({ files: [{ kind: 'memfd' }, { kind: 'memfd', data: 'zz' }] });
    const c = createCanonizer(mixed, buildPools(mixed));
    const k = (steps: Step[]) => {
      const { st, ghost } = reach(mixed, steps);
      return c.key(st, ghost);
    };
    expect(k([open, session(1), file(1), preserve(1, 1, 1)])).not.toBe(k([open, session(1), { op: 'create_file', kind: 'memfd', as: 'f2', data: 'zz' }, preserve(1, 2, 1)]));
  });

  // Soundness: states with one canonical form have the same futures. From random walks, every
  // pair of different states that share a form is checked to depth 2: the same enabled steps
  // up to renaming, i.e. the same multiset of (result, next form), recursively.
  it('is sound: two states with one form have the same futures (bisimilar to depth 2)', () => {
    const pools = buildPools(scope);
    const actions = buildActions(scope, pools);
    const scen = scopeScenario(scope);
    const e = createEngine(scen, { keepEvents: false });
    const root = cloneEngineState(e.state());
    const openBuf = new Uint8Array(pools.names.length);
    const list: number[] = [];
    const succ = (st: EngineState, ghost: Ghost) => {
      openNames(ghost, pools, openBuf);
      const idx = [...enabled(st, ghost, scope, actions, openBuf, list)];
      return idx.map((ai) => {
        e.restore(cloneEngineState(st));
        const a = actions[ai]!;
        const c = a.op === 'kexec' ? kexecContents(e.kernel) : null;
        scen.steps[e.next] = a.step;
        const out = e.step();
        const after = cloneEngineState(e.state());
        const g = advanceGhost(ghost, after, a.step, out, c);
        return { result: out.result, st: after, ghost: g, key: canon.key(after, g) };
      });
    };
    const signature = (xs: { result: string; key: string }[]) => xs.map((x) => `${x.result}→${x.key}`).sort();
    const bisimilar = (a: { st: EngineState; ghost: Ghost }, b: { st: EngineState; ghost: Ghost }, depth: number): boolean => {
      if (canon.key(a.st, a.ghost) !== canon.key(b.st, b.ghost)) return false;
      if (depth === 0) return true;
      const sa = succ(a.st, a.ghost);
      const sb = succ(b.st, b.ghost);
      if (JSON.stringify(signature(sa)) !== JSON.stringify(signature(sb))) return false;
      // follow a few successors that share a form
      for (const x of sa.slice(0, 3)) {
        const y = sb.find((z) => z.key === x.key)!;
        if (!bisimilar(x, y, depth - 1)) return false;
      }
      return true;
    };
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const byKey = new Map<string, { st: EngineState; ghost: Ghost; path: string }[]>();
    for (let walk = 0; walk < 200; walk++) {
      let cur = { st: cloneEngineState(root), ghost: EMPTY_GHOST };
      let path = '';
      for (let d = 0; d < 9; d++) {
        const next = succ(cur.st, cur.ghost);
        if (next.length === 0) break;
        const pick = rnd(next.length);
        const x = next[pick]!;
        path += `${pick},`;
        cur = { st: x.st, ghost: x.ghost };
        const same = byKey.get(x.key) ?? [];
        if (!same.some((s) => s.path === path)) same.push({ st: x.st, ghost: x.ghost, path });
        byKey.set(x.key, same);
      }
    }
    const groups = [...byKey.values()].filter((g) => g.length > 1);
    expect(groups.length).toBeGreaterThan(20); // the walks do meet: the check checks something
    let pairs = 0;
    for (const g of groups.slice(0, 30)) {
      expect(bisimilar(g[0]!, g[1]!, 2)).toBe(true);
      pairs++;
    }
    expect(pairs).toBeGreaterThan(20);
  });
});

// Breadth-first search over the engine's states. The explorer drives the same engine as the
// app and the command line; per state it keeps only its canonical form (states.ts), its parent
// and the action that led there, so every counterexample is rebuilt as a shortest scenario.
//
// A level is a list of state ids in the order they were found, so siblings are together and
// the list is sorted by path. To expand a state the explorer takes it again from its parent by
// the recorded step; it keeps a copy (engine/snapshot.ts) of each state on the path to the
// one at hand, so going to the next state of the level replays about one step, and memory
// stays a few hundred bytes per state instead of a whole kernel per state of the frontier.
import { createEngine, type Engine, type EngineState } from '../engine/engine';
import { cloneEngineState } from '../engine/snapshot';
import type { Scenario, Step } from '../scenario/types';
import { buildActions, buildPools, enabled, openNames, type Action, type Pools } from './actions';
import { createCanonizer, type Canonizer } from './canon';
import { EMPTY_GHOST, type Ghost } from './ghost';
import { StateSet } from './states';
import { advanceGhost, checkState, checkStep, goalMet, kexecContents, newTally, preservedCount, resetTally, tallyEvent, type Found, type Transition } from './properties';
import type { ResolvedScope } from './scope';

export type StopReason = 'exhausted' | 'depth' | 'max-states' | 'cancelled';

export interface Progress {
  states: number;
  transitions: number;
  /** the depth of the deepest state found so far */
  depth: number;
  frontier: number;
  ms: number;
  statesPerSecond: number;
  violations: number;
  goals: number;
  done: boolean;
  stop: StopReason | null;
}

/** A violation or goal, as found: the transition from `parent` by `action`. */
export interface RawFinding {
  kind: 'violation' | 'goal';
  id: string;
  message: string;
  parent: number;
  action: number;
  /** steps in the shortest path */
  length: number;
}

export interface Search {
  readonly scope: ResolvedScope;
  readonly actions: readonly Action[];
  /** the state bound in force (the scope's, or the option's) */
  readonly maxStates: number;
  /** bytes held by the search's tables (canonical forms, parents, levels) */
  bytes(): number;
  /** expand states for about `ms` milliseconds (Infinity: to the end); true when the search has ended */
  run(ms?: number): boolean;
  progress(): Progress;
  cancel(): void;
  findings(): RawFinding[];
  /** the steps from the initial state to state `id`, then `action` */
  path(id: number, action: number): Step[];
  /** the scenario the explorer runs steps on (kernel, boot modules, custom modules; no steps) */
  base(): Scenario;
}

/** A state in hand: its id, its engine state (owned: restore a copy to run a step on it), ghost and preserved files. */
interface Entry {
  id: number;
  st: EngineState;
  ghost: Ghost;
  preserved: number;
}

export interface SearchOptions {
  /** overrides the scope's maxStates */
  maxStates?: number;
  /** tests: also encode the steps taken as changing nothing, and throw if one did */
  verifyQuiet?: boolean;
  /** a clock in ms (tests: a fake one) */
  now?: () => number;
}

/** The scenario skeleton a scope's paths run in: format v2, the scope's kernel and modules. */
export function scopeScenario(scope: ResolvedScope): Scenario {
  return {
    format: 'luoscope-scenario',
    version: 2,
    kernel: { profile: scope.kernel.profile, patches: [...scope.kernel.patches], liveupdate: scope.kernel.liveupdate },
    boot: { modules: [...scope.modules] },
    ...(scope.customModules.length ? { customModules: scope.customModules } : {}),
    steps: [],
  };
}

/** A growable Int32Array. */
class Grow {
  a = new Int32Array(1024);
  set(i: number, v: number): void {
    if (i >= this.a.length) {
      const b = new Int32Array(Math.max(this.a.length * 2, i + 1));
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
  }
  get(i: number): number {
    return this.a[i]!;
  }
  /** append; returns the new length */
  push(n: number, v: number): number {
    this.set(n, v);
    return n + 1;
  }
}

export function createSearch(scope: ResolvedScope, opts: SearchOptions = {}): Search {
  const now = opts.now ?? (() => performance.now());
  const maxStates = opts.maxStates ?? scope.maxStates;
  const pools: Pools = buildPools(scope);
  const actions = buildActions(scope, pools);
  const canon: Canonizer = createCanonizer(scope, pools);
  const props = new Set<string>(scope.properties);
  const scen = scopeScenario(scope);
  const tally = newTally();
  // events other than a step's own 'step' and 'result': none means the step changed nothing
  let changes = 0;
  const engine: Engine = createEngine(scen, {
    keepEvents: false,
    onEvent: (ev) => {
      if (ev.type !== 'step' && ev.type !== 'result') changes++;
      tallyEvent(tally, ev);
    },
  });
  const open = new Uint8Array(pools.names.length);
  const list: number[] = [];
  const found: Found[] = [];
  const stepGoals = scope.goals.filter((g) => 'step' in g);
  const stateGoals = scope.goals.filter((g) => 'state' in g);

  const visited = new StateSet();
  const parent = new Grow();
  const via = new Grow();
  const findings: RawFinding[] = [];
  const seen = new Set<string>();

  const rootSt = engine.state();
  visited.add(canon.bytes(), canon.encode(rootSt, EMPTY_GHOST));
  parent.set(0, -1);
  via.set(0, -1);
  // the states of the level being expanded and of the next one, by id, in the order found
  let level = new Grow();
  let levelSize = level.push(0, 0);
  let nextLevel = new Grow();
  let nextSize = 0;
  let at = 0;
  // the path to the state at hand: path[d] is its ancestor at depth d (path[0] the initial state)
  const path: Entry[] = [{ id: 0, st: rootSt, ghost: EMPTY_GHOST, preserved: preservedCount(rootSt.kernel) }];
  const chain: number[] = [];
  let depth = 0;
  /** the depth of the deepest state found */
  let deepest = 0;
  let transitions = 0;
  let cut = false;
  let stop: StopReason | null = null;
  let ms = 0;

  const record = (kind: RawFinding['kind'], id: string, message: string, from: number, action: number) => {
    const key = `${kind}:${id}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push({ kind, id, message, parent: from, action, length: depth + 1 });
  };

  /** Run one recorded step on a copy of `from`: the state it led to (the engine's, taken over). */
  function replay(from: Entry, id: number): Entry {
    engine.restore(cloneEngineState(from.st));
    const a = actions[via.get(id)]!;
    const contents = a.op === 'kexec' ? kexecContents(engine.kernel) : null;
    scen.steps[engine.next] = a.step;
    const outcome = engine.step();
    const st = engine.state();
    return { id, st, ghost: advanceGhost(from.ghost, st, a.step, outcome, contents), preserved: preservedCount(st.kernel) };
  }

  /** State `id` of the level at `depth`, taken again from the nearest ancestor on the path. */
  function regain(id: number): Entry {
    chain.length = 0;
    for (let s = id; s > 0; s = parent.get(s)) chain.push(s);
    // chain = [id, its parent, ..., the state at depth 1]: keep the path while it agrees
    let d = 1;
    while (d < depth && path[d]?.id === chain[chain.length - d]) d++;
    for (; d <= depth; d++) path[d] = replay(path[d - 1]!, chain[chain.length - d]!);
    path.length = depth + 1;
    return path[depth]!;
  }

  function expand(e: Entry): void {
    openNames(e.ghost, pools, open);
    enabled(e.st, e.ghost, scope, actions, open, list);
    let live = false;
    const last = list.length - 1;
    for (let at = 0; at <= last; at++) {
      const ai = list[at]!;
      // the state at hand is taken again for each next one (regain), so its last step may use it up
      if (!live) engine.restore(at === last && depth > 0 ? e.st : cloneEngineState(e.st));
      live = true;
      const a = actions[ai]!;
      const contents = a.op === 'kexec' ? kexecContents(engine.kernel) : null;
      scen.steps[engine.next] = a.step;
      resetTally(tally);
      engine.violations.length = 0;
      changes = 0;
      const outcome = engine.step();
      transitions++;
      const st = engine.state();
      const ghost = advanceGhost(e.ghost, st, a.step, outcome, contents);
      const preserved = preservedCount(st.kernel);
      const t: Transition = { st, ghostBefore: e.ghost, ghost, step: a.step, outcome, tally, violations: engine.violations, preservedBefore: e.preserved, preservedAfter: preserved };
      found.length = 0;
      checkStep(t, props, found);
      for (const g of stepGoals) {
        const m = goalMet(g, t);
        if (m !== null) record('goal', g.id, m, e.id, ai);
      }
      // a step that changed nothing that matters leaves a state equivalent to e: go on from it.
      // One that emitted no event (an early errno) and left the ghost as it was changed nothing:
      // every change of the kernel's state is an event (the app rebuilds its views from them)
      const quiet = changes === 0 && ghost === e.ghost && engine.violations.length === 0;
      if (quiet && !opts.verifyQuiet) {
        for (const f of found) record('violation', f.id, f.message, e.id, ai);
        continue;
      }
      const n = canon.encode(st, ghost);
      const same = visited.is(e.id, canon.bytes(), n);
      if (quiet && !same) throw new Error(`explore: step ${JSON.stringify(a.step)} emitted no event but changed the state`);
      const id = same ? e.id : visited.add(canon.bytes(), n);
      // what a state is like is checked once, the first time it is reached
      if (!same && visited.added) {
        checkState(t, props, found);
        for (const g of stateGoals) {
          const m = goalMet(g, t);
          if (m !== null) record('goal', g.id, m, e.id, ai);
        }
      }
      for (const f of found) record('violation', f.id, f.message, e.id, ai);
      if (same) continue;
      live = false;
      if (!visited.added) continue;
      parent.set(id, e.id);
      via.set(id, ai);
      if (depth + 1 > deepest) deepest = depth + 1;
      if (depth + 1 < scope.depth) nextSize = nextLevel.push(nextSize, id);
      else cut = true;
      if (visited.size >= maxStates) {
        stop = 'max-states';
        return;
      }
    }
  }

  return {
    scope,
    actions,
    maxStates,
    bytes: () => visited.bytes() + (parent.a.byteLength + via.a.byteLength + level.a.byteLength + nextLevel.a.byteLength),
    run(budget = Infinity) {
      const t0 = now();
      let n = 0;
      while (stop === null) {
        if (at >= levelSize) {
          [level, nextLevel] = [nextLevel, level];
          levelSize = nextSize;
          nextSize = 0;
          at = 0;
          if (levelSize === 0) {
            stop = cut ? 'depth' : 'exhausted';
            break;
          }
          depth++;
        }
        expand(depth === 0 ? path[0]! : regain(level.get(at)));
        at++;
        if ((++n & 15) === 0 && now() - t0 >= budget) break;
      }
      ms += now() - t0;
      return stop !== null;
    },
    progress() {
      return {
        states: visited.size,
        transitions,
        depth: deepest,
        frontier: levelSize - at + nextSize,
        ms,
        statesPerSecond: ms > 0 ? Math.round((visited.size / ms) * 1000) : 0,
        violations: findings.filter((f) => f.kind === 'violation').length,
        goals: findings.filter((f) => f.kind === 'goal').length,
        done: stop !== null,
        stop,
      };
    },
    cancel() {
      if (stop === null) stop = 'cancelled';
    },
    findings: () => findings.slice(),
    path(id, action) {
      const out: Step[] = [actions[action]!.step];
      for (let s = id; s > 0; s = parent.get(s)) out.push(actions[via.get(s)]!.step);
      return out.reverse();
    },
    base: () => scopeScenario(scope),
  };
}

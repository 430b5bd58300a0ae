// The results of an exploration (format "luoscope-explore", version 1): the counts, and each
// violation or goal as its shortest scenario, replayed from scratch with the events kept,
// checked by the scenario validator and turned into a share link.
import { createEngine, type StepOutcome } from '../engine/engine';
import { DEFAULT_SHARE_BASE, shareUrl } from '../scenario/share';
import type { Scenario, Step } from '../scenario/types';
import { validateScenario } from '../scenario/validate';
import { PROPERTY_TITLES, STATE_GOALS, type PropertyId } from './catalog';
import { EMPTY_GHOST } from './ghost';
import { advanceGhost, checkTransition, goalMet, kexecContents, newTally, preservedCount, resetTally, tallyEvent, type Found } from './properties';
import type { GoalSpec, ResolvedScope } from './scope';
import type { RawFinding, Search, StopReason } from './search';

export const RESULT_FORMAT = 'luoscope-explore';
export const RESULT_VERSION = 1;

export interface Finding {
  kind: 'violation' | 'goal';
  /** the property (or engine invariant rule) or the goal's id */
  id: string;
  /** what the property or goal asks, in words */
  title: string;
  /** what happened */
  message: string;
  /** steps in the scenario: a shortest way there */
  length: number;
  /** the step where it happens, as an index into steps (the last; the app shows it as step index + 1) */
  index: number;
  scenario: Scenario;
  link: string;
  /** the replay from scratch showed it again (always true unless luoscope has a bug) */
  reproduced: boolean;
}

export interface ExploreResult {
  format: typeof RESULT_FORMAT;
  version: typeof RESULT_VERSION;
  title: string;
  stop: StopReason;
  /** the whole space within the bounds was explored */
  complete: boolean;
  states: number;
  transitions: number;
  depth: number;
  depthBound: number;
  ms: number;
  statesPerSecond: number;
  violations: Finding[];
  goals: Finding[];
  /** ids of goals not reached */
  unreached: string[];
  /** one line: what was found, or how far nothing was */
  summary: string;
}

const thousands = (n: number) => n.toLocaleString('en');

function goalTitle(g: GoalSpec): string {
  if (g.title) return g.title;
  if ('state' in g) return STATE_GOALS[g.state];
  return `${g.step.op}${g.step.flb ? ` ${g.step.flb}` : ''} returns ${g.step.result === 'error' ? 'an error' : g.step.result}`;
}

/** Run the steps from scratch with events, as the app will; the outcomes and what the checks say at the last step. */
export function replay(scope: ResolvedScope, base: Scenario, steps: Step[]): { outcomes: StepOutcome[]; found: Found[]; goals: Map<string, string> } {
  const scen: Scenario = { ...base, steps };
  const tally = newTally();
  const e = createEngine(scen, { onEvent: (ev) => tallyEvent(tally, ev) });
  const outcomes: StepOutcome[] = [];
  let ghost = EMPTY_GHOST;
  const found: Found[] = [];
  const goals = new Map<string, string>();
  const props = new Set<string>(scope.properties);
  let preserved = preservedCount(e.kernel);
  for (const step of steps) {
    const contents = step.op === 'kexec' ? kexecContents(e.kernel) : null;
    resetTally(tally);
    const before = e.violations.length;
    const out = e.step();
    outcomes.push(out);
    const st = e.state();
    const g = advanceGhost(ghost, st, step, out, contents);
    const after = preservedCount(st.kernel);
    const t = { st, ghostBefore: ghost, ghost: g, step, outcome: out, tally, violations: e.violations.slice(before), preservedBefore: preserved, preservedAfter: after };
    found.length = 0;
    checkTransition(t, props, found);
    goals.clear();
    for (const goal of scope.goals) {
      const m = goalMet(goal, t);
      if (m !== null) goals.set(goal.id, m);
    }
    ghost = g;
    preserved = after;
  }
  return { outcomes, found, goals };
}

/** The shortest scenario of a finding, with every step's result as its expectation. */
export function counterexample(search: Search, f: RawFinding, shareBase: string): Finding {
  const scope = search.scope;
  const steps = search.path(f.parent, f.action).map((s) => ({ ...s }) as Step);
  const { outcomes, found, goals } = replay(scope, search.base(), steps);
  steps.forEach((s, i) => {
    const o = outcomes[i]!;
    s.expect = o.result;
    if (s.op === 'read' && o.result === 'ok' && o.data !== undefined && o.dataLength === undefined) s.data = o.data;
  });
  const last = steps.length - 1;
  const reproduced = f.kind === 'violation' ? found.some((x) => x.id === f.id) : goals.has(f.id);
  const message = (f.kind === 'violation' ? found.find((x) => x.id === f.id)?.message : goals.get(f.id)) ?? f.message;
  steps[last]!.note = `${f.kind === 'violation' ? 'Violation' : 'Goal'} ${f.id}: ${message}`;
  const title = f.kind === 'violation' ? (PROPERTY_TITLES[f.id as PropertyId] ?? f.id) : goalTitle(scope.goals.find((g) => g.id === f.id)!);
  const candidate: Scenario = {
    ...search.base(),
    title: `${f.kind === 'violation' ? 'Counterexample' : 'Goal'}: ${f.id}`,
    description: `Found by luoscope explore in "${scope.title}": ${f.kind === 'violation' ? `the shortest way to break "${title}"` : `the shortest way to reach "${title}"`} (${steps.length} step${steps.length === 1 ? '' : 's'}). ${message}`,
    steps,
  };
  const v = validateScenario(candidate);
  if (!v.ok) throw new Error(`explore: the counterexample for ${f.id} is not a valid scenario: ${v.issues[0]!.message}`);
  return { kind: f.kind, id: f.id, title, message, length: steps.length, index: last, scenario: candidate, link: shareUrl(candidate, { base: shareBase, step: last }), reproduced };
}

export function summarize(r: Pick<ExploreResult, 'violations' | 'goals' | 'stop' | 'depth' | 'depthBound' | 'states' | 'unreached'>): string {
  const states = `${thousands(r.states)} state${r.states === 1 ? '' : 's'}`;
  const within = r.stop === 'exhausted' ? `in any ordering (all ${states} explored)` : r.stop === 'depth' ? `within depth ${r.depthBound}, ${states}` : r.stop === 'max-states' ? `within ${states} (the state bound; depth ${r.depth} reached)` : `within ${states} explored before the search was cancelled (depth ${r.depth})`;
  const v = r.violations.length;
  const head = v === 0 ? `no violation ${within}` : `${v} violation${v === 1 ? '' : 's'} ${within}: ${r.violations.map((x) => `${x.id} (${x.length} steps)`).join(', ')}`;
  const g = r.goals.length + r.unreached.length;
  if (g === 0) return head;
  return `${head}; goals reached ${r.goals.length} of ${g}${r.unreached.length ? ` (not reached: ${r.unreached.join(', ')})` : ''}`;
}

export function buildResult(search: Search, opts: { shareBase?: string } = {}): ExploreResult {
  const p = search.progress();
  const base = opts.shareBase ?? DEFAULT_SHARE_BASE;
  const raw = search.findings();
  const violations = raw.filter((f) => f.kind === 'violation').map((f) => counterexample(search, f, base));
  const goals = raw.filter((f) => f.kind === 'goal').map((f) => counterexample(search, f, base));
  const unreached = search.scope.goals.filter((g) => !goals.some((x) => x.id === g.id)).map((g) => g.id);
  const stop = p.stop ?? 'cancelled';
  const r = {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    title: search.scope.title,
    stop,
    complete: stop === 'exhausted' || stop === 'depth',
    states: p.states,
    transitions: p.transitions,
    depth: p.depth,
    depthBound: search.scope.depth,
    ms: Math.round(p.ms),
    statesPerSecond: p.statesPerSecond,
    violations,
    goals,
    unreached,
    summary: '',
  } satisfies ExploreResult;
  r.summary = summarize(r);
  return r;
}

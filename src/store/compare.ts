// Compare mode (issue #14): the current scenario on a second kernel, B, run in an engine
// worker of its own, and where the two runs differ. Side A is the main store's run; B follows
// it (every scenario A runs, B runs too, on kernel B). The comparison itself reads only the
// events both workers emitted (src/compare).
import { create } from 'zustand';
import type { StepOutcome } from '../engine/engine';
import { checkKernel, sameKernel, type CompareKernel } from '../compare/config';
import { compareRuns, realRows, type Comparison } from '../compare/diverge';
import { alignedPosition } from '../compare/align';
import type { ResolvedScenario, Scenario } from '../scenario/types';
import type { FromWorker } from '../worker/protocol';
import { useLuo, type RunStatus } from './store';
import { appendEvents, emptyTimeline, viewAfter, viewAt, type Timeline } from './timeline';
import type { WorldView } from '../engine/view';

/** What the compare store needs from B's engine worker (src/worker/compare-client.ts). */
export interface CompareRunner {
  run(id: number, scenario: Scenario): void;
  stop(): void;
}

export interface CompareState {
  /** kernel B; null when compare mode is off */
  b: CompareKernel | null;
  /** A's scenario on kernel B */
  scenario: ResolvedScenario | null;
  status: RunStatus;
  runId: number;
  /** the main store's runId that B's run belongs to */
  forRun: number;
  timeline: Timeline;
  version: number;
  steps: StepOutcome[];
  progress: { done: number; total: number };
  /** B's failure, if its run failed (A's alerts stay the main store's) */
  failure: string | null;
  /** where A and B differ, once both runs are complete */
  result: Comparison | null;
  /** the "Compare with…" dialog is open */
  dialog: boolean;
  /** the difference table is open (true), closed (false), or as the window's height says (null:
   * closed below 820 px, where two stacked graphs need the room) */
  table: boolean | null;
  runner: CompareRunner | null;

  /** Compare the current scenario with kernel b; false (and an alert) if b does not fit it. */
  start(b: CompareKernel): boolean;
  /** kernel B (or none) for the scenario about to be opened: applied when it runs */
  next: CompareKernel | null | undefined;
  /** Call before opening a scenario from outside: it opens compared with b, or alone (null). */
  openWith(b: CompareKernel | null): void;
  stop(): void;
  receive(m: FromWorker): void;
  setRunner(r: CompareRunner): void;
  setDialog(open: boolean): void;
  setTable(open: boolean | null): void;
  /** the worker died: run B again */
  recover(reason: string): void;
}

let makeRunner: (() => Promise<CompareRunner>) | null = () => import('../worker/compare-client').then((m) => m.startCompareClient());
/** How B's worker is started (the app: src/worker/compare-client.ts; tests: a fake). */
export function setCompareRunnerFactory(f: () => Promise<CompareRunner>): void {
  makeRunner = f;
}

export const useCompare = create<CompareState>((set, get) => ({
  b: null,
  scenario: null,
  status: 'idle',
  runId: 0,
  forRun: -1,
  timeline: emptyTimeline(),
  version: 0,
  steps: [],
  progress: { done: 0, total: 0 },
  failure: null,
  result: null,
  dialog: false,
  table: null,
  runner: null,

  next: undefined,
  openWith: (next) => set({ next }),

  start(b) {
    const a = useLuo.getState().scenario;
    if (!a) return false;
    const cur = get();
    // the same comparison, already run (or running) for this run of A: nothing to do
    if (cur.b && sameKernel(cur.b, b) && cur.forRun === useLuo.getState().runId && cur.status !== 'failed' && cur.status !== 'idle') {
      set({ dialog: false });
      return true;
    }
    const checked = checkKernel(a, b);
    if (!checked.ok) {
      useLuo.getState().setAlert(`Kernel B does not fit this scenario, so compare mode is off: ${checked.message}`);
      get().stop();
      return false;
    }
    set({ b, dialog: false });
    runB(checked.scenario);
    return true;
  },

  stop() {
    set({ b: null, scenario: null, status: 'idle', runId: get().runId + 1, result: null, failure: null, timeline: emptyTimeline(), steps: [], version: 0 });
  },

  receive(m) {
    const s = get();
    if (m.id !== s.runId) return;
    switch (m.type) {
      case 'failed':
        set({ status: 'failed', failure: m.message });
        return;
      case 'batch':
        appendEvents(s.timeline, m.events);
        set({ steps: m.steps.length ? [...s.steps, ...m.steps] : s.steps, version: s.version + 1, progress: { done: m.done, total: m.total } });
        return;
      case 'done':
        set({ status: 'done' });
        settle();
        return;
    }
  },

  setRunner: (runner) => set({ runner }),
  setDialog: (dialog) => set({ dialog }),
  setTable: (table) => set({ table }),
  recover(reason) {
    const { scenario, b } = get();
    useLuo.getState().setNotice(`The engine worker of kernel B stopped (${reason}). It was restarted and B ran again.`);
    if (scenario && b) runB(scenario);
  },
}));

function runB(scenario: ResolvedScenario): void {
  const runId = useCompare.getState().runId + 1;
  useCompare.setState({ scenario, runId, forRun: useLuo.getState().runId, status: 'running', timeline: emptyTimeline(), version: 0, steps: [], progress: { done: 0, total: scenario.steps.length }, failure: null, result: null });
  const runner = useCompare.getState().runner;
  if (runner) runner.run(runId, scenario);
  else if (makeRunner)
    void makeRunner().then((r) => {
      const s = useCompare.getState();
      if (!s.runner) s.setRunner(r);
      // the newest run of B, whichever asked for the worker first
      if (s.scenario && s.status === 'running') useCompare.getState().runner!.run(s.runId, s.scenario);
    });
}

/** Both runs complete: compare them (a pass over the events, no engine work). */
function settle(): void {
  const a = useLuo.getState();
  const c = useCompare.getState();
  if (!c.b || c.status !== 'done' || a.status !== 'done' || c.forRun !== a.runId || !a.scenario || c.result) return;
  const ops = a.scenario.steps.map((s) => s.op);
  useCompare.setState({ result: compareRuns(a.timeline.events, c.timeline.events, ops.length, ops) });
}

// B follows A: a new run of A (an edit, another scenario) runs B again; A's end settles.
useLuo.subscribe((s, prev) => {
  let c = useCompare.getState();
  if (s.runId !== prev.runId && c.next !== undefined) {
    // a scenario opened from outside: compared with what its opener asked for, or alone
    const next = c.next;
    useCompare.setState({ next: undefined });
    if (next === null) {
      if (c.b) c.stop();
      return;
    }
    useCompare.setState({ b: next });
    c = useCompare.getState();
  } else if (prev.pendingOpen && !s.pendingOpen) {
    // declined, unless the load that accepts it follows at once (answerOpen clears, then loads)
    const runId = s.runId;
    queueMicrotask(() => {
      if (useLuo.getState().runId === runId) useCompare.setState({ next: undefined });
    });
  }
  if (!c.b) return;
  if (s.runId !== prev.runId && s.scenario) {
    const checked = checkKernel(s.scenario, c.b);
    if (checked.ok) runB(checked.scenario);
    else {
      useLuo.getState().setAlert(`Kernel B does not fit this scenario, so compare mode is off: ${checked.message}`);
      c.stop();
    }
    return;
  }
  if (s.status === 'done' && prev.status !== 'done') settle();
});

/** Where B stands when A stands at `cursor` (same step; same event of the step where B has it). */
export function positionB(cursor: number): number {
  const a = useLuo.getState().timeline;
  const b = useCompare.getState().timeline;
  return alignedPosition(a.events, b.events, cursor);
}

let last: { tl: Timeline; pos: number; view: WorldView } | null = null;
/** B's view at a position: a little ahead of the last one is replayed, else a checkpoint. */
export function viewOfB(tl: Timeline, pos: number): WorldView {
  const view = last && last.tl === tl ? viewAfter(tl, last.pos, last.view, pos) : viewAt(tl, pos);
  last = { tl, pos, view };
  return view;
}

/** Positions (in A) where each difference row's step ends: what d / D jump to and the scrubber
 * marks. Real divergences only when there are any (the rows that differ only by an expected API
 * difference, such as get_id on every preserve from 7.1 on, stay in the table). */
export function divergenceTargets(c: Comparison | null): number[] {
  if (!c) return [];
  const real = realRows(c);
  return (real.length ? real : c.rows).map((r) => r.a.span[1]);
}

/** Move A (and with it B) to the next (dir 1) or previous (-1) divergence. */
export function jumpDivergence(dir: 1 | -1): void {
  const targets = divergenceTargets(useCompare.getState().result);
  const s = useLuo.getState();
  const to = dir > 0 ? targets.find((p) => p > s.cursor) : [...targets].reverse().find((p) => p < s.cursor);
  if (to !== undefined) s.seek(to);
}

// The app's one store (zustand): the run coming from the worker, the timeline cursor, the
// selection and playback. Views subscribe to the smallest slice they need.
import { create } from 'zustand';
import type { StepOutcome } from '../engine/engine';
import type { Violation } from '../engine/invariants';
import type { WorldView } from '../engine/view';
import type { Scenario } from '../scenario/types';
import { validateScenario, type ScenarioIssue } from '../scenario/validate';
import type { FromWorker } from '../worker/protocol';
import { appendEvents, emptyTimeline, viewAt, type Timeline } from './timeline';

export type Selection = { kind: 'node'; id: string } | { kind: 'event'; index: number };
export type PanelTab = 'inspect' | 'events' | 'steps';
export type RunStatus = 'idle' | 'running' | 'done' | 'invalid' | 'failed';

/** What the store needs from the engine worker (src/worker/client.ts provides it). */
export interface Runner {
  run(id: number, scenario: unknown): void;
}

export interface LuoState {
  scenario: Scenario | null;
  status: RunStatus;
  issues: ScenarioIssue[];
  /** a problem the user must see (role="alert"): a broken link, an invalid scenario */
  alert: string | null;
  /** a passing notice (role="status"): the worker restarted */
  notice: string | null;
  progress: { done: number; total: number };
  runId: number;
  timeline: Timeline;
  /** bumps whenever the timeline grows (the timeline itself is appended in place) */
  version: number;
  steps: StepOutcome[];
  violations: Violation[];
  /** number of events applied: 0 .. timeline.events.length */
  cursor: number;
  /** follow the end while a run streams in */
  follow: boolean;
  view: WorldView;
  selection: Selection | null;
  /** the side panel's tab; selecting a node shows the inspector */
  tab: PanelTab;
  playing: boolean;
  /** events per second while playing */
  speed: number;
  runner: Runner | null;
  /** where to put the cursor once the current run is complete (a restored position) */
  pendingCursor: number | null;

  setRunner(r: Runner): void;
  /** Validate and run a scenario. Invalid input changes nothing but the alert; returns false. */
  load(input: unknown, opts?: { cursor?: number; source?: string }): boolean;
  /** The worker died: rerun the current scenario, and come back to the same position. */
  recover(reason: string): void;
  receive(m: FromWorker): void;
  seek(pos: number): void;
  select(s: Selection | null): void;
  setTab(t: PanelTab): void;
  setPlaying(p: boolean): void;
  setSpeed(s: number): void;
  setAlert(a: string | null): void;
  setNotice(n: string | null): void;
}

export const useLuo = create<LuoState>((set, get) => ({
  scenario: null,
  status: 'idle',
  issues: [],
  alert: null,
  notice: null,
  progress: { done: 0, total: 0 },
  runId: 0,
  timeline: emptyTimeline(),
  version: 0,
  steps: [],
  violations: [],
  cursor: 0,
  follow: true,
  view: emptyTimeline().tail,
  selection: null,
  tab: 'inspect',
  playing: false,
  speed: 8,
  runner: null,
  pendingCursor: null,

  setRunner: (runner) => set({ runner }),

  load(input, opts = {}) {
    const checked = validateScenario(input);
    if (!checked.ok) {
      const where = opts.source ? `${opts.source}: ` : '';
      set({ alert: `${where}this scenario is not valid, so nothing changed. ${checked.issues.map((i) => i.message).join('; ')}`, issues: checked.issues });
      return false;
    }
    const runId = get().runId + 1;
    const timeline = emptyTimeline();
    set({
      runId,
      status: 'running',
      issues: [],
      timeline,
      version: 0,
      steps: [],
      violations: [],
      cursor: 0,
      follow: opts.cursor === undefined,
      pendingCursor: opts.cursor ?? null,
      view: timeline.tail,
      playing: false,
      progress: { done: 0, total: checked.scenario.steps.length },
      scenario: checked.scenario,
      alert: null,
    });
    current = checked.scenario;
    get().runner?.run(runId, checked.scenario);
    return true;
  },

  recover(reason) {
    const { cursor, follow, status } = get();
    set({ notice: `The engine worker stopped (${reason}). It was restarted and the scenario ran again; nothing was lost.` });
    if (current === null) return;
    get().load(current, status === 'done' && !follow ? { cursor } : {});
  },

  receive(m) {
    const s = get();
    if (m.id !== s.runId) return; // a stale run
    switch (m.type) {
      case 'invalid':
        set({ status: 'invalid', issues: m.issues, alert: `This scenario is not valid, so nothing ran: ${m.issues.map((i) => i.message).join('; ')}` });
        return;
      case 'failed':
        set({ status: 'failed', alert: `The engine failed while running this scenario: ${m.message}` });
        return;
      case 'batch': {
        appendEvents(s.timeline, m.events);
        const steps = m.steps.length ? [...s.steps, ...m.steps] : s.steps;
        const len = s.timeline.events.length;
        const cursor = s.follow ? len : s.cursor;
        set({ steps, version: s.version + 1, progress: { done: m.done, total: m.total }, cursor, view: s.follow ? structuredClone(s.timeline.tail) : s.view });
        return;
      }
      case 'done': {
        const len = s.timeline.events.length;
        const cursor = s.pendingCursor === null ? len : Math.min(s.pendingCursor, len);
        set({ status: 'done', violations: m.violations, cursor, follow: false, pendingCursor: null, view: viewAt(s.timeline, cursor) });
        return;
      }
    }
  },

  seek(pos) {
    const { timeline } = get();
    const p = Math.max(0, Math.min(Math.round(pos), timeline.events.length));
    set({ cursor: p, follow: false, view: viewAt(timeline, p) });
  },

  select: (selection) => set(selection ? { selection, tab: 'inspect' } : { selection }),
  setTab: (tab) => set({ tab }),
  setPlaying: (playing) => set({ playing }),
  setSpeed: (speed) => set({ speed }),
  setAlert: (alert) => set({ alert }),
  setNotice: (notice) => set({ notice }),
}));

/** The scenario of the current run, for a rerun after the worker died. */
let current: Scenario | null = null;

// The app's one store (zustand): the run coming from the worker, the timeline cursor, the
// selection and playback. Views subscribe to the smallest slice they need.
import { create } from 'zustand';
import type { StepOutcome } from '../engine/engine';
import type { Violation } from '../engine/invariants';
import type { WorldView } from '../engine/view';
import type { Scenario } from '../scenario/types';
import { validateScenario, type ScenarioIssue } from '../scenario/validate';
import type { FromWorker } from '../worker/protocol';
import { appendEvents, emptyTimeline, viewAfter, viewAt, type Timeline } from './timeline';
import { introCursor, landingCursor } from './landing';
import { emptyHistory, pushHistory, redo as redoHistory, undo as undoHistory, type History } from '../builder/draft';

export type Selection = { kind: 'node'; id: string } | { kind: 'event'; index: number };
export type PanelTab = 'inspect' | 'events' | 'steps' | 'build' | 'edit' | 'library' | 'learn' | 'explore';

/** The guided tour in progress: which stop, and the learner's answers to predictions. */
export interface TourState {
  id: string;
  stop: number;
  answers: Record<number, number>;
}
export type RunStatus = 'idle' | 'running' | 'done' | 'failed';

/** What the store needs from the engine worker (src/worker/client.ts provides it). */
export interface Runner {
  run(id: number, scenario: Scenario): void;
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
  view: WorldView;
  selection: Selection | null;
  /** the side panel's tab; selecting a node shows the inspector */
  tab: PanelTab;
  playing: boolean;
  /** events per second while playing */
  speed: number;
  runner: Runner | null;
  /** the scenario was changed here (builder, editor, undo) since it was opened or saved */
  dirty: boolean;
  history: History;
  /** where to put the cursor once the current run is complete (a restored position) */
  pendingCursor: number | null;
  /** or: the scenario step to land on once the run is complete (from a link) */
  pendingStep: number | null;
  /** or: open at the scenario's first meaningful point (a first view: landing.ts introCursor) */
  pendingIntro: boolean;
  /** the position a first view opened at ("press Play" shows there); null otherwise */
  introAt: number | null;

  setRunner(r: Runner): void;
  /** Validate and run a scenario. Invalid input changes nothing but the alert; returns false. */
  /** cursor: an event position; step: land at the end of that scenario step once run */
  load(input: unknown, opts?: { cursor?: number; step?: number | null; source?: string; keepHistory?: boolean; intro?: boolean }): boolean;
  /** The worker died: rerun the current scenario, and come back to the same position. */
  recover(reason: string): void;
  receive(m: FromWorker): void;
  seek(pos: number): void;
  select(s: Selection | null): void;
  setTab(t: PanelTab): void;
  setPlaying(p: boolean): void;
  setSpeed(s: number): void;
  /** Replace the scenario by an edited one (undoable); the cursor goes to `cursor`, the end of step `step`, or the end. */
  edit(next: Scenario, opts?: { cursor?: number; step?: number }): boolean;
  undo(): void;
  redo(): void;
  /** the work was saved elsewhere (copied link, exported file) */
  markSaved(): void;
  /** Reopen the autosaved draft (as unsaved work if it was); false if it is not valid. */
  restore(d: Draft): boolean;
  /** a scenario waiting for the user's answer before it replaces unsaved work */
  pendingOpen: { value: unknown; source: string; step: number | null; cursor?: number } | null;
  /** Open a scenario from outside (link, library, file, tour); asks first when work is unsaved. */
  requestOpen(value: unknown, opts: { source: string; step?: number | null; cursor?: number }): void;
  tour: TourState | null;
  setTour(t: TourState | null): void;
  /** JSON typed in the editor and not run yet: a draft too (kept across tabs and reloads) */
  editorText: EditorText | null;
  setEditorText(t: EditorText | null): void;
  answerOpen(replace: boolean): void;
  setAlert(a: string | null): void;
  setNotice(n: string | null): void;
}

/** where unapplied editor text is kept (before the store: its initial state reads it) */
export const EDITOR_TEXT_KEY = 'luoscope-editor-text';

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
  view: emptyTimeline().tail,
  selection: null,
  tab: 'inspect',
  playing: false,
  speed: 8,
  runner: null,
  pendingCursor: null,
  pendingStep: null,
  pendingIntro: false,
  introAt: null,
  dirty: false,
  history: emptyHistory(),

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
      pendingCursor: opts.cursor ?? null,
      pendingStep: opts.step ?? null,
      pendingIntro: opts.intro === true,
      introAt: null,
      view: timeline.tail,
      playing: false,
      progress: { done: 0, total: checked.scenario.steps.length },
      scenario: checked.scenario,
      alert: null,
      ...(opts.keepHistory ? {} : { history: emptyHistory(), dirty: false }),
    });
    current = checked.scenario;
    // what was opened from outside is what a reload shows; edits mark the draft dirty
    if (!opts.keepHistory) saveDraft(checked.scenario, false);
    get().runner?.run(runId, checked.scenario);
    return true;
  },

  recover(reason) {
    const { cursor, status, pendingCursor, pendingStep } = get();
    set({ notice: `The engine worker stopped (${reason}). It was restarted and the scenario ran again; nothing was lost.` });
    if (current === null) return;
    // the same position: the cursor of a finished run, or where an unfinished one was to land
    const at = status === 'done' ? { cursor } : { ...(pendingCursor !== null ? { cursor: pendingCursor } : {}), step: pendingStep };
    get().load(current, { ...at, keepHistory: true });
  },

  receive(m) {
    const s = get();
    if (m.id !== s.runId) return; // a stale run
    switch (m.type) {
      case 'failed':
        set({ status: 'failed', alert: m.budget ? m.message : `The engine failed while running this scenario: ${m.message}` });
        return;
      case 'batch': {
        appendEvents(s.timeline, m.events);
        const steps = m.steps.length ? [...s.steps, ...m.steps] : s.steps;
        // the views wait for the end of the run: redrawing per batch would block the page
        set({ steps, version: s.version + 1, progress: { done: m.done, total: m.total } });
        return;
      }
      case 'done': {
        const intro = s.pendingIntro && s.pendingCursor === null && s.pendingStep === null;
        const cursor = intro ? introCursor(s.timeline) : landingCursor(s.timeline, s.pendingCursor, s.pendingStep);
        set({ status: 'done', violations: m.violations, cursor, pendingCursor: null, pendingStep: null, pendingIntro: false, introAt: intro ? cursor : null, view: viewAt(s.timeline, cursor) });
        return;
      }
    }
  },

  seek(pos) {
    const { timeline, status, cursor, view } = get();
    const p = Math.max(0, Math.min(Math.round(pos), timeline.events.length));
    // once the run is done, `view` is the state at `cursor`: a playback frame goes on from it
    set({ cursor: p, view: status === 'done' ? viewAfter(timeline, cursor, view, p) : viewAt(timeline, p) });
  },

  edit(next, opts = {}) {
    const { scenario, history } = get();
    const ok = get().load(next, { ...opts, keepHistory: true });
    if (!ok) return false;
    set({ dirty: true, history: scenario ? pushHistory(history, scenario) : history });
    saveDraft(next);
    return true;
  },

  undo() {
    const { scenario, history } = get();
    const r = scenario && undoHistory(history, scenario);
    if (!r) return;
    get().load(r.scenario, { keepHistory: true });
    set({ history: r.history, dirty: true });
    saveDraft(r.scenario);
  },

  redo() {
    const { scenario, history } = get();
    const r = scenario && redoHistory(history, scenario);
    if (!r) return;
    get().load(r.scenario, { keepHistory: true });
    set({ history: r.history, dirty: true });
    saveDraft(r.scenario);
  },

  pendingOpen: null,
  requestOpen(value, opts) {
    const o = { source: opts.source, step: opts.step ?? null, ...(opts.cursor !== undefined ? { cursor: opts.cursor } : {}) };
    // validate first: an invalid scenario changes nothing, so there is nothing to ask
    if (!validateScenario(value).ok) {
      get().load(value, o);
      return;
    }
    if (get().dirty || get().editorText) set({ pendingOpen: { value, ...o } });
    else get().load(value, o);
  },
  answerOpen(replace) {
    const p = get().pendingOpen;
    set({ pendingOpen: null });
    // the user chose to replace the work, unapplied editor text included
    if (p && replace && get().load(p.value, { source: p.source, step: p.step, ...(p.cursor !== undefined ? { cursor: p.cursor } : {}) })) get().setEditorText(null);
  },
  tour: null,
  setTour: (tour) => set({ tour }),
  editorText: loadEditorText(),
  setEditorText(editorText) {
    set({ editorText });
    saveEditorText(editorText);
  },

  restore(d) {
    if (!get().load(d.scenario)) return false;
    if (d.dirty) {
      set({ dirty: true });
      saveDraft(get().scenario!, true);
    }
    return true;
  },

  markSaved: () => {
    const { scenario } = get();
    if (scenario) saveDraft(scenario, false);
    set({ dirty: false });
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

export const DRAFT_KEY = 'luoscope-draft';

export interface Draft {
  scenario: unknown;
  /** changed since it was last saved elsewhere (link copied, file exported) */
  dirty: boolean;
}

/** Autosave: the edited scenario survives a reload. */
function saveDraft(s: Scenario, dirty = true): void {
  try {
    globalThis.localStorage?.setItem(DRAFT_KEY, JSON.stringify({ scenario: s, dirty } satisfies Draft));
  } catch {
    // storage full or disabled: the draft simply is not kept
  }
}

export function loadDraft(): Draft | null {
  try {
    const t = globalThis.localStorage?.getItem(DRAFT_KEY);
    const d = t ? (JSON.parse(t) as Draft) : null;
    return d && typeof d === 'object' && 'scenario' in d ? d : null;
  } catch {
    return null;
  }
}

export interface EditorText {
  /** the scenario's JSON the text was typed over */
  base: string;
  text: string;
}

let editorTimer: ReturnType<typeof setTimeout> | null = null;
function saveEditorText(t: EditorText | null): void {
  if (editorTimer !== null) clearTimeout(editorTimer);
  const write = () => {
    try {
      if (t) globalThis.localStorage?.setItem(EDITOR_TEXT_KEY, JSON.stringify(t));
      else globalThis.localStorage?.removeItem(EDITOR_TEXT_KEY);
    } catch {
      // storage full or disabled: the text stays in this tab only
    }
  };
  // typing writes at most every 300 ms; clearing is at once
  if (t) editorTimer = setTimeout(write, 300);
  else write();
}

function loadEditorText(): EditorText | null {
  try {
    const t = globalThis.localStorage?.getItem(EDITOR_TEXT_KEY);
    const v = t ? (JSON.parse(t) as EditorText) : null;
    return v && typeof v.text === 'string' && typeof v.base === 'string' ? v : null;
  } catch {
    return null;
  }
}

export function clearDraft(): void {
  try {
    globalThis.localStorage?.removeItem(DRAFT_KEY);
  } catch {
    // nothing to clear
  }
}

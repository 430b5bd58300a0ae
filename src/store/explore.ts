// The Explore tab's state (zustand): the scope being edited, the run in the explore worker,
// its progress and its results. Kept apart from the main store: a search runs while the graph
// is scrubbed, and its results stay when the tab is left.
import { create } from 'zustand';
import type { ExploreResult } from '../explore/result';
import { parseScopeText, type Scope } from '../explore/scope';
import { DEFAULT_PRESET, PRESETS } from '../explore/presets';
import type { ExploreMemory, FromExploreWorker } from '../worker/explore-protocol';
import type { Progress } from '../explore/search';

export interface ExploreRunner {
  start(id: number, scope: Scope, shareBase: string): void;
  cancel(id: number): void;
}

export type ExploreStatus = 'idle' | 'running' | 'done' | 'failed';

export interface ExploreState {
  /** the scope as JSON text (the form edits it too) */
  text: string;
  preset: string | null;
  status: ExploreStatus;
  runId: number;
  progress: { progress: Progress; maxStates: number; depthBound: number; memory: ExploreMemory } | null;
  result: ExploreResult | null;
  memory: ExploreMemory | null;
  error: string | null;
  runner: ExploreRunner | null;
  /** when the run started (ms, performance.now()) */
  startedAt: number;
  setRunner(r: ExploreRunner): void;
  setText(text: string): void;
  loadPreset(id: string): void;
  /** Validate the text and start a run; false (and `error` set) when the scope is invalid. */
  start(shareBase: string): boolean;
  cancel(): void;
  receive(m: FromExploreWorker): void;
  died(reason: string): void;
}

const textOf = (s: Scope) => `${JSON.stringify(s, null, 2)}\n`;
const first = PRESETS.find((p) => p.id === DEFAULT_PRESET) ?? PRESETS[0]!;

export const useExplore = create<ExploreState>((set, get) => ({
  text: textOf(first.scope),
  preset: first.id,
  status: 'idle',
  runId: 0,
  progress: null,
  result: null,
  memory: null,
  error: null,
  runner: null,
  startedAt: 0,
  setRunner: (runner) => set({ runner }),
  setText: (text) => set({ text, preset: null }),
  loadPreset(id) {
    const p = PRESETS.find((x) => x.id === id);
    if (p) set({ text: textOf(p.scope), preset: p.id, error: null });
  },
  start(shareBase) {
    const s = get();
    const r = parseScopeText(s.text);
    if (!r.ok) {
      set({ error: r.issues.map((i) => i.message).join('\n') });
      return false;
    }
    if (s.status === 'running') s.runner?.cancel(s.runId);
    const runId = s.runId + 1;
    set({ runId, status: 'running', progress: null, result: null, memory: null, error: null, startedAt: performance.now() });
    s.runner?.start(runId, JSON.parse(s.text) as Scope, shareBase);
    return true;
  },
  cancel() {
    const s = get();
    if (s.status === 'running') s.runner?.cancel(s.runId);
  },
  receive(m) {
    if (m.id !== get().runId) return; // an earlier run
    if (m.type === 'progress') set({ progress: { progress: m.progress, maxStates: m.maxStates, depthBound: m.depthBound, memory: m.memory } });
    else if (m.type === 'done') set({ status: 'done', result: m.result, memory: m.memory });
    else set({ status: 'failed', error: m.message });
  },
  died(reason) {
    if (get().status === 'running') set({ status: 'failed', error: `The explore worker stopped (${reason}); run it again.` });
  },
}));

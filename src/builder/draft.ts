// Editing the scenario: append a step after a point of the timeline (forking off the steps
// after it), insert, delete or move a step anywhere, with undo and redo over whole scenarios.
import type { Scenario, Step } from '../scenario/types';

export interface History {
  past: Scenario[];
  future: Scenario[];
}

export const emptyHistory = (): History => ({ past: [], future: [] });

/** The scenario with `step` inserted after step `after`; later steps are dropped (a fork). */
export function appendAfter(s: Scenario, after: number, step: Step): Scenario {
  return { ...s, steps: [...s.steps.slice(0, after + 1), step] };
}

/** The scenario with `step` inserted after step `after` (-1: first); the later steps stay. */
export function insertAfter(s: Scenario, after: number, step: Step): Scenario {
  const at = Math.max(0, Math.min(after + 1, s.steps.length));
  return { ...s, steps: [...s.steps.slice(0, at), step, ...s.steps.slice(at)] };
}

/** The scenario without step `index`. */
export function deleteStep(s: Scenario, index: number): Scenario {
  return { ...s, steps: s.steps.filter((_, i) => i !== index) };
}

/** The scenario with step `from` moved to index `to` (both 0-based). */
export function moveStep(s: Scenario, from: number, to: number): Scenario {
  if (from === to || from < 0 || to < 0 || from >= s.steps.length || to >= s.steps.length) return s;
  const steps = s.steps.slice();
  const [x] = steps.splice(from, 1);
  steps.splice(to, 0, x!);
  return { ...s, steps };
}

/** How many steps an append after `after` would drop. */
export function dropped(s: Scenario, after: number): number {
  return Math.max(0, s.steps.length - (after + 1));
}

export function pushHistory(h: History, current: Scenario, limit = 100): History {
  return { past: [...h.past.slice(-(limit - 1)), current], future: [] };
}

export function undo(h: History, current: Scenario): { history: History; scenario: Scenario } | null {
  const prev = h.past.at(-1);
  if (!prev) return null;
  return { history: { past: h.past.slice(0, -1), future: [current, ...h.future] }, scenario: prev };
}

export function redo(h: History, current: Scenario): { history: History; scenario: Scenario } | null {
  const next = h.future[0];
  if (!next) return null;
  return { history: { past: [...h.past, current], future: h.future.slice(1) }, scenario: next };
}

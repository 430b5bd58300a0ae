// Editing the scenario: append a step after a point of the timeline (forking off the steps
// after it), with undo and redo over whole scenarios.
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

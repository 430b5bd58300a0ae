// Aligning two runs of one scenario: by scenario step, and within a step by event where both
// runs have one. Positions count applied events (0 = before anything), as the timeline's do.
// The events of a run are in step order (-1, the cold boot, then 0, 1, …), so every lookup is
// a binary search: a seek on a 100k-event run stays cheap.
import type { LuoEvent } from '../engine/events';

/** A run's events, as far as alignment needs them. */
export interface StepIndex {
  readonly events: readonly { step: number }[];
}

/** Index of the first event whose step is above `s`. */
function firstAbove(events: readonly { step: number }[], s: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.step <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [start, end) of step s's events (s = -1: the cold boot before step 0). */
export function stepSpan(events: readonly { step: number }[], s: number): [number, number] {
  return [firstAbove(events, s - 1), firstAbove(events, s)];
}

/** The step of the last applied event at `pos` (-1 before step 0). */
export function stepOfPosition(events: readonly { step: number }[], pos: number): number {
  return pos <= 0 ? -1 : (events[Math.min(pos, events.length) - 1]?.step ?? -1);
}

/**
 * Where B stands when A stands at `posA`: in the same step, after as many of the step's
 * events as A has applied (B's extra events of a step show when A reaches the step's end;
 * when B has fewer, B waits at its step's end).
 */
export function alignedPosition(a: readonly { step: number }[], b: readonly { step: number }[], posA: number): number {
  const s = stepOfPosition(a, posA);
  const [startA, endA] = stepSpan(a, s);
  const [startB, endB] = stepSpan(b, s);
  const k = Math.max(0, Math.min(posA, a.length) - startA);
  if (k >= endA - startA) return endB;
  return startB + Math.min(k, endB - startB);
}

/** One row of an aligned step: the i-th event of the step on each side (null where a side has fewer). */
export interface AlignedPair {
  a: number | null;
  b: number | null;
}

/** The events of step s, paired by their place in the step. */
export function alignStep(a: readonly LuoEvent[], b: readonly LuoEvent[], s: number): AlignedPair[] {
  const [sa, ea] = stepSpan(a, s);
  const [sb, eb] = stepSpan(b, s);
  const n = Math.max(ea - sa, eb - sb);
  const out: AlignedPair[] = [];
  for (let i = 0; i < n; i++) out.push({ a: sa + i < ea ? sa + i : null, b: sb + i < eb ? sb + i : null });
  return out;
}

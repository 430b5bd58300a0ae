// The timeline as data: every event, checkpoints of the visible state every K events, and
// marks for navigation. The state at any position is a checkpoint plus at most K-1 replays.
import type { LuoEvent } from '../engine/events';
import { applyEvent, applyEventShared, emptyView, newEpoch, type Epoch } from '../engine/projection';
import type { WorldView } from '../engine/view';

/** The least spacing of checkpoints; a wide generation spaces them by its width (below). */
export const CHECKPOINT_EVERY = 256;

export type MarkKind = 'kexec' | 'callback' | 'error' | 'step';

export interface Timeline {
  events: LuoEvent[];
  /** checkpoints[i] = the view after events[0 .. checkpointAt[i]); they share every record they have in common */
  checkpoints: WorldView[];
  /** ascending event positions of the checkpoints (checkpointAt[0] = 0) */
  checkpointAt: number[];
  /** events until the next checkpoint */
  nextCheckpoint: number;
  /** the view after every event so far (written copy-on-write while a run streams in) */
  tail: WorldView;
  /** what the tail owns since the last checkpoint: the rest is shared with checkpoints */
  epoch: Epoch;
  /** event indices, ascending, per kind of mark */
  marks: Record<MarkKind, number[]>;
}

export function emptyTimeline(): Timeline {
  const start = emptyView();
  return { events: [], checkpoints: [start], checkpointAt: [0], nextCheckpoint: CHECKPOINT_EVERY, tail: start, epoch: newEpoch(), marks: { kexec: [], callback: [], error: [], step: [] } };
}

/** An event that is worth stopping at as an error: a failed call, a panic, a violation. */
export function isErrorEvent(ev: LuoEvent): boolean {
  if (ev.type === 'result') return ev.result !== 'ok';
  // can_preserve() saying no is the normal handler walk, not an error
  if (ev.type === 'callback') return ev.result !== undefined && ev.result !== 'ok' && ev.result !== true && ev.callback !== 'can_preserve';
  return ev.type === 'panic' || ev.type === 'violation' || ev.type === 'deserialize' && ev.result !== 'ok';
}

/**
 * A private copy of a view for in-place replay. Ended generations (`past`) are never written
 * again, so they are shared rather than copied: a copy per checkpoint would make memory grow
 * with the square of the run's length.
 */
export function snapshot(view: WorldView): WorldView {
  const copy: WorldView = structuredClone({ ...view, past: [] as WorldView['past'] });
  copy.past = view.past.slice();
  return copy;
}

/** Append a batch (mutates the timeline's arrays for speed; returns it for chaining). */
export function appendEvents(tl: Timeline, batch: readonly LuoEvent[]): Timeline {
  let view = tl.tail;
  for (const ev of batch) {
    const i = tl.events.length;
    tl.events.push(ev);
    if (ev.type === 'boot' && ev.gen > 0) tl.marks.kexec.push(i);
    if (ev.type === 'callback') tl.marks.callback.push(i);
    if (ev.type === 'step') tl.marks.step.push(i);
    if (isErrorEvent(ev)) tl.marks.error.push(i);
    view = applyEventShared(view, ev, tl.epoch);
    if (tl.events.length === tl.nextCheckpoint) {
      // the checkpoint is the view itself; a new epoch copies what the next events write
      tl.checkpoints.push(view);
      tl.checkpointAt.push(tl.events.length);
      tl.epoch = newEpoch();
      tl.nextCheckpoint = tl.events.length + Math.max(CHECKPOINT_EVERY, Math.ceil(widthOf(view) / WIDTH_PER_GAP));
    }
  }
  tl.tail = view;
  return tl;
}

/**
 * Checkpoints are at least width / WIDTH_PER_GAP events apart: a checkpoint's copies then cost
 * at most WIDTH_PER_GAP entries per event (linear memory), and a seek replays at most
 * width / WIDTH_PER_GAP events (a 5,000-session generation: about 4,000).
 */
const WIDTH_PER_GAP = 8;

/** The visible state after the first `pos` events (0 = before anything). */
export function viewAt(tl: Timeline, pos: number): WorldView {
  const p = Math.max(0, Math.min(pos, tl.events.length));
  if (p === tl.events.length) return tl.tail;
  const c = lastAtOrBefore(tl.checkpointAt, p);
  // the events since the checkpoint onto it, copying only what they write
  const epoch = newEpoch();
  let view = tl.checkpoints[c]!;
  for (let i = tl.checkpointAt[c]!; i < p; i++) view = applyEventShared(view, tl.events[i]!, epoch);
  return view;
}

/** Index of the last entry of the ascending `at` that is <= p. */
function lastAtOrBefore(at: readonly number[], p: number): number {
  let lo = 0;
  let hi = at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (at[mid]! <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * How many entries the first writes after a checkpoint copy at most: the view's widest
 * records (a checkpoint every 256 events of a 5,000-session generation copied them all).
 */
function widthOf(v: WorldView): number {
  let widest = 0;
  for (const s of Object.values(v.sessions)) widest = Math.max(widest, s.order.length);
  return Object.keys(v.sessions).length + Object.keys(v.fds).length + Object.keys(v.files).length + widest;
}

/** At most this many events are applied to the view at hand rather than to a checkpoint's copy. */
const AHEAD = 64;

/** The view at `to`, given `at`, the view at `from`: a little ahead (a playback frame, a step)
 * the events between are applied purely to `at` (which stays intact: React holds it), so no
 * checkpoint is copied; anything else is viewAt(). */
export function viewAfter(tl: Timeline, from: number, at: WorldView, to: number): WorldView {
  if (to <= from || to - from > AHEAD || to > tl.events.length) return viewAt(tl, to);
  let view = at;
  for (let i = from; i < to; i++) view = applyEvent(view, tl.events[i]!);
  return view;
}

/** First mark strictly after pos, or null. Positions count applied events, so a mark at
 * event index i is reached at position i + 1. */
export function nextMark(marks: readonly number[], pos: number): number | null {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid]! + 1 <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo < marks.length ? marks[lo]! + 1 : null;
}

export function prevMark(marks: readonly number[], pos: number): number | null {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid]! + 1 < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? marks[lo - 1]! + 1 : null;
}

/** The scenario step the event before pos belongs to (-1: boot before step 0). */
export function stepAt(tl: Timeline, pos: number): number {
  return pos <= 0 ? -1 : (tl.events[Math.min(pos, tl.events.length) - 1]?.step ?? -1);
}

/** Index into marks.step of the first step event whose step is above `s` (binary search: a seek
 * on a long run must not scan every step). */
function firstStepAbove(tl: Timeline, s: number): number {
  const starts = tl.marks.step;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tl.events[starts[mid]!]!.step <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position of step s's own 'step' event (0 when it has none, as for the boot before step 0). */
export function startOfStep(tl: Timeline, s: number): number {
  const i = firstStepAbove(tl, s - 1);
  const at = tl.marks.step[i];
  return at !== undefined && tl.events[at]!.step === s ? at : 0;
}

/** Position just after the last event of step s (the step's end). */
export function endOfStep(tl: Timeline, s: number): number {
  const next = tl.marks.step[firstStepAbove(tl, s)];
  return next === undefined ? tl.events.length : next;
}

// The graph at a timeline position, shared by the screen and the exports. The structure is
// built once per run length and cached on the timeline.
import type { WorldView } from '../../engine/view';
import { endOfStep, stepAt, type Timeline } from '../../store/timeline';
import { renderGraph, touchedBy } from './render';
import { buildStructure, type Structure } from './structure';

const cache = new WeakMap<Timeline, { len: number; st: Structure }>();

export function structureOf(tl: Timeline): Structure {
  const hit = cache.get(tl);
  if (hit && hit.len === tl.events.length) return hit.st;
  const st = buildStructure(tl.events);
  cache.set(tl, { len: tl.events.length, st });
  return st;
}

/** Nodes touched by the current step up to the cursor, and where calls failed. */
export function marksAt(tl: Timeline, cursor: number) {
  const step = stepAt(tl, cursor);
  const start = step < 0 ? 0 : (tl.marks.step.find((i) => tl.events[i]!.step === step) ?? 0);
  return touchedBy(tl.events, start, Math.min(cursor, endOfStep(tl, step)));
}

export function graphAt(tl: Timeline, view: WorldView, cursor: number) {
  return renderGraph(structureOf(tl), view, cursor, marksAt(tl, cursor));
}

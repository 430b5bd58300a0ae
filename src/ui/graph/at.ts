// The graph at a timeline position, shared by the screen and the exports. The structure is
// built once per run length and cached on the timeline.
import type { WorldView } from '../../engine/view';
import { endOfStep, startOfStep, stepAt, type Timeline } from '../../store/timeline';
import { renderGraph, touchedBy } from './render';
import { HUB_EDGES } from './hub';
import { buildStructure, type Box, type Entity, type Structure } from './structure';

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
  const start = step < 0 ? 0 : startOfStep(tl, step);
  return touchedBy(tl.events, start, Math.min(cursor, endOfStep(tl, step)));
}

export function graphAt(tl: Timeline, view: WorldView, cursor: number) {
  return renderGraph(structureOf(tl), view, cursor, marksAt(tl, cursor));
}

const degrees = new WeakMap<Structure, Map<string, number>>();

/** How many edges each entity has over the whole run. */
function degreeOf(st: Structure): Map<string, number> {
  let d = degrees.get(st);
  if (!d) {
    d = new Map();
    for (const e of st.edges) for (const id of [e.source, e.target]) d.set(id, (d.get(id) ?? 0) + 1);
    degrees.set(st, d);
  }
  return d;
}

/** The node of generation `gen` the current step touched last (marks keep the order of the
 * last touch), preferring a file's own nodes (entry, session, fd) to the ones many files share
 * (a handler, an FLB, an fd number reused for file after file). With `onlyOwn`, never a shared
 * one: it sits far from each file, and the view following playback would swing to and fro. */
export function touchedAt(st: Structure, touched: ReadonlySet<string>, gen: number, onlyOwn = false): Box | undefined {
  const shared = (e: Entity) => e.type === 'handler' || e.type === 'flb' || (degreeOf(st).get(e.id) ?? 0) > HUB_EDGES;
  let own: Entity | undefined;
  let other: Entity | undefined;
  for (const id of touched) {
    const e = st.entities.get(id);
    if (!e || e.gen !== gen || e.type === 'handover') continue;
    if (shared(e)) other = e;
    else own = e;
  }
  const best = own ?? (onlyOwn ? undefined : other);
  return best && st.pos.get(best.id);
}

/** Where the action is in generation `gen` at the cursor: a node the current step touched, or
 * else the one that appeared last (what the view centres on when a lane is too big to read whole). */
export function focusAt(st: Structure, touched: ReadonlySet<string>, gen: number, cursor: number): Box | undefined {
  const hit = touchedAt(st, touched, gen);
  if (hit) return hit;
  let last: Entity | undefined;
  for (const e of st.entities.values()) if (e.gen === gen && e.type !== 'handover' && e.first < cursor && (!last || e.first > last.first)) last = e;
  return last && st.pos.get(last.id);
}

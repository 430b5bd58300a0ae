// What React Flow is handed in a big graph: the entities near the viewport and the edges that
// reach them. Pure, so it is tested apart from the canvas; render.ts builds nodes only for these.
import { HUB_EDGES } from './hub';
import type { Box } from './structure';

export type Rect = { x0: number; y0: number; x1: number; y1: number };

/** The ids inside `r`, plus the far end of an edge leaving it from a node that is not a hub (a
 * hub only draws the edges whose other end is near too: from far away they would be a fan of
 * lines through the view, hundreds of them to mount on every jump). */
export function cull<E extends { source: string; target: string }>(ids: readonly string[], box: (id: string) => Box, edges: readonly E[], r: Rect): { ids: Set<string>; edges: E[] } {
  const keep = new Set<string>();
  for (const id of ids) {
    const b = box(id);
    if (b.x < r.x1 && b.x + b.w > r.x0 && b.y < r.y1 && b.y + b.h > r.y0) keep.add(id);
  }
  const degree = new Map<string, number>();
  for (const e of edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const hub = (id: string) => (degree.get(id) ?? 0) > HUB_EDGES;
  const far = new Set<string>();
  const kept = edges.filter((e) => {
    const a = keep.has(e.source);
    const b = keep.has(e.target);
    if (a && b) return true;
    const other = a && !hub(e.source) ? e.target : b && !hub(e.target) ? e.source : null;
    if (other !== null) far.add(other);
    return other !== null;
  });
  for (const id of far) keep.add(id);
  return { ids: keep, edges: kept };
}

// What React Flow is handed in a big graph: the nodes near the viewport and the edges that
// reach them. Pure, so it is tested apart from the canvas.
import type { Edge, Node } from '@xyflow/react';

export type Rect = { x0: number; y0: number; x1: number; y1: number };

/** A node with more edges than this (a handler every file links to, the handover image) only
 * draws the edges whose other end is near too: from far away they would be a fan of lines
 * through the view, hundreds of them to mount on every jump. */
export const HUB_EDGES = 12;

export function cull(nodes: Node[], edges: Edge[], r: Rect): { nodes: Node[]; edges: Edge[] } {
  const inside = (n: Node) => n.type === 'lane' || (n.position.x < r.x1 && n.position.x + (n.width ?? 0) > r.x0 && n.position.y < r.y1 && n.position.y + (n.height ?? 0) > r.y0);
  const keep = new Set<string>();
  for (const n of nodes) if (inside(n)) keep.add(n.id);
  const degree = new Map<string, number>();
  for (const e of edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const hub = (id: string) => (degree.get(id) ?? 0) > HUB_EDGES;
  // an edge leaving the area keeps its far end, so it is still drawn
  const far = new Set<string>();
  const es = edges.filter((e) => {
    const a = keep.has(e.source);
    const b = keep.has(e.target);
    if (a && b) return true;
    const from = a && !hub(e.source) ? e.target : b && !hub(e.target) ? e.source : null;
    if (from !== null) far.add(from);
    return from !== null;
  });
  return { nodes: nodes.filter((n) => keep.has(n.id) || far.has(n.id)), edges: es };
}

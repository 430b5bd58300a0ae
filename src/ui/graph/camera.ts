// Where the view goes when the cursor enters a generation: pure, from the layout alone, so it
// needs no measured nodes and can move in the same commit as the graph.
import type { Box } from './structure';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The smallest zoom the view opens or follows a lane at: the nodes' smallest text (12 px)
 * is then 11 px on screen. */
export const READABLE_ZOOM = 0.92;
const MAX_ZOOM = 1.1;
/** the margin around a fitted lane, as a share of its size (React Flow's fitView padding) */
const PADDING = 0.06;

/** The whole lane when it can be read that way; else a readable zoom centred on `focus`
 * (what the step touched), or the lane's top left. */
export function cameraFor(lane: Box, focus: Box | undefined, width: number, height: number): Viewport {
  const fit = Math.min(width / (lane.w * (1 + 2 * PADDING)), height / (lane.h * (1 + 2 * PADDING)), MAX_ZOOM);
  const centre = (b: Box, zoom: number) => ({ x: width / 2 - (b.x + b.w / 2) * zoom, y: height / 2 - (b.y + b.h / 2) * zoom, zoom });
  if (fit >= READABLE_ZOOM) return centre(lane, fit);
  const z = READABLE_ZOOM;
  const v = focus ? centre(focus, z) : { x: MARGIN - lane.x * z, y: MARGIN - lane.y * z, zoom: z };
  // no empty band beside the lane where it is bigger than the view
  const keep = (at: number, from: number, size: number, view: number) => (size * z + 2 * MARGIN <= view ? at : Math.min(MARGIN - from * z, Math.max(view - MARGIN - (from + size) * z, at)));
  return { x: keep(v.x, lane.x, lane.w, width), y: keep(v.y, lane.y, lane.h, height), zoom: z };
}

const MARGIN = 12;

/** While playing or stepping: the view panned (same zoom) along the axis where `b` left it,
 * or null when `b` is inside the view (the view stays). `b` goes a third of the way in from
 * the side it left by, so the action, which moves on that way, stays in view longer. */
export function followTo(b: Box, v: Viewport, width: number, height: number): Viewport | null {
  const place = (at: number, size: number, view: number, from: number) => {
    const s = at * v.zoom + from;
    if (s >= 0 && s + size * v.zoom <= view) return from;
    // left by the far side: a third from the near side; by the near side: a third from the far side
    const want = s > 0 ? view / 3 : (2 * view) / 3;
    return want - (at + size / 2) * v.zoom;
  };
  const x = place(b.x, b.w, width, v.x);
  const y = place(b.y, b.h, height, v.y);
  return x === v.x && y === v.y ? null : { x, y, zoom: v.zoom };
}

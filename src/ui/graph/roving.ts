// The graph as one Tab stop (a roving tabindex): which node holds it, and where an arrow key
// goes from it. Pure, from the layout's boxes, so it is tested without a browser.
import type { Box } from './structure';

export type Direction = 'left' | 'right' | 'up' | 'down';

export const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/** The node nearest to `from` in `dir`: its centre must lie that way (more along the axis
 * than across it, with a little slack); nearer along the axis wins, being off the axis
 * counts double. Null when nothing lies that way. */
export function nearestInDirection(from: Box, nodes: Iterable<[string, Box]>, dir: Direction): string | null {
  const cx = from.x + from.w / 2;
  const cy = from.y + from.h / 2;
  let best: string | null = null;
  let bestScore = Infinity;
  for (const [id, b] of nodes) {
    const dx = b.x + b.w / 2 - cx;
    const dy = b.y + b.h / 2 - cy;
    const along = dir === 'right' ? dx : dir === 'left' ? -dx : dir === 'down' ? dy : -dy;
    const across = Math.abs(dir === 'left' || dir === 'right' ? dy : dx);
    if (along <= 1 || across > along * 2.5) continue;
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = id;
    }
  }
  return best;
}

/** Reading order (top to bottom, then left to right): the first node is where Tab lands
 * when no node was chosen yet. */
export function firstInReadingOrder(nodes: Iterable<[string, Box]>): string | null {
  let best: [string, Box] | null = null;
  for (const n of nodes) if (!best || n[1].y < best[1].y - 4 || (Math.abs(n[1].y - best[1].y) <= 4 && n[1].x < best[1].x)) best = n;
  return best ? best[0] : null;
}

// Filtering the event list of a long run: each event as one lower-case line of its fields
// (built once per run length), and the matches around the cursor.
import type { LuoEvent } from '../../engine/events';

const cache = new WeakMap<readonly LuoEvent[], string[]>();

function lineOf(ev: LuoEvent): string {
  const parts: string[] = [ev.type];
  for (const [k, v] of Object.entries(ev)) {
    if (k === 'seq' || k === 'step' || k === 'gen') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') parts.push(`${k} ${String(v)}`);
    else if (v && typeof v === 'object' && k !== 'image') parts.push(JSON.stringify(v));
  }
  if (ev.type === 'fd_open' || ev.type === 'fd_close') parts.push(`fd ${ev.fd}`);
  return parts.join(' ').toLowerCase();
}

/** The lines of the first `upTo` events (extended as the run grows). */
function linesOf(events: readonly LuoEvent[]): string[] {
  let lines = cache.get(events);
  if (!lines) cache.set(events, (lines = []));
  for (let i = lines.length; i < events.length; i++) lines.push(lineOf(events[i]!));
  return lines;
}

/** Indices of the events matching `query` (every word), at most `around` each side of the cursor. */
export function matchesAround(events: readonly LuoEvent[], query: string, cursor: number, around: number): { rows: number[]; total: number } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const lines = linesOf(events);
  const all: number[] = [];
  for (let i = 0; i < lines.length; i++) if (words.every((w) => lines[i]!.includes(w))) all.push(i);
  // the first match at or after the event before the cursor: the list follows the cursor
  let at = all.findIndex((i) => i >= cursor - 1);
  if (at < 0) at = all.length;
  return { rows: all.slice(Math.max(0, at - around), at + around), total: all.length };
}

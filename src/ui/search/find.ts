// Search a run: sessions by name, files by token, handlers and FLBs by compatible, fds by
// number, failed calls by errno. Pure: from the run's structure and events.
import type { LuoEvent } from '../../engine/events';
import type { Timeline } from '../../store/timeline';
import { touchedBy } from '../graph/render';
import type { Structure } from '../graph/structure';

export interface Hit {
  /** the node to select (null: an error on no node) */
  node: string | null;
  /** where the cursor goes: the node's first appearance, or just after the failed event */
  at: number;
  label: string;
}

const MAX_HITS = 30;

function errnoOf(ev: LuoEvent): string | null {
  if (ev.type === 'result' && ev.result !== 'ok') return ev.result;
  if (ev.type === 'callback' && typeof ev.result === 'string' && ev.result !== 'ok') return ev.result;
  return null;
}

/** Up to MAX_HITS hits for `query` (case-insensitive; "fd 5", "token 1", "vm1", "hugetlb", "ENOENT"). */
export function findInRun(st: Structure, tl: Timeline, query: string): Hit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: Hit[] = [];
  const bare = q.replace(/^(fd|token)\s+/, '');
  for (const e of st.entities.values()) {
    if (hits.length >= MAX_HITS) break;
    const keys = [e.label.toLowerCase(), e.key.compatible?.toLowerCase(), e.key.token !== undefined ? `token ${e.key.token}` : undefined, e.key.fd !== undefined ? `fd ${e.key.fd}` : undefined];
    const exact = (e.type === 'fd' && String(e.key.fd) === bare && !q.startsWith('token')) || (e.type === 'entry' && e.key.token === bare && !q.startsWith('fd'));
    if (exact || keys.some((k) => k !== undefined && k.includes(q))) {
      const kind = e.type === 'entry' ? 'preserved file' : e.type === 'flb' ? 'FLB' : e.type;
      hits.push({ node: e.id, at: e.first + 1, label: `${kind} ${e.label} · gen ${e.gen}` });
    }
  }
  if (/^e[a-z0-9]+$/.test(q)) {
    for (const i of tl.marks.error) {
      if (hits.length >= MAX_HITS) break;
      const ev = tl.events[i]!;
      const errno = errnoOf(ev);
      if (!errno || !errno.toLowerCase().startsWith(q)) continue;
      const failed = [...touchedBy(tl.events, i, i + 1).failed.keys()];
      hits.push({ node: failed[0] ?? null, at: i + 1, label: `${errno} at event ${i + 1} · step ${ev.step + 1}` });
    }
  }
  return hits;
}

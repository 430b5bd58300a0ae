// The explore worker's logic, apart from its message port (tests drive it directly): one search
// at a time, run in slices so a cancel gets through and progress goes out about ten times a second.
import { buildResult } from '../explore/result';
import { validateScope } from '../explore/scope';
import { createSearch, type Search } from '../explore/search';
import { EXPLORE_PROTOCOL_VERSION as V, isToExploreWorker, type ExploreMemory, type FromExploreWorker } from './explore-protocol';

/** How long one slice of the search runs before the worker looks at its messages again. */
export const SLICE_MS = 100;

export function createExploreHost(post: (m: FromExploreWorker) => void, later: (f: () => void) => void = (f) => setTimeout(f, 0)) {
  let current: { id: number; search: Search; shareBase: string } | null = null;
  const memory = (s: Search): ExploreMemory => {
    const perf = (globalThis as { performance?: { memory?: { usedJSHeapSize?: number } } }).performance;
    return { tables: s.bytes(), heap: perf?.memory?.usedJSHeapSize ?? null };
  };
  const slice = () => {
    const c = current;
    if (!c) return;
    try {
      const done = c.search.run(SLICE_MS);
      if (current !== c) return;
      if (!done) {
        post({ v: V, type: 'progress', id: c.id, progress: c.search.progress(), maxStates: c.search.maxStates, depthBound: c.search.scope.depth, memory: memory(c.search) });
        later(slice);
        return;
      }
      current = null;
      post({ v: V, type: 'done', id: c.id, result: buildResult(c.search, { shareBase: c.shareBase }), memory: memory(c.search) });
    } catch (e) {
      current = null;
      post({ v: V, type: 'failed', id: c.id, message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (m: unknown) => {
    if (!isToExploreWorker(m)) return;
    if (m.type === 'cancel') {
      if (current?.id === m.id) current.search.cancel(); // the next slice ends it and sends what was found
      return;
    }
    const r = validateScope(m.scope);
    if (!r.ok) {
      post({ v: V, type: 'failed', id: m.id, message: `not a valid scope: ${r.issues.map((i) => i.message).join('; ')}` });
      return;
    }
    current = { id: m.id, search: createSearch(r.scope), shareBase: m.shareBase };
    later(slice);
  };
}

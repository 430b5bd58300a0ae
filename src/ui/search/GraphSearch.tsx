// Search the run (big runs: thousands of sessions): a session name, a token, a compatible, an
// fd, an errno. Choosing a hit moves the cursor there and selects the node; the graph then
// brings it into view (GraphView).
import { Panel } from '@xyflow/react';
import { useDeferredValue, useMemo, useState } from 'react';
import { useLuo } from '../../store/store';
import { structureOf } from '../graph/at';
import { findInRun, type Hit } from './find';

const field = 'w-56 rounded border border-slate-300 bg-white px-2 py-1 text-[12px] text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';

export function GraphSearch() {
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query);
  const timeline = useLuo((s) => s.timeline);
  const version = useLuo((s) => s.version);
  const done = useLuo((s) => s.status === 'done');
  const hits = useMemo(() => {
    void version;
    return done && q.trim() ? findInRun(structureOf(timeline), timeline, q) : [];
  }, [timeline, version, done, q]);
  const go = (h: Hit) => {
    const s = useLuo.getState();
    s.seek(h.at);
    if (h.node) s.select({ kind: 'node', id: h.node });
  };
  return (
    <Panel position="top-left">
      <div className="rounded-md border border-slate-300 bg-white/95 p-1 shadow dark:border-slate-600 dark:bg-slate-900/95">
        <input
          type="search"
          className={field}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && hits[0]) go(hits[0]);
          }}
          placeholder="Search: vm1, token 3, hugetlb, fd 5, ENOENT"
          aria-label="Search the run"
        />
        {q.trim() ? (
          <ul className="mt-1 max-h-64 w-56 overflow-auto text-[12px]" aria-label="Search results">
            {hits.length ? (
              hits.map((h, k) => (
                <li key={k}>
                  <button type="button" className="block w-full truncate rounded px-1 py-0.5 text-left text-slate-800 hover:bg-sky-100 dark:text-slate-100 dark:hover:bg-sky-900" onClick={() => go(h)} title={h.label}>
                    {h.label}
                  </button>
                </li>
              ))
            ) : (
              <li className="px-1 text-slate-600 dark:text-slate-300">Nothing found</li>
            )}
          </ul>
        ) : null}
      </div>
    </Panel>
  );
}

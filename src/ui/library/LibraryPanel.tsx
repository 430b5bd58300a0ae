// The built-in library: lessons and kernel selftests, searchable; opening one runs it.
import { useMemo, useState } from 'react';
import { LIBRARY, searchLibrary } from '../../scenario/library';
import { useLuo } from '../../store/store';
import { useCompare } from '../../store/compare';

export default function LibraryPanel() {
  const [q, setQ] = useState('');
  const list = useMemo(() => (q.trim() ? searchLibrary(q) : LIBRARY), [q]);
  const current = useLuo((s) => s.scenario?.title);
  return (
    <div className="p-3" data-testid="library">
      <label className="block text-xs font-semibold">
        Search the library
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="flb, kexec, EBUSY, 7.1, selftest…" className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal dark:border-slate-600 dark:bg-slate-800" />
      </label>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" role="status">
        {list.length} of {LIBRARY.length} scenarios
      </p>
      <ul className="mt-2 space-y-2">
        {list.map((e) => (
          <li key={e.id} className={`rounded border p-2 ${current === e.scenario.title ? 'border-sky-600' : 'border-slate-200 dark:border-slate-700'}`}>
            <div className="flex items-start gap-2">
              <div className="min-w-0 flex-1 [overflow-wrap:anywhere]">
                <h3 className="text-sm font-semibold">{e.title}</h3>
                <p className="text-xs text-slate-700 dark:text-slate-300">{e.summary}</p>
              </div>
              <button type="button" className="shrink-0 rounded bg-sky-700 px-2 py-0.5 text-xs font-semibold text-white hover:bg-sky-800" aria-label={`Open: ${e.title}`} onClick={() => {
                  // a comparison opens in compare mode; any other entry alone
                  useCompare.getState().openWith(e.compare ?? null);
                  useLuo.getState().requestOpen(e.scenario, { source: `The library scenario "${e.title}"` });
                }}>
                {e.compare ? 'Compare' : 'Open'}
              </button>
            </div>
            <details className="mt-1 text-xs">
              <summary className="cursor-pointer text-slate-600 dark:text-slate-400">What it teaches · {e.tags.join(', ')}</summary>
              <p className="mt-1">{e.teaches}</p>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}

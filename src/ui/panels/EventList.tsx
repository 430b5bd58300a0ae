// The event log as text (the graph's text alternative): a window around the cursor, each
// event labelled; activate one to move the cursor there.
import { useDeferredValue, useMemo, useState } from 'react';
import { matchesAround } from './eventFilter';
import { makeProfile } from '../../engine/profiles';
import { explainEvent } from '../../explain/explain';
import { useLuo } from '../../store/store';
import { PLAYING_TEXT_MS, useSampled } from './sampled';

const WINDOW = 60;

export default function EventList() {
  const playing = useLuo((s) => s.playing);
  const cursor = useDeferredValue(useSampled(useLuo((s) => s.cursor), PLAYING_TEXT_MS, playing));
  const timeline = useLuo((s) => s.timeline);
  const version = useLuo((s) => s.version);
  const seek = useLuo((s) => s.seek);
  const view = useLuo((s) => s.view);
  const [filter, setFilter] = useState('');
  const query = useDeferredValue(filter.trim());
  const { rows, total } = useMemo(() => {
    void version;
    const profile = makeProfile(view.profile, view.patches);
    const label = (i: number) => ({ i, ev: timeline.events[i]!, e: explainEvent(timeline.events[i]!, { profile }) });
    if (query) {
      // the matches around the cursor, so the list follows it
      const m = matchesAround(timeline.events, query, cursor, WINDOW / 2);
      return { rows: m.rows.map(label), total: m.total };
    }
    const from = Math.max(0, cursor - WINDOW / 2);
    const to = Math.min(timeline.events.length, from + WINDOW);
    return { rows: Array.from({ length: to - from }, (_, k) => label(from + k)), total: -1 };
  }, [timeline, cursor, version, view.profile, view.patches, query]);
  return (
    <div>
      <div className="flex items-center gap-2 px-3 py-1.5">
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter: vm1, EBUSY, retrieve, fd 5" aria-label="Filter the events" className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs dark:border-slate-600 dark:bg-slate-800" />
        {total >= 0 ? (
          <span role="status" className="shrink-0 text-xs text-slate-600 dark:text-slate-300">
            {total.toLocaleString('en')} match{total === 1 ? '' : 'es'}
          </span>
        ) : null}
      </div>
    <ol className="divide-y divide-slate-200 text-xs dark:divide-slate-700" aria-label="Events around the cursor">
      {rows.map(({ i, ev, e }) => {
        const current = i === cursor - 1;
        const tone = e.tone === 'error' ? 'text-red-700 dark:text-red-400' : e.tone === 'warn' ? 'text-amber-700 dark:text-amber-300' : '';
        return (
          <li key={i}>
            <button
              type="button"
              onClick={() => seek(i + 1)}
              aria-current={current ? 'step' : undefined}
              className={`block w-full px-3 py-1 text-left hover:bg-slate-100 dark:hover:bg-slate-800 ${current ? 'bg-sky-100 font-semibold dark:bg-sky-900' : ''} ${i >= cursor ? 'opacity-60' : ''}`}
            >
              <span className="mr-2 inline-block w-10 text-right font-mono text-slate-600 dark:text-slate-300">{i + 1}</span>
              <span className="mr-2 font-mono text-slate-600 dark:text-slate-300">g{ev.gen}</span>
              <span className={tone}>{e.label}</span>
            </button>
          </li>
        );
      })}
    </ol>
    </div>
  );
}

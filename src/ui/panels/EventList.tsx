// The event log as text (the graph's text alternative): a window around the cursor, each
// event labelled; activate one to move the cursor there.
import { useDeferredValue, useMemo } from 'react';
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
  const rows = useMemo(() => {
    void version;
    const from = Math.max(0, cursor - WINDOW / 2);
    const to = Math.min(timeline.events.length, from + WINDOW);
    const profile = makeProfile(view.profile, view.patches);
    return timeline.events.slice(from, to).map((ev, k) => ({ i: from + k, ev, e: explainEvent(ev, { profile }) }));
  }, [timeline, cursor, version, view.profile, view.patches]);
  return (
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
  );
}

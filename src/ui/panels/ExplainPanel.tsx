// Explain: the event at the cursor in plain words, and the kernel function it models.
import { useDeferredValue, useMemo } from 'react';
import { makeProfile } from '../../engine/profiles';
import { explainEvent } from '../../explain/explain';
import { useLuo } from '../../store/store';
import { viewAt } from '../../store/timeline';
import { PLAYING_TEXT_MS, useSampled } from './sampled';

export default function ExplainPanel() {
  // rendered after the graph: a seek or a playback frame does not wait for the words; while
  // playing, they follow the cursor four times a second (sampled.ts)
  const playing = useLuo((s) => s.playing);
  const cursor = useDeferredValue(useSampled(useLuo((s) => s.cursor), PLAYING_TEXT_MS, playing));
  const timeline = useLuo((s) => s.timeline);
  const version = useLuo((s) => s.version);
  const ex = useMemo(() => {
    void version;
    const ev = timeline.events[cursor - 1];
    if (!ev) return null;
    // the state before the event makes the text exact
    const prev = viewAt(timeline, cursor - 1);
    return { ev, profile: ev.type === 'boot' ? ev.profile : prev.profile, e: explainEvent(ev, { profile: makeProfile(prev.profile, prev.patches), prev }) };
  }, [timeline, cursor, version]);
  if (!ex) return <p className="p-3 text-sm text-slate-600 dark:text-slate-400">Step forward to see each event explained.</p>;
  const tone = { info: 'border-slate-400', ok: 'border-emerald-600', error: 'border-red-600', warn: 'border-amber-500' }[ex.e.tone];
  return (
    <section aria-label="Explanation of the current event" aria-live="polite" className={`m-3 rounded border-l-4 bg-white p-3 text-sm shadow-sm dark:bg-slate-800 ${tone}`} data-testid="explain">
      <div className="text-xs text-slate-600 dark:text-slate-400">
        event {cursor} · step {ex.ev.step < 0 ? 'boot' : ex.ev.step + 1} · gen {ex.ev.gen} · {ex.profile}
      </div>
      <p className="mt-1">{ex.e.text}</p>
      <p className="mt-2 font-mono text-xs text-slate-700 dark:text-slate-300">models {ex.e.kernel}</p>
      {ex.e.doc ? (
        <a className="mt-1 inline-block text-xs text-sky-700 underline dark:text-sky-300" href={ex.e.doc} target="_blank" rel="noreferrer noopener">
          kernel documentation
        </a>
      ) : null}
    </section>
  );
}

// Learn: guided tours over the real engine (predict, then reveal) and the glossary.
import { useState } from 'react';
import TOUR_DATA from 'virtual:luoscope/tour-data';
import { GLOSSARY } from '../../explain/glossary';
import { useLuo } from '../../store/store';
import { answer, exitTour, goToStop, tourFragment } from '../../store/tour';
import { findTour, TOURS } from '../../tours';
import type { Tour, TourStop } from '../../tours/types';
import { TourCompareNote } from '../compare/TourNote';

const btn = 'rounded border border-slate-300 px-2 py-1 text-xs font-medium disabled:opacity-40 dark:border-slate-600';
const primary = 'rounded bg-sky-700 px-2 py-1 text-xs font-semibold text-white hover:bg-sky-800 disabled:opacity-40';

function Compare({ tour, stop }: { tour: Tour; stop: TourStop }) {
  const c = stop.compare!;
  const traces = [c.left, c.right].map((k) => TOUR_DATA.traces[tour.id]?.[k] ?? ''); // built at build time
  return (
    <div className="mt-3 grid grid-cols-2 gap-2" aria-label="Side by side">
      {[c.leftLabel, c.rightLabel].map((label, i) => (
        <figure key={label} className="min-w-0">
          <figcaption className="text-xs font-semibold">{label}</figcaption>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-100 p-1 font-mono text-[9px] leading-tight dark:bg-slate-800">{traces[i]}</pre>
        </figure>
      ))}
    </div>
  );
}

function TourView({ tour, stop, answers }: { tour: Tour; stop: number; answers: Record<number, number> }) {
  const st = tour.stops[stop]!;
  const given = answers[stop];
  const waiting = st.predict !== undefined && given === undefined;
  const [copied, setCopied] = useState(false);
  return (
    <div className="p-3" data-testid="tour">
      <div className="flex items-center gap-2">
        <h2 className="flex-1 text-sm font-semibold">{tour.title}</h2>
        <button type="button" className={btn} onClick={exitTour}>
          Exit tour
        </button>
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid="tour-progress">
        Stop {stop + 1} of {tour.stops.length}
      </p>
      <h3 className="mt-2 text-base font-semibold">{st.title}</h3>
      {waiting ? (
        <div className="mt-2 rounded border border-sky-300 bg-sky-50 p-2 dark:border-sky-700 dark:bg-sky-950" role="group" aria-label="Predict">
          <p className="text-sm font-medium">Predict: {st.predict!.question}</p>
          <div className="mt-2 flex flex-col gap-1">
            {st.predict!.choices.map((c, i) => (
              <button key={c} type="button" className={`${btn} text-left`} onClick={() => answer(i)}>
                {c}
              </button>
            ))}
          </div>
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">The timeline waits just before it happens.</p>
        </div>
      ) : (
        <>
          {st.predict ? (
            <p className={`mt-2 rounded p-2 text-sm ${given === st.predict.answer ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100' : 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100'}`} role="status">
              {given === st.predict.answer ? 'Right: ' : `Not quite — the answer is "${st.predict.choices[st.predict.answer]}". `}
              {st.predict.why}
            </p>
          ) : null}
          <p className="mt-2 text-sm leading-relaxed">{st.text}</p>
          {st.kernel ? <p className="mt-2 font-mono text-xs text-slate-700 dark:text-slate-300">models {st.kernel}</p> : null}
          {st.compare ? <Compare tour={tour} stop={st} /> : null}
          <TourCompareNote stop={st} />
        </>
      )}
      <div className="mt-3 flex items-center gap-2">
        <button type="button" className={btn} disabled={stop === 0} onClick={() => goToStop(tour.id, stop - 1)}>
          ◀ Back
        </button>
        <button type="button" className={primary} disabled={stop >= tour.stops.length - 1} onClick={() => goToStop(tour.id, stop + 1)}>
          Next ▶
        </button>
        <button
          type="button"
          className={`${btn} ml-auto`}
          onClick={() => {
            void navigator.clipboard?.writeText(`${location.origin}${location.pathname}${tourFragment(tour.id, stop)}`).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? 'Link copied' : 'Link to this stop'}
        </button>
      </div>
    </div>
  );
}

function Glossary() {
  const [q, setQ] = useState('');
  const list = GLOSSARY.filter((g) => `${g.term} ${g.definition}`.toLowerCase().includes(q.toLowerCase()));
  return (
    <section className="mt-4" aria-label="Glossary">
      <h2 className="text-sm font-semibold">Glossary</h2>
      <input type="search" value={q} onChange={(e) => setQ(e.target.value)} aria-label="Search the glossary" placeholder="FLB, token, freeze…" className="mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800" />
      <dl className="mt-2 space-y-2 text-xs">
        {list.map((g) => (
          <div key={g.term}>
            <dt className="font-semibold">{g.term}</dt>
            <dd>
              {g.definition}
              {g.kernel ? <span className="block font-mono text-slate-600 dark:text-slate-400">{g.kernel}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs">
        Kernel documentation:{' '}
        <a className="text-sky-700 underline dark:text-sky-300" href="https://docs.kernel.org/core-api/liveupdate.html" target="_blank" rel="noreferrer noopener">
          Live Update Orchestrator
        </a>
        ,{' '}
        <a className="text-sky-700 underline dark:text-sky-300" href="https://docs.kernel.org/userspace-api/liveupdate.html" target="_blank" rel="noreferrer noopener">
          its userspace API
        </a>
        .
      </p>
    </section>
  );
}

export default function LearnPanel() {
  const tour = useLuo((s) => s.tour);
  const active = tour ? findTour(tour.id) : undefined;
  if (tour && active) return <TourView tour={active} stop={tour.stop} answers={tour.answers} />;
  return (
    <div className="p-3" data-testid="learn">
      <h2 className="text-sm font-semibold">Guided tours</h2>
      <p className="text-xs text-slate-600 dark:text-slate-400">Each tour runs a real scenario and stops at the events that matter. Some stops ask you to predict what happens next.</p>
      <ul className="mt-2 space-y-2">
        {TOURS.map((t) => (
          <li key={t.id} className="rounded border border-slate-200 p-2 dark:border-slate-700">
            <div className="flex items-start gap-2">
              <div className="flex-1">
                <h3 className="text-sm font-semibold">{t.title}</h3>
                <p className="text-xs text-slate-700 dark:text-slate-300">
                  {t.summary} ({t.stops.length} stops)
                </p>
              </div>
              <button type="button" className={primary} aria-label={`Start the tour: ${t.title}`} onClick={() => goToStop(t.id, 0)}>
                Start
              </button>
            </div>
          </li>
        ))}
      </ul>
      <Glossary />
    </div>
  );
}

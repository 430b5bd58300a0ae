// The timeline: scrubber with kexec and error marks, stepping by event and by scenario
// step, play/pause with speed, jumps to the next kexec / callback / error, "Step N of M".
import { useEffect, useMemo, memo } from 'react';
import { useLuo } from '../../store/store';
import { stepAt } from '../../store/timeline';
import { SPEEDS, timelineActions } from './actions';
import { useMiss } from './miss';
import { markTicks } from './ticks';
import { DivergenceButtons, DivergenceStrip } from '../compare/entry';

function MarkStrip({ total }: { total: number }) {
  const timeline = useLuo((s) => s.timeline);
  const version = useLuo((s) => s.version);
  const ticks = useMemo(() => {
    void version;
    return markTicks(timeline.marks, total);
  }, [timeline, version, total]);
  return (
    <svg className="pointer-events-none absolute inset-x-0 top-0 h-2.5 w-full" preserveAspectRatio="none" viewBox="0 0 100 10" aria-hidden="true">
      {ticks.map((t, i) => (
        <rect key={i} x={t.x - (t.kind === 'kexec' ? 0.25 : 0.1)} y={t.kind === 'kexec' ? 0 : 4} width={t.kind === 'kexec' ? 0.5 : 0.2} height={t.kind === 'kexec' ? 10 : 6} className={t.kind === 'kexec' ? 'fill-fuchsia-600' : 'fill-red-600'} />
      ))}
    </svg>
  );
}

/** "No later error": a jump that found nothing says so (role=status, read out). */
function JumpMiss() {
  const text = useMiss((m) => m.text);
  const n = useMiss((m) => m.n);
  return (
    <span role="status" key={n} className="text-xs text-amber-800 dark:text-amber-300" data-testid="jump-miss">
      {text ?? ''}
    </span>
  );
}

const btn =
  'rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700';

function TimelineImpl() {
  const cursor = useLuo((s) => s.cursor);
  const total = useLuo((s) => s.timeline.events.length);
  const version = useLuo((s) => s.version);
  const steps = useLuo((s) => s.scenario?.steps.length ?? 0);
  const playing = useLuo((s) => s.playing);
  const speed = useLuo((s) => s.speed);
  const setSpeed = useLuo((s) => s.setSpeed);
  const seek = useLuo((s) => s.seek);
  const timeline = useLuo((s) => s.timeline);
  const step = useMemo(() => {
    void version;
    return stepAt(timeline, cursor);
  }, [timeline, cursor, version]);
  const a = timelineActions();

  useEffect(() => {
    if (!playing) return;
    // one seek per animation frame, as many events as the speed asks for: a frame is one render
    let raf = 0;
    let last = performance.now();
    let due = 0;
    const tick = (now: number) => {
      due += ((now - last) * speed) / 1000;
      last = now;
      const n = Math.floor(due);
      if (n > 0) {
        due -= n;
        const s = useLuo.getState();
        const to = Math.min(s.cursor + n, s.timeline.events.length);
        s.seek(to);
        if (to >= s.timeline.events.length) {
          s.setPlaying(false);
          return;
        }
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, speed]);

  const atStart = cursor <= 0;
  const atEnd = cursor >= total;
  return (
    <section aria-label="Timeline" className="border-t border-slate-300 bg-slate-50 px-3 py-2 dark:border-slate-700 dark:bg-slate-900">
      <div className="relative pt-2.5">
        <MarkStrip total={total} />
        <DivergenceStrip total={total} />
        <input
          type="range"
          min={0}
          max={total}
          value={cursor}
          onChange={(e) => seek(Number(e.target.value))}
          aria-label="Timeline position (events)"
          aria-valuetext={`event ${cursor} of ${total}, step ${step + 1} of ${steps}`}
          className="w-full accent-sky-700"
        />
      </div>
      <div className="mt-1 flex flex-wrap items-center gap-1.5">
        <button type="button" className={btn} onClick={a.start} disabled={atStart} title="Start (Home)" aria-label="Go to start">|◀</button>
        <button type="button" className={btn} onClick={a.stepBack} disabled={atStart} title="Previous step (Shift+←)" aria-label="Previous step">◀◀ step</button>
        <button type="button" className={btn} onClick={a.back} disabled={atStart} title="Previous event (←)" aria-label="Previous event">◀ event</button>
        <button type="button" className={`${btn} min-w-16`} onClick={a.togglePlay} title="Play or pause (Space)" aria-label={playing ? 'Pause' : 'Play'} aria-pressed={playing}>
          {playing ? '❚❚ pause' : '▶ play'}
        </button>
        <button type="button" className={btn} onClick={a.forward} disabled={atEnd} title="Next event (→)" aria-label="Next event">event ▶</button>
        <button type="button" className={btn} onClick={a.stepForward} disabled={atEnd} title="Next step (Shift+→)" aria-label="Next step">step ▶▶</button>
        <button type="button" className={btn} onClick={a.end} disabled={atEnd} title="End (End)" aria-label="Go to end">▶|</button>
        <span className="mx-1 h-5 w-px bg-slate-300 dark:bg-slate-600" aria-hidden="true" />
        {(['kexec', 'callback', 'error'] as const).map((k) => (
          <span key={k} className="inline-flex">
            <button type="button" className={`${btn} rounded-r-none`} onClick={() => a.jump(k, -1)} title={`Previous ${k} (Shift+${k[0]!.toUpperCase()})`} aria-label={`Previous ${k}`}>
              ‹
            </button>
            <button type="button" className={`${btn} rounded-l-none border-l-0`} onClick={() => a.jump(k, 1)} title={`Next ${k} (${k[0]})`} aria-label={`Next ${k}`}>
              {k} ›
            </button>
          </span>
        ))}
        <DivergenceButtons />
        <label className="ml-2 text-xs text-slate-700 dark:text-slate-300">
          speed{' '}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-800">
            {SPEEDS.map((v) => (
              <option key={v} value={v}>
                {v} ev/s
              </option>
            ))}
          </select>
        </label>
        <JumpMiss />
        <output className="ml-auto font-mono text-xs text-slate-800 dark:text-slate-200" aria-live="polite" data-testid="step-counter">
          {step < 0 ? 'Boot' : `Step ${step + 1} of ${steps}`} · event {cursor} of {total}
        </output>
      </div>
    </section>
  );
}

/** memo: the shell re-renders when the generation changes; this reads the store itself */
export const Timeline = memo(TimelineImpl);

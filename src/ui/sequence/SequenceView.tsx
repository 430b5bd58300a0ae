// The Sequence view: lifelines for the agent, the LUO core, each session, handler and FLB;
// one arrow per call and per return (errno on the return); the kexec as a band. It follows
// the cursor (its row highlighted), a click moves the cursor, a filter keeps one lifeline or
// one file. Virtualized: only the rows and lifelines in view are drawn, so a seek on a
// 100k-event run draws tens of rows.
import { useLayoutEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import { useLuo } from '../../store/store';
import { download, fileName } from '../files';
import { filterRows, rowAtCursor, sequenceOf, type SequenceFilter } from './model';
import { COL, HEAD, ROW, sequenceSvg, xOf } from './svg';

const OVERSCAN = 8;

function parseFilter(v: string): SequenceFilter {
  if (v.startsWith('line:')) return { kind: 'line', line: Number(v.slice(5)) };
  if (v.startsWith('file:')) return { kind: 'file', file: v.slice(5) };
  return { kind: 'all' };
}

export function SequenceView() {
  const timeline = useLuo((s) => s.timeline);
  const version = useLuo((s) => s.version);
  const done = useLuo((s) => s.status === 'done');
  const cursor = useLuo((s) => s.cursor);
  const title = useLuo((s) => s.scenario?.title ?? 'luoscope');
  const [filterText, setFilterText] = useState('all');
  const full = useMemo(() => {
    void version;
    return done ? sequenceOf(timeline.events) : null;
  }, [timeline, version, done]);
  const files = useMemo(() => (full ? [...new Set(full.rows.flatMap((r) => (r.file ? [r.file] : [])))].slice(0, 500) : []), [full]);
  const seq = useMemo(() => (full ? filterRows(full, parseFilter(filterText)) : null), [full, filterText]);
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, left: 0, h: 600, w: 800 });
  const at = seq ? rowAtCursor(seq, cursor) : -1;

  // the cursor's row stays in view
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || at < 0) return;
    const y = HEAD + at * ROW;
    if (y < el.scrollTop + HEAD || y + ROW > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, y - el.clientHeight / 2);
  }, [at]);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, left: el.scrollLeft, h: el.clientHeight, w: el.clientWidth });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [seq]);
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    setView({ top: el.scrollTop, left: el.scrollLeft, h: el.clientHeight, w: el.clientWidth });
  };

  if (!seq) return <p className="p-4 text-sm">Waiting for the run to finish…</p>;
  const n = seq.rows.length;
  const last = Math.min(n, Math.ceil((view.top + view.h) / ROW) + OVERSCAN);
  // a filter can leave the scroll position past the (fewer) rows for one frame
  const first = Math.min(last, Math.max(0, Math.floor((view.top - HEAD) / ROW) - OVERSCAN));
  const c0 = Math.max(0, Math.floor(view.left / COL) - 1);
  const c1 = Math.min(seq.lifelines.length, Math.ceil((view.left + view.w) / COL) + 1);
  const width = seq.lifelines.length * COL;
  const seek = useLuo.getState().seek;
  const lines = seq.lifelines.slice(c0, c1).map((l, k) => ({ l, i: c0 + k }));
  const visible = (i: number) => i >= c0 - 1 && i <= c1;

  return (
    <div className="flex h-full flex-col" data-testid="sequence">
      <div className="flex items-center gap-2 border-b border-slate-300 px-2 py-1 text-xs dark:border-slate-700">
        <label className="flex items-center gap-1">
          Show
          <select value={filterText} onChange={(e) => setFilterText(e.target.value)} className="max-w-72 rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-800" aria-label="Show the calls of">
            <option value="all">every call</option>
            {full!.lifelines.map((l, i) => (i > 1 ? <option key={l.key} value={`line:${i}`}>{l.label}</option> : null))}
            {files.map((f) => {
              const [g, s, t] = f.split('/');
              return (
                <option key={f} value={`file:${f}`}>
                  file: token {t} of "{s}" · gen {g}
                </option>
              );
            })}
          </select>
        </label>
        <span className="text-slate-600 dark:text-slate-300">{n.toLocaleString('en')} arrows</span>
        <button type="button" className="ml-auto rounded border border-slate-300 px-2 py-0.5 dark:border-slate-600" onClick={() => download(fileName(title, 'sequence.svg'), sequenceSvg(seq, Math.max(0, at), title), 'image/svg+xml')}>
          Save as SVG
        </button>
      </div>
      <div ref={box} onScroll={onScroll} className="relative min-h-0 flex-1 overflow-auto bg-white font-mono text-[11px] dark:bg-slate-950" aria-label="Call sequence (the Events tab lists the same as text)" role="region" tabIndex={0}>
        <div style={{ height: HEAD + n * ROW + 10, width }} className="relative">
          {/* lifeline heads, sticky on top */}
          <div className="sticky top-0 z-10 bg-white/95 dark:bg-slate-950/95" style={{ height: HEAD, width }}>
            {lines.map(({ l, i }) => (
              <div key={l.key} className="absolute top-2 truncate rounded border border-slate-400 bg-slate-50 px-1 text-center font-semibold text-slate-800 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100" style={{ left: xOf(i) - COL / 2 + 6, width: COL - 12 }} title={l.label}>
                {l.label}
              </div>
            ))}
          </div>
          <svg className="absolute left-0" style={{ top: HEAD + first * ROW }} width={width} height={(last - first) * ROW} aria-hidden="true">
            <defs>
              <marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0 0L10 5L0 10z" className="fill-slate-700 dark:fill-slate-300" />
              </marker>
            </defs>
            {lines.map(({ l, i }) => (
              <line key={l.key} x1={xOf(i)} x2={xOf(i)} y1={0} y2={(last - first) * ROW} className="stroke-slate-300 dark:stroke-slate-700" />
            ))}
            {seq.rows.slice(first, last).map((r, k) => {
              const i = first + k;
              const y = k * ROW + ROW / 2;
              const current = i === at;
              const tone = r.error ? 'fill-red-700 dark:fill-red-400' : 'fill-slate-900 dark:fill-slate-100';
              return (
                <g key={i} onClick={() => seek(r.event + 1)} className="cursor-pointer" data-row={i} data-current={current || undefined}>
                  <rect x={0} y={k * ROW} width={width} height={ROW} className={current ? 'fill-sky-200 dark:fill-sky-900' : 'fill-transparent hover:fill-slate-100 dark:hover:fill-slate-800'} />
                  {r.kind === 'kexec' ? (
                    <>
                      <rect x={0} y={k * ROW + 2} width={width} height={ROW - 4} className="fill-fuchsia-200 dark:fill-fuchsia-900" />
                      <text x={Math.max(6, view.left + 6)} y={y + 4} className="fill-fuchsia-900 dark:fill-fuchsia-100">
                        {r.label}
                      </text>
                    </>
                  ) : r.kind === 'note' ? (
                    visible(r.from) ? (
                      <text x={xOf(r.from) + 6} y={y + 4} className={r.error ? 'fill-red-700 dark:fill-red-400' : 'fill-slate-600 dark:fill-slate-300'}>
                        {r.label}
                      </text>
                    ) : null
                  ) : (
                    <>
                      <line x1={xOf(r.from)} x2={xOf(r.to)} y1={y + 5} y2={y + 5} strokeDasharray={r.kind === 'return' ? '4 3' : undefined} markerEnd="url(#seq-arrow)" className={r.error ? 'stroke-red-700 dark:stroke-red-400' : 'stroke-slate-700 dark:stroke-slate-300'} />
                      <text x={(xOf(r.from) + xOf(r.to)) / 2} y={y + 1} textAnchor="middle" className={tone}>
                        {r.label}
                      </text>
                    </>
                  )}
                </g>
              );
            })}
          </svg>
        </div>
      </div>
    </div>
  );
}

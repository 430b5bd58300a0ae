// The difference table: one row per step where A and B differ, with both results, the
// callbacks only one side ran, the counts that differ, and the Explain text of both sides.
// A click on a row moves the timeline to the end of that step. It is a drawer under the graphs:
// closed by default in a window under 820 px high (at 1280×720 the two stacked graphs would
// get ~150 px each), open above; its bar says how many steps differ and opens or closes it.
import { memo, useId, useMemo, useSyncExternalStore } from 'react';
import { stepOfPosition } from '../../compare/align';
import type { DiffRow } from '../../compare/diverge';
import { explainRow, type RowExplanation } from '../../compare/explain';
import { useCompare } from '../../store/compare';
import { useLuo } from '../../store/store';
import { viewAt, type Timeline } from '../../store/timeline';
import { stepLabel } from './text';

/** Rows shown at once; a run that differs everywhere (one side halted early) says how many more. */
const MAX_ROWS = 200;

const cell = 'border-b border-slate-200 px-1.5 py-1 align-top dark:border-slate-700';

function Side({ result, value, only, ex, label }: { result: string | null; value?: string; only: string[]; ex: RowExplanation['a']; label: string }) {
  return (
    <td className={cell}>
      <div className="font-mono font-semibold">
        {result ?? '—'}
        {value !== undefined ? <span className="font-normal"> “{value.length > 30 ? `${value.slice(0, 30)}…` : value}”</span> : null}
      </div>
      {only.map((c) => (
        <div key={c} className="font-mono text-[10px] text-pink-800 dark:text-pink-300" title={`only ${label} ran this callback`}>
          only {label}: {c}
        </div>
      ))}
      {ex.map((e) => (
        <p key={e.text} className="mt-0.5 text-[10px] leading-snug text-slate-700 dark:text-slate-300">
          {e.text} <span className="font-mono text-slate-500 dark:text-slate-400">[{e.kernel}]</span>
        </p>
      ))}
    </td>
  );
}

const Row = memo(function Row({ row, tlA, tlB, current }: { row: DiffRow; tlA: Timeline; tlB: Timeline; current: boolean }) {
  // explained when shown: the view before an event is a checkpoint plus a short replay
  const ex = useMemo(() => explainRow(row, { events: tlA.events, before: (i) => viewAt(tlA, i) }, { events: tlB.events, before: (i) => viewAt(tlB, i) }), [row, tlA, tlB]);
  return (
    <tr className={`cursor-pointer hover:bg-sky-50 dark:hover:bg-slate-800 ${current ? 'bg-pink-50 dark:bg-pink-950' : ''} ${row.expected ? 'text-slate-600 dark:text-slate-400' : ''}`} aria-current={current ? 'step' : undefined} onClick={() => useLuo.getState().seek(row.a.span[1])} data-testid="diff-row" data-step={row.step}>
      <th scope="row" className={`${cell} whitespace-nowrap text-left font-mono font-semibold`}>
        {stepLabel(row)}
        <div className="font-sans text-[10px] font-normal text-slate-600 dark:text-slate-400">{row.kinds.join(', ')}</div>
        {row.expected ? (
          <div className="font-sans text-[10px] font-normal text-slate-600 dark:text-slate-400" title="One kernel's API has this callback and the other's not: the step behaves the same otherwise" data-testid="expected-api">
            expected API difference: {row.expected.join(', ')}
          </div>
        ) : null}
        {row.reordered ? <div className="font-sans text-[10px] font-normal">same callbacks, other order</div> : null}
        {row.counts.map((c) => (
          <div key={c.what} className="font-sans text-[10px] font-normal">
            {c.what}: A {c.a ?? 'none'}, B {c.b ?? 'none'}
          </div>
        ))}
      </th>
      <Side result={row.a.result} value={row.a.value} only={row.onlyA} ex={ex.a} label="A" />
      <Side result={row.b.result} value={row.b.value} only={row.onlyB} ex={ex.b} label="B" />
    </tr>
  );
});

/** Below this window height the drawer starts closed. */
const SHORT = '(max-height: 819px)';
function subscribeShort(f: () => void): () => void {
  const m = matchMedia(SHORT);
  m.addEventListener('change', f);
  return () => m.removeEventListener('change', f);
}
const isShort = () => matchMedia(SHORT).matches;

/** The table's bar (always shown while A and B differ) and the table when open. */
export function DiffDrawer() {
  const setting = useCompare((s) => s.table);
  const n = useCompare((s) => s.result?.rows.length ?? 0);
  const expected = useCompare((s) => s.result?.rows.filter((r) => r.expected !== null).length ?? 0);
  const short = useSyncExternalStore(subscribeShort, isShort);
  const open = setting ?? !short;
  const id = useId();
  return (
    <>
      <div className="flex items-center border-t border-slate-300 bg-slate-100 px-2 py-0.5 text-xs dark:border-slate-700 dark:bg-slate-800">
        <button type="button" className="rounded px-1 py-0.5 font-semibold hover:bg-slate-200 dark:hover:bg-slate-700" aria-expanded={open} aria-controls={id} onClick={() => useCompare.getState().setTable(!open)} data-testid="diff-drawer">
          {open ? '▾' : '▸'} Difference table: {n.toLocaleString('en')} step{n === 1 ? '' : 's'} differ
        </button>
        {expected ? <span className="ml-2 text-slate-600 dark:text-slate-400">({expected.toLocaleString('en')} only by an expected API difference)</span> : null}
        {!open ? <span className="ml-2 text-slate-600 dark:text-slate-400">(closed to give the graphs room; d jumps between them)</span> : null}
      </div>
      {open ? <DiffTable id={id} /> : null}
    </>
  );
}

export function DiffTable({ id }: { id?: string }) {
  const result = useCompare((s) => s.result);
  const tlA = useLuo((s) => s.timeline);
  const tlB = useCompare((s) => s.timeline);
  // the step, not the cursor: a seek within a step (or to another step of the same rows) does not re-render the table
  const step = useLuo((s) => stepOfPosition(s.timeline.events, s.cursor));
  if (!result || result.rows.length === 0) return null;
  const rows = result.rows.slice(0, MAX_ROWS);
  return (
    <section id={id} aria-label="Difference table" className="max-h-[30%] min-h-20 overflow-auto border-t border-slate-300 bg-white text-xs dark:border-slate-700 dark:bg-slate-900" data-testid="diff-table">
      <table className="w-full border-collapse">
        <caption className="sr-only">Steps where kernel A and kernel B differ</caption>
        <thead className="sticky top-0 bg-slate-100 text-left dark:bg-slate-800">
          <tr>
            <th scope="col" className="w-44 px-1.5 py-1">
              Step · what differs
            </th>
            <th scope="col" className="px-1.5 py-1">
              A: result, callbacks only A ran, why
            </th>
            <th scope="col" className="px-1.5 py-1">
              B: result, callbacks only B ran, why
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Row key={r.step} row={r} tlA={tlA} tlB={tlB} current={r.step === step} />
          ))}
        </tbody>
      </table>
      {result.rows.length > MAX_ROWS ? <p className="p-1.5">… and {(result.rows.length - MAX_ROWS).toLocaleString('en')} more steps differ (d jumps to each).</p> : null}
    </section>
  );
}

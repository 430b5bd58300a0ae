// Compare mode's hooks into the app shell, kept small (the rest loads when compare starts):
// the header's "Compare with…" button, the main area that shows both graphs while comparing,
// and the timeline's divergence marks with their buttons.
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { divergenceTargets, jumpDivergence, useCompare } from '../../store/compare';

const CompareView = lazy(() => import('./CompareView'));
const CompareDialog = lazy(() => import('./CompareDialog'));

const btn =
  'rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700';

/** The header's entry point, and the dialog it opens. */
export function CompareButton() {
  const on = useCompare((s) => s.b !== null);
  const dialog = useCompare((s) => s.dialog);
  return (
    <>
      <button type="button" className="rounded border border-slate-300 px-2 py-1 text-xs dark:border-slate-600" aria-pressed={on} onClick={() => useCompare.getState().setDialog(true)} title="Run this scenario on a second kernel, side by side">
        {on ? 'Comparing ▾' : 'Compare with…'}
      </button>
      {dialog ? (
        <Suspense fallback={null}>
          <CompareDialog />
        </Suspense>
      ) : null}
    </>
  );
}

/** Both graphs while comparing; otherwise the one graph it wraps. */
export function CompareOr({ dark, children }: { dark: boolean; children: ReactNode }) {
  const on = useCompare((s) => s.b !== null);
  if (!on) return children;
  return (
    <Suspense fallback={<p className="p-3 text-xs">Loading compare mode…</p>}>
      <CompareView dark={dark} />
    </Suspense>
  );
}

/** Pink marks on the scrubber where a step differs (drawn over the timeline's own marks). */
export function DivergenceStrip({ total }: { total: number }) {
  const result = useCompare((s) => s.result);
  const ticks = useMemo(() => (total ? divergenceTargets(result).slice(0, 2000).map((p) => (p / total) * 100) : []), [result, total]);
  if (!ticks.length) return null;
  return (
    <svg className="pointer-events-none absolute inset-x-0 -top-0.5 h-2 w-full" preserveAspectRatio="none" viewBox="0 0 100 10" aria-hidden="true" data-testid="divergence-marks">
      {ticks.map((x, i) => (
        <rect key={i} x={x - (i === 0 ? 0.35 : 0.15)} y={0} width={i === 0 ? 0.7 : 0.3} height={i === 0 ? 10 : 5} className={i === 0 ? 'fill-pink-600' : 'fill-pink-400'} />
      ))}
    </svg>
  );
}

/** ‹ diff › buttons, shown while comparing (keys d and Shift+D). */
export function DivergenceButtons() {
  const n = useCompare((s) => s.result?.rows.length ?? null);
  if (n === null) return null;
  return (
    <span className="inline-flex">
      <button type="button" className={`${btn} rounded-r-none`} onClick={() => jumpDivergence(-1)} disabled={n === 0} title="Previous divergence (Shift+D)" aria-label="Previous divergence">
        ‹
      </button>
      <button type="button" className={`${btn} rounded-l-none border-l-0 text-pink-800 dark:text-pink-300`} onClick={() => jumpDivergence(1)} disabled={n === 0} title="Next divergence (d)" aria-label="Next divergence">
        diff ›
      </button>
    </span>
  );
}

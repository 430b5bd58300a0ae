// Compare mode's main area: A's and B's graphs side by side (stacked below 1400 px), both at
// the timeline's cursor (B aligned by step, then by event), the first divergence, and the
// difference table. A is the main run; B comes from its own worker (store/compare.ts).
import { useMemo } from 'react';
import { describeKernel, kernelLabel, kernelOf } from '../../compare/config';
import { stepOfPosition } from '../../compare/align';
import { firstDivergence, realRows } from '../../compare/diverge';
import { divergenceTargets, positionB, useCompare, viewOfB } from '../../store/compare';
import { useLuo } from '../../store/store';
import type { ResolvedScenario } from '../../scenario/types';
import { CompareGraph } from './CompareGraph';
import { DiffDrawer } from './DiffTable';
import { rowSummary } from './text';

const chip = 'rounded px-1.5 py-0.5 font-mono text-[11px] font-semibold';

export default function CompareView({ dark }: { dark: boolean }) {
  const tlA = useLuo((s) => s.timeline);
  const versionA = useLuo((s) => s.version);
  const statusA = useLuo((s) => s.status);
  const viewA = useLuo((s) => s.view);
  const cursor = useLuo((s) => s.cursor);
  const scenario = useLuo((s) => s.scenario);
  const tlB = useCompare((s) => s.timeline);
  const versionB = useCompare((s) => s.version);
  const statusB = useCompare((s) => s.status);
  const b = useCompare((s) => s.b);
  const failure = useCompare((s) => s.failure);
  const progress = useCompare((s) => s.progress);
  const result = useCompare((s) => s.result);

  const readyA = statusA === 'done';
  const readyB = statusB === 'done';
  const both = readyA && readyB;
  const posB = useMemo(() => {
    void versionB;
    return both ? positionB(cursor) : 0;
  }, [both, cursor, versionB]);
  const viewB = useMemo(() => viewOfB(tlB, posB), [tlB, posB]);
  const first = result ? firstDivergence(result) : null;
  const real = useMemo(() => (result ? realRows(result).length : 0), [result]);
  const expected = (result?.rows.length ?? 0) - real;
  const apiNames = useMemo(() => [...new Set(result?.rows.flatMap((r) => r.expected ?? []))].join(', '), [result]);
  const step = stepOfPosition(tlA.events, cursor);
  const here = result?.rows.find((r) => r.step === step && step >= 0) ?? null;
  // the store keeps the validated scenario: its kernel and boot modules are filled in
  const a = useMemo(() => (scenario ? kernelOf(scenario as ResolvedScenario) : null), [scenario]);
  const version = scenario?.version ?? 2;

  const header = (side: 'A' | 'B') => {
    const k = side === 'A' ? a : b;
    const v = side === 'A' ? viewA : viewB;
    return (
      <div className="flex items-center gap-2 border-b border-slate-300 bg-white px-2 py-1 text-xs dark:border-slate-700 dark:bg-slate-900" data-testid={`compare-head-${side}`}>
        <span className={`${chip} ${side === 'A' ? 'bg-sky-700 text-white' : 'bg-fuchsia-700 text-white'}`}>{side}</span>
        <span className="truncate font-mono" title={k ? describeKernel(k, version) : ''}>
          {k ? kernelLabel(k, version) : '…'}
        </span>
        <span className="text-slate-600 dark:text-slate-400">
          at {v.profile} · gen {v.gen}
          {v.halted ? ' · halted (panic)' : ''}
        </span>
        {side === 'B' && statusB === 'running' ? (
          <span role="status" className="text-slate-600 dark:text-slate-400">
            running {progress.done.toLocaleString('en')} / {progress.total.toLocaleString('en')} steps
          </span>
        ) : null}
        {side === 'B' ? (
          <button type="button" className="ml-auto rounded border border-slate-300 px-1.5 py-0.5 dark:border-slate-600" onClick={() => useCompare.getState().stop()}>
            Stop comparing
          </button>
        ) : null}
      </div>
    );
  };

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="compare-view">
      <div className="flex items-center gap-2 border-b border-slate-300 bg-pink-50 px-2 py-1 text-xs text-slate-900 dark:border-slate-700 dark:bg-pink-950 dark:text-slate-100" role="status" data-testid="first-divergence">
        {failure ? (
          <span className="text-red-800 dark:text-red-300">Kernel B's run failed: {failure}</span>
        ) : !result ? (
          <span>Comparing…</span>
        ) : first ? (
          <>
            <span className="min-w-0 truncate" title={rowSummary(first)}>
              {real ? (
                <>
                  <b>{real}</b> of {result.steps} step{result.steps === 1 ? '' : 's'} differ{expected ? ` (+${expected} expected: ${apiNames})` : ''} · first divergence:{' '}
                </>
              ) : (
                <>
                  No divergence: <b>{expected}</b> of {result.steps} steps differ only by an expected API difference ({apiNames}) · first:{' '}
                </>
              )}
              {rowSummary(first)}
            </span>
            <button type="button" className="shrink-0 whitespace-nowrap rounded border border-pink-400 px-1.5 py-0.5 font-semibold" onClick={() => useLuo.getState().seek(divergenceTargets(result)[0]!)} title="Jump to the first divergence (d: next, Shift+D: previous)">
              go to it (d)
            </button>
          </>
        ) : (
          <span>A and B agree on every step: same results, callbacks and counts.</span>
        )}
        {here ? <span className="ml-auto shrink-0 whitespace-nowrap font-semibold text-pink-800 dark:text-pink-300">this step differs: {here.kinds.join(', ')}</span> : null}
      </div>
      <div className="flex min-h-0 flex-1 flex-col min-[1400px]:flex-row">
        {(['A', 'B'] as const).map((side) => (
          <section key={side} aria-label={`Kernel ${side}`} className="flex min-h-0 min-w-0 flex-1 flex-col border-slate-300 first:border-b min-[1400px]:first:border-b-0 min-[1400px]:first:border-r dark:border-slate-700" data-testid={`compare-${side}`}>
            {header(side)}
            <div className="relative min-h-0 flex-1">
              <CompareGraph side={side} timeline={side === 'A' ? tlA : tlB} version={side === 'A' ? versionA : versionB} ready={side === 'A' ? readyA : readyB} view={side === 'A' ? viewA : viewB} cursor={side === 'A' ? cursor : posB} other={both ? (side === 'A' ? viewB : viewA) : null} dark={dark} />
            </div>
          </section>
        ))}
      </div>
      {result && result.rows.length > 0 ? <DiffDrawer /> : null}
    </div>
  );
}

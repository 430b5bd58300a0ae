// The Explore tab: a scope (a preset, the form, its JSON), Run and Cancel, live progress from
// the explore worker, and the results: each violation or goal as its shortest scenario, which
// opens in the graph at the step where it happens, with its share link.
import { useEffect, useState } from 'react';
import { describeStep } from '../../engine/describe';
import { PRESETS } from '../../explore/presets';
import type { Finding } from '../../explore/result';
import { useExplore } from '../../store/explore';
import { useLuo } from '../../store/store';
import { startExploreClient } from '../../worker/explore-client';
import { ScopeForm } from './ScopeForm';

const n = (x: number) => x.toLocaleString('en');
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
const button = 'rounded px-2 py-0.5 text-xs font-semibold';

/** Where share links point: this page. */
const shareBase = () => `${location.origin}${location.pathname}`;

function useRunner(): void {
  useEffect(() => {
    if (!useExplore.getState().runner) useExplore.getState().setRunner(startExploreClient());
  }, []);
}

function ProgressView() {
  const status = useExplore((s) => s.status);
  const p = useExplore((s) => s.progress);
  if (status !== 'running') return null;
  const states = p?.progress.states ?? 0;
  const depth = p?.progress.depth ?? 0;
  const bound = p?.depthBound ?? 1;
  const fraction = p ? Math.max(depth / bound, states / p.maxStates) : 0;
  const seconds = (p?.progress.ms ?? 0) / 1000;
  return (
    <div className="mt-2" data-testid="explore-progress">
      <div role="progressbar" aria-label="Exploring" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)} className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700">
        <div className="h-full bg-sky-600 transition-[width]" style={{ width: `${Math.min(100, fraction * 100)}%` }} />
      </div>
      <p className="mt-1 font-mono text-[11px]" aria-live="polite">
        {n(states)} states · depth {depth} of {bound} · {n(p?.progress.statesPerSecond ?? 0)} states/s · {p ? mb(p.memory.heap ?? p.memory.tables) : '–'}
        {p?.memory.heap === null ? ' (tables)' : ''} · {seconds.toFixed(1)} s
        {p && (p.progress.violations || p.progress.goals) ? ` · found ${p.progress.violations} violation(s), ${p.progress.goals} goal(s)` : ''}
      </p>
    </div>
  );
}

function FindingItem({ f }: { f: Finding }) {
  const [copied, setCopied] = useState(false);
  const open = () => useLuo.getState().requestOpen(f.scenario, { source: `The explorer's ${f.kind === 'violation' ? 'counterexample' : 'goal'} "${f.id}"`, step: f.index });
  return (
    <li className={`rounded border p-2 ${f.kind === 'violation' ? 'border-red-300 dark:border-red-800' : 'border-emerald-300 dark:border-emerald-800'}`} data-testid="explore-finding" data-id={f.id}>
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1 [overflow-wrap:anywhere]">
          <h4 className="text-xs font-semibold">
            <span className={f.kind === 'violation' ? 'text-red-800 dark:text-red-300' : 'text-emerald-800 dark:text-emerald-300'}>{f.kind === 'violation' ? 'Violation' : 'Goal'}</span> <span className="font-mono">{f.id}</span> · {f.length} step{f.length === 1 ? '' : 's'}
          </h4>
          <p className="text-[11px] text-slate-600 dark:text-slate-400">{f.title}</p>
          <p className="mt-0.5 text-xs">{f.message}</p>
        </div>
        <button type="button" className={`${button} shrink-0 bg-sky-700 text-white hover:bg-sky-800`} onClick={open} aria-label={`Open ${f.id} in the graph at step ${f.index + 1}`}>
          Open
        </button>
      </div>
      <ol className="mt-1 list-decimal pl-5 font-mono text-[11px] text-slate-700 dark:text-slate-300">
        {f.scenario.steps.map((s, i) => (
          <li key={i} className={i === f.index ? 'font-bold' : ''}>
            {describeStep(s)}
            {s.expect && s.expect !== 'ok' ? ` → ${s.expect}` : ''}
          </li>
        ))}
      </ol>
      <div className="mt-1 flex items-center gap-2 text-[11px]">
        <a href={f.link} className="text-sky-800 underline dark:text-sky-300" data-testid="explore-link">
          Share link
        </a>
        <button
          type="button"
          className="text-sky-800 underline dark:text-sky-300"
          onClick={() => {
            void navigator.clipboard?.writeText(f.link).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </div>
    </li>
  );
}

function Results() {
  const status = useExplore((s) => s.status);
  const r = useExplore((s) => s.result);
  const memory = useExplore((s) => s.memory);
  if (!r || status === 'running') return null;
  return (
    <section className="mt-3" aria-label="Results" data-testid="explore-results">
      <p role="status" className={`text-xs font-semibold ${r.violations.length ? 'text-red-800 dark:text-red-300' : 'text-emerald-800 dark:text-emerald-300'}`} data-testid="explore-summary">
        {r.summary[0]!.toUpperCase() + r.summary.slice(1)}.
      </p>
      <p className="font-mono text-[11px] text-slate-600 dark:text-slate-400">
        {n(r.states)} states · {n(r.transitions)} transitions · depth {r.depth} of {r.depthBound} · {n(r.statesPerSecond)} states/s · {(r.ms / 1000).toFixed(1)} s
        {memory ? ` · ${mb(memory.heap ?? memory.tables)}` : ''}
      </p>
      <ul className="mt-2 space-y-2">
        {[...r.violations, ...r.goals].map((f) => (
          <FindingItem key={`${f.kind}:${f.id}`} f={f} />
        ))}
      </ul>
      {r.unreached.length ? <p className="mt-1 text-xs">Goals not reached: {r.unreached.join(', ')}</p> : null}
    </section>
  );
}

export default function ExplorePanel() {
  useRunner();
  const text = useExplore((s) => s.text);
  const preset = useExplore((s) => s.preset);
  const status = useExplore((s) => s.status);
  const error = useExplore((s) => s.error);
  const current = PRESETS.find((p) => p.id === preset);
  return (
    <div className="p-3" data-testid="explore">
      <p className="text-xs text-slate-700 dark:text-slate-300">Try every ordering of the operations a scope allows, breadth first, and check the invariants after every step. Each violation is a shortest scenario you can open and share.</p>
      <label htmlFor="explore-scope" className="mt-2 block text-xs font-semibold">
        Scope
      </label>
      <select id="explore-scope" value={preset ?? ''} onChange={(e) => useExplore.getState().loadPreset(e.target.value)} className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal dark:border-slate-600 dark:bg-slate-800">
          {preset === null ? <option value="">(edited)</option> : null}
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.scope.title ?? p.id}
            </option>
          ))}
      </select>
      {current?.scope.description ? <p className="mt-1 text-[11px] text-slate-600 dark:text-slate-400">{current.scope.description}</p> : null}
      <details className="mt-2">
        <summary className="cursor-pointer text-xs font-semibold">Edit the scope</summary>
        <div className="mt-2">
          <ScopeForm />
          <label htmlFor="explore-json" className="mt-2 block text-[11px] font-semibold">
            Scope JSON (faults, goals, properties)
          </label>
          <textarea id="explore-json" value={text} onChange={(e) => useExplore.getState().setText(e.target.value)} spellCheck={false} rows={10} className="mt-0.5 block w-full rounded border border-slate-300 bg-white p-1 font-mono text-[11px] font-normal dark:border-slate-600 dark:bg-slate-800" />
        </div>
      </details>
      <div className="mt-2 flex gap-2">
        <button type="button" className={`${button} bg-sky-700 text-white hover:bg-sky-800 disabled:opacity-50`} disabled={status === 'running'} onClick={() => useExplore.getState().start(shareBase())}>
          Run
        </button>
        <button type="button" className={`${button} border border-slate-400 disabled:opacity-50`} disabled={status !== 'running'} onClick={() => useExplore.getState().cancel()}>
          Cancel
        </button>
      </div>
      {error ? (
        <pre role="alert" className="mt-2 whitespace-pre-wrap rounded border border-red-300 bg-red-50 p-2 text-[11px] text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          {error}
        </pre>
      ) : null}
      <ProgressView />
      <Results />
    </div>
  );
}

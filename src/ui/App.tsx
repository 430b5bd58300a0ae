// The app shell: header, alerts, graph, side panel (inspector / explain / events / steps)
// and the timeline. The engine runs in a worker; the views only read the store.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useLuo } from '../store/store';
import { escapeControl } from '../text/control';
import { startGuarded, watchOtherTabs } from '../store/guard';
import { DEFAULT_SCENARIO } from '../scenario/library/default';
import { kernelName } from '../engine/profiles';
import { resolveProfileId } from '../scenario/types';
import { SafeStartBanner } from './SafeStart';
import { startEngineClient, type EngineClient } from '../worker/client';
import { GraphView } from './graph/GraphView';
import { Inspector } from './inspector/Inspector';
import { handleKey } from './keyboard';
import { StepList } from './panels/StepList';
import { Timeline } from './timeline/Timeline';
import { openFromLocation } from './open';
import { CompareButton, CompareOr } from './compare/entry';
import { SkipLink } from './a11y/SkipLink';
import { PlayHint } from './intro/PlayHint';
import { MainView } from './sequence/MainView';

// loaded when first asked for, to keep the first view small
const EditorPanel = lazy(() => import('./editor/EditorPanel'));
const LibraryPanel = lazy(() => import('./library/LibraryPanel'));
const LearnPanel = lazy(() => import('./tour/LearnPanel'));
const ExplorePanel = lazy(() => import('./explore/ExplorePanel'));
const BuilderPanel = lazy(() => import('./builder/BuilderPanel'));
// the Share menu and the explanations (a large text table) load once the first graph is drawn
const ShareMenu = lazy(() => import('./ShareMenu'));
const ExplainPanel = lazy(() => import('./panels/ExplainPanel'));
const EventList = lazy(() => import('./panels/EventList'));
const HelpSheet = lazy(() => import('./HelpSheet').then((m) => ({ default: m.HelpSheet })));
const ConfirmDialog = lazy(() => import('./ConfirmDialog').then((m) => ({ default: m.ConfirmDialog })));

const TABS = [
  ['inspect', 'Inspect'],
  ['events', 'Events'],
  ['steps', 'Steps'],
  ['build', 'Build'],
  ['edit', 'JSON'],
  ['library', 'Library'],
  ['learn', 'Learn'],
  ['explore', 'Explore'],
] as const;

declare global {
  interface Window {
    /** debugging and tests */
    luoscope?: { crashWorker(): void; silenceWorker?(): void; bench?: () => Promise<typeof import('./bench-hooks')> };
  }
}

function useTheme(): [boolean, () => void] {
  const [dark, setDark] = useState(() => {
    const saved = localStorage.getItem('luoscope-theme');
    return saved ? saved === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
  });
  useEffect(() => {
    document.documentElement.classList.toggle('dark', dark);
  }, [dark]);
  const toggle = useCallback(() => {
    setDark((d) => {
      localStorage.setItem('luoscope-theme', d ? 'light' : 'dark');
      return !d;
    });
  }, []);
  return [dark, toggle];
}

/** True once the first run has ended and its graph has been painted (or after 3 s in any
 * case): what is not the graph loads after it, so the first view needs less JavaScript. */
function useAfterFirstGraph(): boolean {
  const ended = useLuo((s) => s.status === 'done' || s.status === 'failed');
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (after) return;
    const fallback = setTimeout(() => setAfter(true), 3000);
    let frame = 0;
    if (ended) frame = requestAnimationFrame(() => setTimeout(() => setAfter(true), 0));
    return () => {
      clearTimeout(fallback);
      cancelAnimationFrame(frame);
    };
  }, [ended, after]);
  return after;
}

// looks like the menu's own button (readable contrast: axe checks it while the menu loads)
const SHARE_PLACEHOLDER = (
  <span className="cursor-wait rounded border border-slate-300 px-2 py-1 text-xs text-slate-600 dark:border-slate-600 dark:text-slate-300" aria-disabled="true">
    Share ▾
  </span>
);
const EXPLAIN_PLACEHOLDER = <div className="m-3 h-24" aria-hidden="true" />;

const tabBtn = (on: boolean) =>
  `shrink-0 px-1.5 py-1.5 text-xs font-semibold border-b-2 ${on ? 'border-sky-700 text-sky-800 dark:border-sky-400 dark:text-sky-300' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'}`;

export function App() {
  const [dark, toggleTheme] = useTheme();
  const [help, setHelp] = useState(false);
  const rest = useAfterFirstGraph();
  const tab = useLuo((s) => s.tab);
  const dirty = useLuo((s) => s.dirty || s.editorText !== null);
  const pendingOpen = useLuo((s) => s.pendingOpen);
  const setTab = useLuo((s) => s.setTab);
  const alert = useLuo((s) => s.alert);
  const notice = useLuo((s) => s.notice);
  const status = useLuo((s) => s.status);
  const progress = useLuo((s) => s.progress);
  const title = useLuo((s) => s.scenario?.title);
  const profile = useLuo((s) => s.view.profile);
  // "latest → 7.3": the release the scenario's alias resolved to (format 1: v1-latest)
  const latestIs = useLuo((s) => (s.scenario?.kernel?.profile === 'latest' ? resolveProfileId('latest', s.scenario.version) : null));
  const gen = useLuo((s) => s.view.gen);
  const violations = useLuo((s) => s.violations.length);
  const steps = useLuo((s) => s.steps);
  // counted when the steps change, not on every store update (a seek would scan them all)
  const unmet = useMemo(() => steps.filter((x) => !x.met).length, [steps]);

  useEffect(() => {
    const client: EngineClient = startEngineClient();
    window.luoscope = { crashWorker: () => client.crash(), silenceWorker: () => client.silence(), bench: () => import('./bench-hooks') };
    // a run that never ended last time (a crashed tab) makes this a safe start
    const unguard = startGuarded(() => openFromLocation(true), () => useLuo.getState().load(DEFAULT_SCENARIO, { intro: true }));
    const unwatch = watchOtherTabs();
    const onHash = () => openFromLocation(false);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
      unguard();
      unwatch();
      client.stop();
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => handleKey(e, () => setHelp(true));
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="flex h-screen min-h-[600px] flex-col overflow-hidden">
      <SkipLink />
      <header className="flex items-center gap-3 border-b border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900">
        <h1 className="text-lg font-bold tracking-tight">luoscope</h1>
        <span className="truncate text-sm text-slate-700 dark:text-slate-300" data-testid="scenario-title">
          {title ?? ''}
        </span>
        <span className="rounded bg-slate-200 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-700" title={`kernel at the cursor: ${kernelName(profile)}; generation ${gen}`} data-testid="kernel-badge">
          {latestIs === profile ? `latest → ${profile}` : profile} · gen {gen}
        </span>
        {status === 'running' ? (
          <span className="flex items-center gap-2 text-xs" role="status">
            running {progress.done.toLocaleString('en')} / {progress.total.toLocaleString('en')} steps
            <progress max={progress.total || 1} value={progress.done} className="h-2 w-28" aria-label="Run progress" />
          </span>
        ) : null}
        {status === 'done' && (unmet || violations) ? (
          <span className="rounded bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white">
            {unmet} unmet expectation{unmet === 1 ? '' : 's'} · {violations} violation{violations === 1 ? '' : 's'}
          </span>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          {dirty ? <span className="text-xs text-amber-700 dark:text-amber-300">unsaved changes</span> : null}
          <CompareButton />
          {rest ? (
            <Suspense fallback={SHARE_PLACEHOLDER}>
              <ShareMenu onImport={(value, source) => useLuo.getState().requestOpen(value, { source })} />
            </Suspense>
          ) : (
            SHARE_PLACEHOLDER
          )}
          <button type="button" onClick={toggleTheme} className="rounded border border-slate-300 px-2 py-1 text-xs dark:border-slate-600" aria-label={`Switch to ${dark ? 'light' : 'dark'} theme`}>
            {dark ? '☀ light' : '☾ dark'}
          </button>
          <button type="button" onClick={() => setHelp(true)} className="rounded border border-slate-300 px-2 py-1 text-xs dark:border-slate-600" aria-label="Keyboard help (?)">
            ? help
          </button>
        </div>
      </header>
      <SafeStartBanner />
      {alert ? (
        <div role="alert" className="flex items-start gap-3 border-b border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <span className="flex-1 break-words">{escapeControl(alert)}</span>
          <button type="button" onClick={() => useLuo.getState().setAlert(null)} className="text-xs underline" aria-label="Dismiss the error">
            dismiss
          </button>
        </div>
      ) : null}
      {notice ? (
        <div role="status" className="flex items-start gap-3 border-b border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <span className="flex-1">{escapeControl(notice)}</span>
          <button type="button" onClick={() => useLuo.getState().setNotice(null)} className="text-xs underline">
            dismiss
          </button>
        </div>
      ) : null}
      <main className="flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1">
          <MainView>
            <CompareOr dark={dark}>
              <GraphView dark={dark} />
            </CompareOr>
          </MainView>
          <PlayHint />
        </div>
        <aside aria-label="Details" className="flex w-[400px] shrink-0 flex-col border-l border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-900">
          {rest ? (
            <Suspense fallback={EXPLAIN_PLACEHOLDER}>
              <ExplainPanel />
            </Suspense>
          ) : (
            EXPLAIN_PLACEHOLDER
          )}
          <div role="tablist" aria-label="Side panel" className="flex flex-wrap border-b border-slate-300 dark:border-slate-700">
            {TABS.map(([id, label]) => (
              <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={tab === id} aria-controls={`panel-${id}`} className={tabBtn(tab === id)} onClick={() => setTab(id)}>
                {label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="min-h-0 flex-1 overflow-auto" tabIndex={0}>
            <Suspense fallback={<p className="p-3 text-xs">Loading…</p>}>
              {tab === 'inspect' ? <Inspector /> : tab === 'events' ? <EventList /> : tab === 'steps' ? <StepList /> : tab === 'build' ? <BuilderPanel /> : tab === 'edit' ? <EditorPanel /> : tab === 'library' ? <LibraryPanel /> : tab === 'explore' ? <ExplorePanel /> : <LearnPanel />}
            </Suspense>
          </div>
        </aside>
      </main>
      <Timeline />
      <Suspense fallback={null}>
        {help ? <HelpSheet onClose={() => setHelp(false)} /> : null}
        {pendingOpen ? (
          <ConfirmDialog title="Replace your unsaved scenario?" confirm="Open it here" cancel="Keep mine" onConfirm={() => useLuo.getState().answerOpen(true)} onCancel={() => useLuo.getState().answerOpen(false)}>
            {pendingOpen.source} has a scenario, and the one here has changes that are not saved in a link or a file. Opening it replaces them (the builder's undo history is cleared). Export or copy a link first to keep them.
          </ConfirmDialog>
        ) : null}
      </Suspense>
    </div>
  );
}

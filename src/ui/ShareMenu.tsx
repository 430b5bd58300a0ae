// Keep and share the scenario: copy a link (the compressed scenario and the current step),
// import and export the JSON, the text trace for a mail, and the graph as SVG or PNG.
import { useRef, useState } from 'react';
import { graphSvg } from '../export/svg';
import { MAX_SCENARIO_TEXT_LENGTH, parseScenarioText } from '../scenario/validate';
import { useLuo } from '../store/store';
import { stepAt } from '../store/timeline';
import { formatTrace } from '../trace/text';
import { download, fileName, svgToPng } from './files';
import { graphAt } from './graph/at';
import { TraceDialog } from './TraceDialog';
import { exportComparison, importComparison } from './compare/files';
import type { ExportCResult } from '../export/c';
import { SelftestDialog } from './SelftestDialog';
import { pinLatest } from '../scenario/pin';

const item = 'block w-full rounded px-2 py-1 text-left text-xs hover:bg-slate-100 dark:hover:bg-slate-700';

/** Above this many characters a link is too long for many mail clients, chats and trackers. */
const LONG_LINK = 8000;
const linkSize = (n: number) => (n > LONG_LINK ? `${(n / 1024).toFixed(1)} KB` : `${n} characters`);

export default function ShareMenu({ onImport }: { onImport: (value: unknown, source: string) => void }) {
  const [trace, setTrace] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  // a link over LONG_LINK characters: said, with the file export offered instead
  const [long, setLong] = useState(false);
  const [selftest, setSelftest] = useState<ExportCResult | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute('open');

  const copyLink = async () => {
    const url = (await import('./share-link')).shareLink();
    history.replaceState(null, '', url);
    useLuo.getState().markSaved();
    const size = linkSize(url.length);
    setLong(url.length > LONG_LINK);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(`Link copied (${size}).`);
    } catch {
      setCopied(`The clipboard is not available; the link is now in the address bar (${size}).`);
    }
    close();
  };
  const exportJson = () => {
    // in compare mode the file carries kernel B too (a luoscope-comparison)
    if (exportComparison()) return close();
    const s = useLuo.getState().scenario!;
    // a format-2 "latest" is written as the release it means today, so the file never changes meaning
    download(fileName(s.title, 'json'), `${JSON.stringify(pinLatest(s), null, 2)}\n`);
    useLuo.getState().markSaved();
    close();
  };
  const showTrace = () => {
    const s = useLuo.getState();
    setTrace(formatTrace({ title: s.scenario?.title, steps: s.steps, events: s.timeline.events, violations: s.violations }));
    close();
  };
  // the exporter runs the engine, so it runs in a worker of its own (loaded on first use)
  const exportSelftest = async (skipKernelSteps = false) => {
    close();
    const s = useLuo.getState().scenario;
    if (!s) return;
    try {
      const { exportCInWorker } = await import('../worker/export-c-client');
      setSelftest(await exportCInWorker(s, { skipKernelSteps, base: `${location.origin}${location.pathname}` }));
    } catch (e) {
      useLuo.getState().setAlert(`The C selftest export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const svgNow = () => {
    const s = useLuo.getState();
    const { nodes, edges } = graphAt(s.timeline, s.view, s.cursor);
    const step = stepAt(s.timeline, s.cursor);
    return graphSvg(nodes, edges, `${s.scenario?.title ?? 'luoscope'} (step ${step + 1}, gen ${s.view.gen})`);
  };
  const saveSvg = () => {
    download(fileName(useLuo.getState().scenario?.title, 'svg'), svgNow(), 'image/svg+xml');
    close();
  };
  const savePng = async () => {
    close();
    try {
      download(fileName(useLuo.getState().scenario?.title, 'png'), await svgToPng(svgNow()));
    } catch (e) {
      useLuo.getState().setAlert(`The PNG could not be made: ${(e as Error).message}`);
    }
  };
  const onFile = async (f: File | undefined) => {
    if (!f) return;
    close();
    if (f.size > MAX_SCENARIO_TEXT_LENGTH) {
      useLuo.getState().setAlert(`${f.name} is ${f.size.toLocaleString('en')} bytes, over the limit of ${MAX_SCENARIO_TEXT_LENGTH.toLocaleString('en')}; nothing changed.`);
      return;
    }
    const text = await f.text();
    if (importComparison(text, f.name)) return;
    const parsed = parseScenarioText(text);
    if (!parsed.ok) {
      useLuo.getState().setAlert(`${f.name} is not a valid scenario, so nothing changed: ${parsed.issues.map((i) => (i.line ? `line ${i.line}: ` : '') + i.message).join('; ')}`);
      return;
    }
    onImport(parsed.scenario, f.name);
  };

  return (
    <>
      <details ref={menu} className="relative">
        <summary className="cursor-pointer list-none rounded border border-slate-300 px-2 py-1 text-xs dark:border-slate-600">Share ▾</summary>
        <div className="absolute right-0 z-20 mt-1 w-56 rounded border border-slate-300 bg-white p-1 shadow-lg dark:border-slate-600 dark:bg-slate-800">
          <button type="button" className={item} onClick={copyLink}>
            Copy link to this step
          </button>
          <button type="button" className={item} onClick={showTrace}>
            Text trace (for a mail)
          </button>
          <button type="button" className={item} onClick={saveSvg}>
            Save the graph as SVG
          </button>
          <button type="button" className={item} onClick={savePng}>
            Save the graph as PNG
          </button>
          <button type="button" className={item} onClick={() => void exportSelftest()}>
            Kernel selftest (C)
          </button>
          <button type="button" className={item} onClick={exportJson}>
            Export scenario (.json)
          </button>
          <button type="button" className={item} onClick={() => fileInput.current?.click()}>
            Import scenario (.json)…
          </button>
        </div>
      </details>
      <input ref={fileInput} type="file" accept=".json,application/json" className="hidden" aria-label="Import a scenario file" data-testid="import-file" onChange={(e) => void onFile(e.target.files?.[0]).finally(() => (e.target.value = ''))} />
      {copied ? (
        <span role="status" className={`text-xs ${long ? 'text-amber-800 dark:text-amber-300' : 'text-emerald-800 dark:text-emerald-300'}`} data-testid="link-size">
          {copied}
          {long ? (
            <>
              {' '}Too long for most mail and chat tools:{' '}
              <button type="button" className="underline" onClick={exportJson}>
                export it as a file
              </button>
            </>
          ) : null}
        </span>
      ) : null}
      {trace !== null ? <TraceDialog text={trace} onClose={() => setTrace(null)} /> : null}
      {selftest !== null ? <SelftestDialog key={String(selftest.ok)} result={selftest} onSkipSteps={() => void exportSelftest(true)} onClose={() => setSelftest(null)} /> : null}
    </>
  );
}

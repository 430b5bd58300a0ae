// The scenario as JSON: edit, see each validation issue beside its line, run it.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { jsonPathLines, lineOf } from '../../scenario/json-lines';
import { parseScenarioText } from '../../scenario/validate';
import type { Scenario } from '../../scenario/types';
import { useLuo } from '../../store/store';
import { escapeControl } from '../../text/control';

const LINE_PX = 18;

/** Above this many characters the JSON is shown read-only: editing it here would block the page. */
export const EDITOR_MAX_CHARS = 1_000_000;
/** Lines the read-only view shows. */
const PREVIEW_LINES = 500;

export default function EditorPanel() {
  const scenario = useLuo((s) => s.scenario);
  const original = useMemo(() => (scenario ? JSON.stringify(scenario, null, 2) : ''), [scenario]);
  if (original.length > EDITOR_MAX_CHARS) return <ReadOnlyJson text={original} />;
  return <JsonEditor original={original} />;
}

function ReadOnlyJson({ text }: { text: string }) {
  const preview = useMemo(() => {
    let end = 0;
    for (let n = 0; n < PREVIEW_LINES && end !== -1; n++) end = text.indexOf('\n', end + 1);
    return end === -1 ? text : text.slice(0, end);
  }, [text]);
  return (
    <div className="flex h-full flex-col p-2" data-testid="editor-read-only">
      <p className="mb-2 text-xs text-slate-700 dark:text-slate-300" role="status">
        This scenario&apos;s JSON is {text.length.toLocaleString('en')} characters, over the editor&apos;s limit of {EDITOR_MAX_CHARS.toLocaleString('en')}, so it is shown read-only (the first {PREVIEW_LINES} lines). To change it, use
        Build, or Export it (Share ▾), edit the file elsewhere and Import it.
      </p>
      <pre aria-label="Scenario JSON (read-only)" className="min-h-0 flex-1 overflow-auto rounded border border-slate-300 bg-white px-2 py-1 font-mono text-[12px] text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
        {preview}
      </pre>
    </div>
  );
}

function JsonEditor({ original }: { original: string }) {
  const edit = useLuo((s) => s.edit);
  // text typed and not run is a draft in the store: it survives a tab switch and a reload
  const unapplied = useLuo((s) => s.editorText);
  const [text, setShown] = useState(() => unapplied?.text ?? original);
  const [base, setBase] = useState(original);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  // the text's scroll position: the messages beside their lines move with it
  const [scroll, setScroll] = useState({ top: 0, left: 0 });
  // the width of one character of the monospace text: a message starts after its line's end
  const [charW, setCharW] = useState(7.2);
  const probe = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const w = probe.current?.getBoundingClientRect().width;
    if (w) setCharW(w / 10);
  }, []);
  if (base !== original) {
    // the scenario changed elsewhere (builder, undo, link): show the new one, unless text
    // typed here is not applied yet (a link that replaces it asks first and clears it)
    setBase(original);
    if (unapplied === null) setShown(original);
  }
  const setText = (t: string) => {
    setShown(t);
    useLuo.getState().setEditorText(t === original ? null : { base: original, text: t });
  };
  // the run and the cleared text land in one render, which then shows the new scenario
  const run = (next: Scenario) => {
    if (edit(next)) useLuo.getState().setEditorText(null);
  };

  const result = useMemo(() => parseScenarioText(text), [text]);
  const issues = useMemo(() => {
    if (result.ok) return [];
    const lines = jsonPathLines(text);
    return result.issues.map((i) => ({ ...i, at: i.line ?? lineOf(lines, i.path) ?? 1 }));
  }, [result, text]);
  const bad = new Set(issues.map((i) => i.at));
  // one message beside each line that has any (the first; the count when there are more)
  const byLine = new Map<number, { message: string; more: number }>();
  for (const i of issues) {
    const m = byLine.get(i.at);
    if (m) m.more++;
    // beside its line the step needs no naming: the message starts with what is wrong
    else byLine.set(i.at, { message: escapeControl(i.message.replace(/^step \d+ \([^)]*\): /, '')), more: 0 });
  }
  const lineLengths = useMemo(() => text.split('\n').map((l) => l.length), [text]);
  const lineCount = lineLengths.length;

  const goto = (line: number) => {
    const t = area.current;
    if (!t) return;
    const starts = [0];
    for (let k = 0; k < text.length; k++) if (text[k] === '\n') starts.push(k + 1);
    const from = starts[line - 1] ?? 0;
    const to = (starts[line] ?? text.length + 1) - 1;
    t.focus();
    t.setSelectionRange(from, to);
    t.scrollTop = (line - 3) * LINE_PX;
  };

  return (
    <div className="flex h-full flex-col p-2" data-testid="editor">
      <div className="mb-2 flex items-center gap-2">
        <button type="button" disabled={!result.ok || text === original} onClick={() => result.ok && run(result.scenario)} className="rounded bg-sky-700 px-2 py-1 text-xs font-semibold text-white disabled:opacity-40">
          Run this scenario
        </button>
        <button type="button" disabled={text === original} onClick={() => setText(original)} className="rounded border border-slate-300 px-2 py-1 text-xs disabled:opacity-40 dark:border-slate-600">
          Revert
        </button>
        <span className={`ml-auto text-xs ${issues.length ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`} role="status">
          {issues.length ? `${issues.length} problem${issues.length === 1 ? '' : 's'}` : 'valid'}
        </span>
      </div>
      {unapplied && text !== original ? (
        <p className="mb-2 text-xs text-amber-800 dark:text-amber-300" data-testid="editor-unapplied">
          Not run yet{unapplied.base !== original ? ', and typed over an earlier version of the scenario' : ''}: kept as a draft until you run or revert it.
        </p>
      ) : null}
      <div className="relative flex min-h-0 flex-1 overflow-hidden rounded border border-slate-300 font-mono text-[12px] dark:border-slate-600" style={{ lineHeight: `${LINE_PX}px` }}>
        <div ref={gutter} aria-hidden="true" className="w-10 shrink-0 overflow-hidden bg-slate-100 py-1 text-right text-slate-600 select-none dark:bg-slate-800 dark:text-slate-300">
          {Array.from({ length: lineCount }, (_, k) => (
            <div key={k} className={`pr-1 ${bad.has(k + 1) ? 'bg-red-200 font-bold text-red-800 dark:bg-red-900 dark:text-red-200' : ''}`}>
              {k + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={area}
          aria-label="Scenario JSON"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            setScroll({ top: e.currentTarget.scrollTop, left: e.currentTarget.scrollLeft });
          }}
          className="min-h-0 flex-1 resize-none bg-white px-2 py-1 whitespace-pre text-slate-900 outline-none dark:bg-slate-900 dark:text-slate-100"
          style={{ lineHeight: `${LINE_PX}px` }}
          wrap="off"
        />
        {/* each problem beside its line, over the text's right end (the list below has them all) */}
        <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 right-0 left-10 overflow-hidden">
          <span ref={probe} className="invisible absolute whitespace-pre">
            0000000000
          </span>
          {[...byLine].map(([line, m]) => (
            <div
              key={line}
              data-testid="inline-issue"
              data-line={line}
              className="absolute right-1 truncate rounded-sm border-l-2 border-red-600 bg-red-50/95 px-1.5 text-[11px] text-red-800 dark:bg-red-950/95 dark:text-red-200"
              // after the line's own text (8 px: the text's padding), never over it
              style={{ top: 4 + (line - 1) * LINE_PX - scroll.top, left: Math.max(24, 8 + (lineLengths[line - 1] ?? 0) * charW + 12 - scroll.left), lineHeight: `${LINE_PX}px` }}
            >
              {m.message}
              {m.more ? ` (+${m.more} more)` : ''}
            </div>
          ))}
        </div>
      </div>
      {issues.length ? (
        <ul className="mt-2 max-h-40 overflow-auto text-xs" aria-label="Problems">
          {issues.map((i, k) => (
            <li key={k}>
              <button type="button" className="text-left text-red-800 hover:underline dark:text-red-300" onClick={() => goto(i.at)}>
                line {i.at}: {escapeControl(i.message)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

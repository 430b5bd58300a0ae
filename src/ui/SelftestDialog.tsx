// Share ▸ Kernel selftest (C): the exported C file to copy or download, or why the scenario
// cannot become a selftest (each step named), with the choice to export those steps as skips.
import { useEffect, useRef, useState } from 'react';
import type { ExportCResult } from '../export/c';
import { download } from './files';

export function SelftestDialog({ result, onSkipSteps, onClose }: { result: ExportCResult; onSkipSteps: () => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const copy = async () => {
    if (!result.ok) return;
    try {
      await navigator.clipboard.writeText(result.text);
      setNote('Copied.');
    } catch {
      setNote('The clipboard is not available: select the text and copy it.');
    }
  };
  const button = 'rounded px-3 py-1 text-sm font-semibold';
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="selftest-title" className="m-auto w-[52rem] max-w-[95vw] rounded-lg border border-slate-300 bg-white p-4 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
      <h2 id="selftest-title" className="text-base font-semibold">
        Kernel selftest (C){result.ok ? `: ${result.fileName}` : ''}
      </h2>
      {result.ok ? (
        <>
          <p className="mt-1 text-xs">
            kselftest TAP, the real LUO ioctls, one stage per boot. Build with <code>gcc -std=gnu11 -O2 -Wall -Wextra</code>, run as root, kexec into the same kernel between the stages (the file&apos;s header says how).
            {result.skipped.length ? ` ${result.skipped.length} step(s) become TAP skips.` : ''}
          </p>
          <pre data-testid="selftest-text" className="mt-2 max-h-[60vh] overflow-auto rounded bg-slate-100 p-2 font-mono text-[11px] leading-snug dark:bg-slate-800">
            {result.text}
          </pre>
        </>
      ) : (
        <div role="alert" data-testid="selftest-refused" className="mt-2 rounded border border-amber-400 bg-amber-50 p-2 text-sm dark:bg-amber-950">
          <p>This scenario cannot be exported as a kernel selftest: these steps cannot be performed from userspace.</p>
          <ul className="mt-1 list-disc pl-5 text-xs">
            {result.refusals.map((r) => (
              <li key={r.i}>
                <code>
                  steps[{r.i}] {r.op}
                </code>
                : {r.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="mt-3 flex items-center justify-end gap-2">
        <span className="mr-auto text-xs" role="status">
          {note}
        </span>
        {result.ok ? (
          <>
            <button type="button" onClick={copy} className={`${button} bg-sky-700 text-white`}>
              Copy
            </button>
            <button type="button" onClick={() => download(result.fileName, result.text, 'text/x-csrc')} className={`${button} bg-sky-700 text-white`}>
              Download
            </button>
          </>
        ) : (
          <button type="button" onClick={onSkipSteps} className={`${button} border border-slate-300 dark:border-slate-600`}>
            Export with these steps skipped
          </button>
        )}
        <form method="dialog">
          <button type="submit" className="rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-600">
            Close
          </button>
        </form>
      </div>
    </dialog>
  );
}

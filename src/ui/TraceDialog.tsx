// The text trace in a dialog, ready to copy into a mail (72 columns).
import { useEffect, useRef, useState } from 'react';

export function TraceDialog({ text, onClose }: { text: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setNote('Copied.');
    } catch {
      setNote('The clipboard is not available: select the text and copy it.');
    }
  };
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="trace-title" className="m-auto w-[44rem] max-w-[95vw] rounded-lg border border-slate-300 bg-white p-4 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
      <h2 id="trace-title" className="text-base font-semibold">
        Event trace
      </h2>
      <pre data-testid="trace-text" className="mt-2 max-h-[60vh] overflow-auto rounded bg-slate-100 p-2 font-mono text-[11px] leading-snug dark:bg-slate-800">
        {text}
      </pre>
      <div className="mt-3 flex items-center justify-end gap-2">
        <span className="mr-auto text-xs" role="status">
          {note}
        </span>
        <button type="button" onClick={copy} className="rounded bg-sky-700 px-3 py-1 text-sm font-semibold text-white">
          Copy
        </button>
        <form method="dialog">
          <button type="submit" className="rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-600">
            Close
          </button>
        </form>
      </div>
    </dialog>
  );
}

// A modal question with two answers (used before forking and before replacing unsaved work).
import { useEffect, useRef, type ReactNode } from 'react';

export function ConfirmDialog(props: { title: string; confirm: string; cancel?: string; onConfirm: () => void; onCancel: () => void; children: ReactNode; extra?: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} onCancel={props.onCancel} aria-labelledby="confirm-title" className="m-auto max-w-md rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
      <h2 id="confirm-title" className="text-base font-semibold">
        {props.title}
      </h2>
      <div className="mt-2 text-sm">{props.children}</div>
      <div className="mt-4 flex justify-end gap-2">
        {props.extra}
        <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-600" onClick={props.onCancel}>
          {props.cancel ?? 'Cancel'}
        </button>
        <button type="button" className="rounded bg-sky-700 px-3 py-1 text-sm font-semibold text-white hover:bg-sky-800" onClick={props.onConfirm} autoFocus>
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}

// The `?` help sheet: every control and its key.
import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './shortcuts';


export function HelpSheet({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="help-title" className="m-auto max-w-lg rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
      <h2 id="help-title" className="text-lg font-semibold">
        Keyboard and controls
      </h2>
      <table className="mt-3 w-full text-sm">
        <tbody>
          {SHORTCUTS.map(([k, v]) => (
            <tr key={k} className="border-b border-slate-200 dark:border-slate-700">
              <th scope="row" className="py-1 pr-4 text-left font-mono font-medium">
                {k}
              </th>
              <td className="py-1">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
        Click a node, or Tab to the graph, move with the arrow keys and press Enter, to inspect it. The first Tab stop skips to the side panel. Sequence (above the graph) shows the run as calls and returns; click an arrow to go there. Steps count from 1 everywhere (the JSON's steps[0] is step 1); a copied link opens at the same event. The Events tab lists every event as text. Open a scenario by link with <code>#json=</code> followed by the percent-encoded scenario.
      </p>
      <form method="dialog" className="mt-4 text-right">
        <button type="submit" className="rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}

// The graph's visual language in one box.
import { Panel } from '@xyflow/react';
import { useState } from 'react';
import { TYPE_STYLE } from './style';

export function Legend() {
  const [open, setOpen] = useState(false);
  return (
    <Panel position="top-right">
      <div className="max-w-64 rounded-md border border-slate-300 bg-white/95 px-2 py-1 text-[11px] text-slate-800 shadow dark:border-slate-600 dark:bg-slate-900/95 dark:text-slate-100">
        <button type="button" className="font-semibold underline-offset-2 hover:underline" aria-expanded={open} onClick={() => setOpen(!open)}>
          Legend
        </button>
        {open ? (
          <ul className="mt-1 space-y-0.5" aria-label="Legend">
            {Object.entries(TYPE_STYLE).map(([k, t]) => (
              <li key={k} className="flex items-center gap-1.5">
                <span className={`inline-block h-3 w-4 rounded-sm border-2 ${t.className}`} aria-hidden="true" />
                {t.label}
              </li>
            ))}
            <li className="flex items-center gap-1.5">
              <span className="inline-block h-3 w-4 rounded-sm ring-2 ring-yellow-400" aria-hidden="true" /> changed by this step
            </li>
            <li className="flex items-center gap-1.5">
              <span className="inline-block h-3 w-4 rounded-sm ring-2 ring-red-600" aria-hidden="true" /> a call failed here (errno badge)
            </li>
            <li className="flex items-center gap-1.5">
              <span className="inline-block h-3 w-4 rounded-sm border-2 border-dotted border-slate-400 opacity-40" aria-hidden="true" /> removed (faded)
            </li>
            <li>edges: fd → object, session → file, file → handler, handler → FLB (the FLB node shows its outgoing and incoming counts), session → handover → next kernel</li>
          </ul>
        ) : null}
      </div>
    </Panel>
  );
}

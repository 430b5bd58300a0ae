// "Hide removed objects": closed sessions, unpreserved files and closed fds leave the graph
// (instead of fading), so what is alive in a lane can be read on its own.
import { Panel } from '@xyflow/react';
import { useGraphPrefs } from './prefs';

export function HideRemoved() {
  const on = useGraphPrefs((s) => s.hideRemoved);
  const set = useGraphPrefs((s) => s.setHideRemoved);
  return (
    <Panel position="top-center">
      <label className="flex items-center gap-1.5 rounded-md border border-slate-300 bg-white/95 px-2 py-1 text-[12px] text-slate-800 shadow dark:border-slate-600 dark:bg-slate-900/95 dark:text-slate-100">
        <input type="checkbox" checked={on} onChange={(e) => set(e.target.checked)} />
        Hide removed objects
      </label>
    </Panel>
  );
}

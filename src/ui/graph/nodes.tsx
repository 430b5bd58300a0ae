// Custom React Flow nodes: one memoized component per type, drawing only what render.ts gave.
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { LaneData, LuoNodeData } from './render';
import { TYPE_STYLE } from './style';

/** The edge ends as plain elements: React Flow reads their places from the node's `handles`
 * (render.ts) and, when it measures a node, from these classes and data-handlepos, as it does
 * for its own <Handle>; that component would add two store subscriptions to every node. */
const DOT = 'react-flow__handle !h-1.5 !w-1.5 !min-w-0 !border-0 !bg-slate-400';

function LuoNodeImpl({ data, selected }: NodeProps) {
  const d = data as LuoNodeData;
  const t = TYPE_STYLE[d.type];
  const ring = d.badge ? 'ring-2 ring-red-600' : d.touched ? 'ring-2 ring-yellow-400' : selected ? 'ring-2 ring-sky-400' : '';
  const fade = d.status === 'gone' ? 'opacity-35 border-dotted' : '';
  return (
    <div className={`relative h-full w-full overflow-hidden rounded-md border-2 px-2 py-1 text-left text-[12px] leading-tight text-slate-900 shadow-sm dark:text-slate-100 ${t.className} ${ring} ${fade}`} data-status={d.status} data-touched={d.touched || undefined}>
      <span aria-hidden className={`${DOT} react-flow__handle-left target`} data-handlepos="left" />
      <div className="flex items-center justify-between gap-1">
        <span className="truncate text-[12px] font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">{t.label}</span>
        {d.badge ? <span className="shrink-0 rounded bg-red-700 px-1 text-[12px] font-bold text-white">{d.badge}</span> : null}
      </div>
      <div className="truncate font-mono text-[13px] font-semibold">{d.title}</div>
      {d.lines.map((l, i) => (
        <div key={i} className="truncate text-[12px] text-slate-700 dark:text-slate-300">
          {l}
        </div>
      ))}
      <span aria-hidden className={`${DOT} react-flow__handle-right source`} data-handlepos="right" />
    </div>
  );
}

function LaneNodeImpl({ data }: NodeProps) {
  const d = data as LaneData;
  return (
    <div className={`h-full w-full rounded-xl border-2 ${d.current ? 'border-sky-500/60 bg-sky-500/5' : 'border-slate-400/50 bg-slate-500/5'}`}>
      <div className="px-3 py-1.5 text-[13px] font-semibold text-slate-700 dark:text-slate-200">
        {d.title}
        {d.ended ? <span className="ml-2 font-normal text-slate-500 dark:text-slate-400">ended by kexec</span> : null}
        {d.hidden ? <span className="ml-2 font-normal text-slate-500 dark:text-slate-400">(objects hidden in a long run: step back to see them)</span> : null}
      </div>
    </div>
  );
}

export const LuoNode = memo(LuoNodeImpl);
export const LaneNode = memo(LaneNodeImpl);

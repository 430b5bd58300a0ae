// The colour and label of each kind of node (graph and legend).
import type { LuoNodeData } from './render';

export const TYPE_STYLE: Record<LuoNodeData['type'], { label: string; className: string }> = {
  fd: { label: 'fd', className: 'border-slate-400 bg-slate-50 dark:bg-slate-800' },
  session: { label: 'session', className: 'border-sky-600 bg-sky-50 dark:bg-sky-950' },
  entry: { label: 'preserved file', className: 'border-emerald-600 bg-emerald-50 dark:bg-emerald-950' },
  handler: { label: 'handler', className: 'border-violet-600 bg-violet-50 dark:bg-violet-950' },
  flb: { label: 'FLB', className: 'border-amber-600 bg-amber-50 dark:bg-amber-950' },
  handover: { label: 'handover image', className: 'border-fuchsia-600 bg-fuchsia-50 dark:bg-fuchsia-950 border-dashed' },
};


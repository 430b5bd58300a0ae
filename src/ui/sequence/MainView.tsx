// The main area: the graph (state) or the Sequence view (calls), switched by two buttons.
import { lazy, Suspense, useState, type ReactNode } from 'react';

// loaded when first shown: the first view needs only the graph
const SequenceView = lazy(() => import('./SequenceView').then((m) => ({ default: m.SequenceView })));

const tab = (on: boolean) => `px-2 py-0.5 text-xs font-semibold ${on ? 'bg-sky-700 text-white' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'}`;

export function MainView({ children }: { children: ReactNode }) {
  const [seq, setSeq] = useState(false);
  return (
    <div className="flex h-full flex-col">
      <div role="group" aria-label="Main view" className="flex shrink-0 gap-1 border-b border-slate-300 bg-white px-2 py-0.5 dark:border-slate-700 dark:bg-slate-900">
        <button type="button" className={tab(!seq)} aria-pressed={!seq} onClick={() => setSeq(false)}>
          Graph
        </button>
        <button type="button" className={tab(seq)} aria-pressed={seq} onClick={() => setSeq(true)}>
          Sequence
        </button>
      </div>
      <div className="relative min-h-0 flex-1">{seq ? (
          <Suspense fallback={<p className="p-4 text-sm">Loading…</p>}>
            <SequenceView />
          </Suspense>
        ) : (
          children
        )}</div>
    </div>
  );
}

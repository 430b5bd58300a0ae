// The steps around the cursor, each movable up or down and deletable (undoable): a step can
// be put anywhere, not only appended.
import { describeStep } from '../../engine/describe';
import { deleteStep, moveStep } from '../../builder/draft';
import type { Scenario } from '../../scenario/types';
import { useLuo } from '../../store/store';

/** Steps shown each side of the current one (a 2000-step scenario lists a window, not all). */
const AROUND = 6;

const icon = 'rounded border border-slate-300 px-1.5 text-xs leading-5 disabled:opacity-40 dark:border-slate-600';

export function StepEditor({ scenario, current }: { scenario: Scenario; current: number }) {
  const n = scenario.steps.length;
  if (!n) return null;
  const from = Math.max(0, Math.min(current, n - 1) - AROUND);
  const to = Math.min(n, from + 2 * AROUND + 1);
  const edit = (next: Scenario, step: number) => useLuo.getState().edit(next, { step });
  return (
    <section className="mt-3" aria-label="Edit the steps">
      <h3 className="text-xs font-semibold text-slate-800 dark:text-slate-200">
        Steps {from + 1}–{to} of {n}: move or delete
      </h3>
      <ol className="mt-1 divide-y divide-slate-200 text-xs dark:divide-slate-700">
        {scenario.steps.slice(from, to).map((st, k) => {
          const i = from + k;
          return (
            <li key={i} className={`flex items-center gap-1 py-0.5 ${i === current ? 'bg-sky-100 dark:bg-sky-900' : ''}`} aria-current={i === current ? 'step' : undefined}>
              <span className="w-8 shrink-0 text-right font-mono text-slate-600 dark:text-slate-300">{i + 1}</span>
              <span className="min-w-0 flex-1 truncate font-mono" title={describeStep(st)}>
                {describeStep(st)}
              </span>
              <button type="button" className={icon} disabled={i === 0} aria-label={`Move step ${i + 1} up`} onClick={() => edit(moveStep(scenario, i, i - 1), i - 1)}>
                ↑
              </button>
              <button type="button" className={icon} disabled={i === n - 1} aria-label={`Move step ${i + 1} down`} onClick={() => edit(moveStep(scenario, i, i + 1), i + 1)}>
                ↓
              </button>
              <button type="button" className={icon} aria-label={`Delete step ${i + 1}`} onClick={() => edit(deleteStep(scenario, i), Math.min(i, n - 2))}>
                ✕
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

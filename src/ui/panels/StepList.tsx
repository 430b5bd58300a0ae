// The scenario's steps with their results and expectations; activate one to go to its end.
import { memo } from 'react';
import { useLuo } from '../../store/store';
import { describeStep } from '../../engine/describe';
import { endOfStep, stepAt } from '../../store/timeline';

function StepListImpl() {
  const scenario = useLuo((s) => s.scenario);
  const steps = useLuo((s) => s.steps);
  const timeline = useLuo((s) => s.timeline);
  const cursor = useLuo((s) => s.cursor);
  const seek = useLuo((s) => s.seek);
  if (!scenario) return null;
  const currentStep = stepAt(timeline, cursor);
  const shown = scenario.steps.slice(0, 500);
  return (
    <div>
      {scenario.description ? <p className="px-3 py-2 text-xs text-slate-700 dark:text-slate-300">{scenario.description}</p> : null}
      <ol className="divide-y divide-slate-200 text-xs dark:divide-slate-700" aria-label="Scenario steps">
        {shown.map((st, i) => {
          const out = steps[i];
          const bad = out && !out.met;
          return (
            <li key={i}>
              <button type="button" onClick={() => seek(endOfStep(timeline, i))} aria-current={i === currentStep ? 'step' : undefined} className={`block w-full px-3 py-1 text-left hover:bg-slate-100 dark:hover:bg-slate-800 ${i === currentStep ? 'bg-sky-100 dark:bg-sky-900' : ''}`}>
                <span className="mr-2 inline-block w-8 text-right font-mono text-slate-600 dark:text-slate-300">{i + 1}</span>
                <span className="font-mono">{describeStep(st)}</span>
                {out ? (
                  <span className={`ml-2 font-mono font-semibold ${out.result === 'ok' ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}>
                    {out.result}
                    {out.data !== undefined ? ` ${JSON.stringify(out.data)}` : ''}
                  </span>
                ) : null}
                {bad ? <span className="ml-2 text-red-700 dark:text-red-400">✗ {out.message}</span> : out?.expect !== undefined ? <span className="ml-1 text-emerald-700 dark:text-emerald-400" aria-label="expectation met">✓</span> : null}
                {st.note ? <span className="block pl-10 text-slate-600 dark:text-slate-300">{st.note}</span> : null}
              </button>
            </li>
          );
        })}
      </ol>
      {scenario.steps.length > shown.length ? <p className="px-3 py-2 text-xs text-slate-600">… and {scenario.steps.length - shown.length} more steps (use the timeline).</p> : null}
    </div>
  );
}

/** memo: the shell re-renders when the generation changes; this reads the store itself */
export const StepList = memo(StepListImpl);

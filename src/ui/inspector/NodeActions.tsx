// The inspector's actions as buttons: each adds its step at the cursor (after the step the
// cursor is in; the later steps stay), with the builder's defaults. Undo takes it back.
import { useMemo } from 'react';
import { possibleActions } from '../../builder/actions';
import { liveBindings } from '../../builder/bindings';
import { insertAfter } from '../../builder/draft';
import { actionsForNode } from '../../builder/forNode';
import { useLuo } from '../../store/store';
import { endOfStep, stepAt, viewAt } from '../../store/timeline';
import { parseNodeId } from '../graph/structure';

export function NodeActions({ id }: { id: string }) {
  const scenario = useLuo((s) => s.scenario);
  const outcomes = useLuo((s) => s.steps);
  const timeline = useLuo((s) => s.timeline);
  const cursor = useLuo((s) => s.cursor);
  const status = useLuo((s) => s.status);
  const after = stepAt(timeline, cursor);
  const list = useMemo(() => {
    const node = parseNodeId(id);
    if (!scenario || status !== 'done' || !node) return [];
    const view = viewAt(timeline, endOfStep(timeline, after));
    const steps = scenario.steps.slice(0, after + 1);
    return actionsForNode(possibleActions({ steps, outcomes, after, view }), node, liveBindings(steps, outcomes, after, view), view);
  }, [scenario, outcomes, timeline, after, status, id]);
  if (!scenario || !list.length) return null;
  const where = after < 0 ? 'before the first step' : `after step ${after + 1}`;
  return (
    <div>
      <h3 className="text-xs font-semibold">Add a step here ({where})</h3>
      <ul className="mt-1 space-y-1">
        {list.map((a) => (
          <li key={a.key}>
            <button
              type="button"
              data-action={a.key}
              className="rounded border border-sky-700 px-2 py-0.5 text-left text-xs text-sky-800 hover:bg-sky-50 dark:border-sky-400 dark:text-sky-200 dark:hover:bg-sky-950"
              onClick={() => useLuo.getState().edit(insertAfter(scenario, after, a.step), { step: after + 1 })}
            >
              + {a.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

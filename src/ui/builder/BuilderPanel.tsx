// Build a scenario by clicking: the actions possible at the cursor, with their parameters.
// Adding one appends a step there; in the past it asks: fork the timeline (drop the later
// steps) or insert the step (keep them). Steps near the cursor can be moved or deleted, and
// "New scenario" starts an empty one of its own. Everything is undoable.
import { lazy, Suspense, useMemo, useState } from 'react';
import { possibleActions, withParam, type Action, type ActionGroup } from '../../builder/actions';
import { appendAfter, dropped, insertAfter } from '../../builder/draft';
import { StepEditor } from './StepEditor';
import type { Step } from '../../scenario/types';
import { useLuo } from '../../store/store';
import { endOfStep, stepAt, viewAt } from '../../store/timeline';
import { ConfirmDialog } from '../ConfirmDialog';

const NewScenarioDialog = lazy(() => import('../newscenario/NewScenarioDialog').then((m) => ({ default: m.NewScenarioDialog })));

const GROUPS: [ActionGroup, string][] = [
  ['sessions', 'Sessions and preservation'],
  ['files', 'Files'],
  ['userspace', 'Userspace'],
  ['kexec', 'Reboot'],
  ['kernel', 'Kernel: modules and FLBs'],
  ['faults', 'Faults'],
];

const field = 'rounded border border-slate-300 bg-white px-1 py-0.5 text-xs dark:border-slate-600 dark:bg-slate-800';

function ActionRow({ action, onAdd }: { action: Action; onAdd: (step: Step) => void }) {
  const [step, setStep] = useState<Step>(action.step);
  const get = (f: string) => (step as unknown as Record<string, unknown>)[f];
  return (
    <li className="py-1">
      <div className="flex items-center gap-2">
        <span className="flex-1 text-xs">{action.label}</span>
        <button type="button" className="rounded bg-sky-700 px-2 py-0.5 text-xs font-semibold text-white hover:bg-sky-800" onClick={() => onAdd(step)} aria-label={`Add: ${action.label}`} data-action={action.key}>
          Add
        </button>
      </div>
      {action.params.length ? (
        <div className="mt-1 flex flex-wrap gap-2 pl-2">
          {action.params.map((p) => (
            <label key={p.field} className="flex items-center gap-1 text-[11px] text-slate-700 dark:text-slate-300">
              {p.label}
              {p.kind === 'select' ? (
                <select className={field} value={String(get(p.field) ?? (p.field === 'profile' ? '(same)' : ''))} onChange={(e) => setStep(withParam(step, p.field, e.target.value))}>
                  {p.choices!.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              ) : p.kind === 'bool' ? (
                <input type="checkbox" checked={get(p.field) !== false} onChange={(e) => setStep(withParam(step, p.field, e.target.checked))} />
              ) : (
                <input
                  className={`${field} w-24`}
                  type={p.kind === 'number' ? 'number' : 'text'}
                  value={String(get(p.field) ?? '')}
                  onChange={(e) => setStep(withParam(step, p.field, p.kind === 'number' ? Number(e.target.value) : e.target.value))}
                />
              )}
            </label>
          ))}
        </div>
      ) : null}
    </li>
  );
}

export default function BuilderPanel() {
  const scenario = useLuo((s) => s.scenario);
  const steps = useLuo((s) => s.steps);
  const timeline = useLuo((s) => s.timeline);
  const cursor = useLuo((s) => s.cursor);
  const status = useLuo((s) => s.status);
  const history = useLuo((s) => s.history);
  const edit = useLuo((s) => s.edit);
  const [pending, setPending] = useState<{ step: Step; after: number; drops: number } | null>(null);
  const [creating, setCreating] = useState(false);

  const after = stepAt(timeline, cursor);
  const actions = useMemo(() => {
    if (!scenario || status !== 'done') return [];
    const view = viewAt(timeline, endOfStep(timeline, after));
    // only the steps kept by an append count (a fork drops the rest, and their names)
    return possibleActions({ steps: scenario.steps.slice(0, after + 1), outcomes: steps, after, view });
  }, [scenario, steps, timeline, after, status]);

  if (!scenario) return null;
  const commit = (step: Step, at: number) => {
    const next = appendAfter(scenario, at, step);
    edit(next);
  };
  // the later steps stay; the cursor goes to the end of the new step
  const insert = (step: Step, at: number) => edit(insertAfter(scenario, at, step), { step: at + 1 });
  const onAdd = (step: Step) => {
    const drops = dropped(scenario, after);
    if (drops > 0) setPending({ step, after, drops });
    else commit(step, after);
  };

  return (
    <div className="p-3" data-testid="builder">
      <div className="flex items-center gap-2">
        <p className="flex-1 text-xs text-slate-700 dark:text-slate-300">
          {after < 0 ? 'Adding before the first step.' : `Adding after step ${after + 1} of ${scenario.steps.length}.`}
          {dropped(scenario, after) > 0 ? ` This is in the past: adding forks the timeline and drops the ${dropped(scenario, after)} later step(s), or inserts the step and keeps them.` : ''}
        </p>
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-600" onClick={() => setCreating(true)}>
          New scenario…
        </button>
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-xs disabled:opacity-40 dark:border-slate-600" onClick={() => useLuo.getState().undo()} disabled={!history.past.length} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-xs disabled:opacity-40 dark:border-slate-600" onClick={() => useLuo.getState().redo()} disabled={!history.future.length} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
      </div>
      {status !== 'done' ? <p className="mt-2 text-xs">Waiting for the run to finish…</p> : null}
      {status === 'done' ? <StepEditor scenario={scenario} current={after} /> : null}
      {GROUPS.map(([g, title]) => {
        const list = actions.filter((a) => a.group === g);
        if (!list.length) return null;
        return (
          <section key={g} className="mt-3" aria-label={title}>
            <h3 className="text-xs font-semibold text-slate-800 dark:text-slate-200">{title}</h3>
            <ul className="divide-y divide-slate-200 dark:divide-slate-700">
              {list.map((a) => (
                <ActionRow key={`${a.key}@${after}/${scenario.steps.length}`} action={a} onAdd={onAdd} />
              ))}
            </ul>
          </section>
        );
      })}
      {pending ? (
        <ConfirmDialog
          title="Fork the timeline here?"
          confirm="Fork and add"
          onCancel={() => setPending(null)}
          onConfirm={() => {
            commit(pending.step, pending.after);
            setPending(null);
          }}
          extra={
            <button
              type="button"
              className="rounded border border-sky-700 px-3 py-1 text-sm text-sky-800 dark:border-sky-400 dark:text-sky-200"
              onClick={() => {
                insert(pending.step, pending.after);
                setPending(null);
              }}
            >
              Insert, keep them
            </button>
          }
        >
          {pending.after < 0 ? `Adding a step before the first step drops all ${pending.drops} step(s) of the scenario` : `Adding a step after step ${pending.after + 1} drops the ${pending.drops} step(s) that follow it`} (its title, kernel and modules stay: for a scenario of
          its own, use New scenario). Or insert the step there and keep them. You can undo either.
        </ConfirmDialog>
      ) : null}
      {creating ? (
        <Suspense fallback={null}>
          <NewScenarioDialog
            onClose={() => setCreating(false)}
            onCreate={(s) => {
              setCreating(false);
              useLuo.getState().requestOpen(s, { source: 'New scenario' });
            }}
          />
        </Suspense>
      ) : null}
    </div>
  );
}

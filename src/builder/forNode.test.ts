import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/run';
import { project } from '../engine/projection';
import { DEFAULT_SCENARIO } from '../scenario/library/default';
import type { Scenario } from '../scenario/types';
import { possibleActions } from './actions';
import { liveBindings } from './bindings';
import { actionsForNode } from './forNode';
import { deleteStep, insertAfter, moveStep } from './draft';

function at(s: Scenario, after: number) {
  const run = runScenario({ ...s, steps: s.steps.slice(0, after + 1) });
  const view = project(run.events);
  const steps = s.steps.slice(0, after + 1);
  return { view, actions: possibleActions({ steps, outcomes: run.steps, after, view }), bindings: liveBindings(steps, run.steps, after, view) };
}

describe('actionsForNode', () => {
  // the default before its kexec: two outgoing sessions, an FLB shared by two handlers
  const kexec = DEFAULT_SCENARIO.steps.findIndex((s) => s.op === 'kexec');
  const { view, actions, bindings } = at(DEFAULT_SCENARIO, kexec - 1);

  it('a session: preserve into it, get its name, close it, and nothing of other sessions', () => {
    const vm1 = Object.values(view.sessions).find((s) => s.name === 'vm1')!;
    const keys = actionsForNode(actions, { type: 'session', gen: view.gen, sid: vm1.sid }, bindings, view).map((a) => a.key);
    const name = bindings.find((b) => b.target.kind === 'session' && b.target.sid === vm1.sid)!.name;
    expect(keys.some((k) => k.startsWith(`preserve_fd:${name}:`))).toBe(true);
    expect(keys).toContain(`close:${name}`);
    expect(keys.every((k) => k.split(':')[1] === name)).toBe(true);
  });

  it('an FLB: exactly the FLB calls this kernel has, and its fault', () => {
    const c = Object.keys(view.flbs)[0]!;
    const keys = actionsForNode(actions, { type: 'flb', gen: view.gen, compatible: c }, bindings, view).map((a) => a.key);
    expect(keys).toContain(`inject:${c}`);
    expect(keys.filter((k) => k.startsWith('flb_')).sort()).toEqual(actions.filter((a) => a.key.startsWith('flb_') && a.key.endsWith(`:${c}`)).map((a) => a.key).sort());
  });

  it('a handler: unload its module and make its callback fail', () => {
    const h = Object.values(view.handlers)[0]!;
    const keys = actionsForNode(actions, { type: 'handler', gen: view.gen, compatible: h.compatible }, bindings, view).map((a) => a.key);
    expect(keys.sort()).toEqual([`inject:${h.compatible}`, `unregister_module:${h.module}`].sort());
  });

  it('a node of an ended generation: nothing', () => {
    expect(actionsForNode(actions, { type: 'handler', gen: view.gen + 1, compatible: 'x' }, bindings, view)).toEqual([]);
  });
});

describe('insert, delete and move a step', () => {
  const s: Scenario = { format: 'luoscope-scenario', version: 1, steps: [{ op: 'open_device', as: 'a' }, { op: 'open_device', as: 'b' }, { op: 'open_device', as: 'c' }] };
  const names = (x: Scenario) => x.steps.map((st) => ('as' in st ? st.as : st.op));
  it('inserts after any step, first and last included, keeping the rest', () => {
    expect(names(insertAfter(s, -1, { op: 'exit_agent' }))).toEqual(['exit_agent', 'a', 'b', 'c']);
    expect(names(insertAfter(s, 0, { op: 'exit_agent' }))).toEqual(['a', 'exit_agent', 'b', 'c']);
    expect(names(insertAfter(s, 2, { op: 'exit_agent' }))).toEqual(['a', 'b', 'c', 'exit_agent']);
  });
  it('deletes and moves', () => {
    expect(names(deleteStep(s, 1))).toEqual(['a', 'c']);
    expect(names(moveStep(s, 0, 2))).toEqual(['b', 'c', 'a']);
    expect(names(moveStep(s, 2, 0))).toEqual(['c', 'a', 'b']);
    expect(moveStep(s, 0, 5)).toBe(s);
  });
});

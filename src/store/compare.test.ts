// The compare store (issue #14): B follows A. A and B each run in an in-process engine host
// (as the workers would), drained by hand, so every hand-over between the stores is visible.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CompareKernel } from '../compare/config';
import { COMPARISONS } from '../scenario/library/comparisons';
import type { Scenario } from '../scenario/types';
import { createEngineHost } from '../worker/host';
import { PROTOCOL_VERSION } from '../worker/protocol';
import { useCompare, type CompareRunner } from './compare';
import { useLuo } from './store';

const DOUBLE = COMPARISONS.find((c) => c.id === 'compare-double-preserve-6-19-vs-7-1')!;
const B71: CompareKernel = DOUBLE.b;
const B70: CompareKernel = { ...DOUBLE.b, profile: '7.0' };

let queue: (() => void)[] = [];
const drain = () => {
  while (queue.length) queue.shift()!();
};
/** B's runs as the compare store asked for them: [run id, scenario] */
let runsB: [number, Scenario][] = [];

function wire() {
  queue = [];
  runsB = [];
  const hostA = createEngineHost((m) => queue.push(() => useLuo.getState().receive(m)), { schedule: (f) => queue.push(f), sliceSteps: 4 });
  useLuo.getState().setRunner({ run: (id, scenario) => hostA({ v: PROTOCOL_VERSION, type: 'run', id, scenario }) });
  const hostB = createEngineHost((m) => queue.push(() => useCompare.getState().receive(m)), { schedule: (f) => queue.push(f), sliceSteps: 4 });
  const runner: CompareRunner = {
    run: (id, scenario) => {
      runsB.push([id, scenario]);
      hostB({ v: PROTOCOL_VERSION, type: 'run', id, scenario });
    },
    stop: () => {},
  };
  useCompare.getState().setRunner(runner);
}

/** The same scenario without its last step (an edit of A). */
const shorter = (s: Scenario): Scenario => ({ ...s, steps: s.steps.slice(0, -1) });

describe('compare store', () => {
  beforeEach(() => {
    wire();
    useCompare.getState().stop();
    useCompare.setState({ next: undefined, dialog: false });
    useLuo.setState({ dirty: false, editorText: null, pendingOpen: null });
    useLuo.getState().load(DOUBLE.scenario);
    drain();
  });

  it('start runs the scenario on kernel B and compares once both runs are done', () => {
    expect(useCompare.getState().start(B71)).toBe(true);
    expect(runsB).toHaveLength(1);
    expect(runsB[0]![1].kernel?.profile).toBe('7.1');
    expect(useCompare.getState().status).toBe('running');
    expect(useCompare.getState().result).toBeNull();
    drain();
    const c = useCompare.getState();
    expect(c.status).toBe('done');
    expect(c.forRun).toBe(useLuo.getState().runId);
    // 7.1 answers EBUSY where 6.19 accepts the second preserve
    expect(c.result!.rows.some((r) => r.kinds.includes('result') && r.b.result === 'EBUSY')).toBe(true);
  });

  it('B runs again when A changes (an edit), and the old comparison is dropped', () => {
    useCompare.getState().start(B71);
    drain();
    const before = useCompare.getState();
    expect(before.result).not.toBeNull();
    const edited = shorter(DOUBLE.scenario);
    expect(useLuo.getState().edit(edited)).toBe(true);
    const c = useCompare.getState();
    expect(runsB).toHaveLength(2);
    expect(runsB[1]![0]).toBe(c.runId);
    expect(runsB[1]![1].steps).toHaveLength(edited.steps.length);
    expect(runsB[1]![1].kernel?.profile).toBe('7.1');
    expect(c.forRun).toBe(useLuo.getState().runId);
    expect(c.status).toBe('running');
    expect(c.result).toBeNull();
    drain();
    expect(useCompare.getState().result!.steps).toBe(edited.steps.length);
    expect(useCompare.getState().timeline).not.toBe(before.timeline);
  });

  it('a batch of B’s previous run is ignored', () => {
    useCompare.getState().start(B71);
    drain();
    const c = useCompare.getState();
    const len = c.timeline.events.length;
    c.receive({ v: PROTOCOL_VERSION, type: 'batch', id: c.runId - 1, events: c.timeline.events.slice(0, 3), steps: [], done: 1, total: 1 });
    expect(useCompare.getState().timeline.events.length).toBe(len);
  });

  it('openWith applies B at the next run, once', () => {
    expect(useCompare.getState().b).toBeNull();
    useCompare.getState().openWith(B70);
    // nothing happens until a scenario is opened
    expect(runsB).toHaveLength(0);
    useLuo.getState().load(DOUBLE.scenario);
    expect(useCompare.getState().b).toEqual(B70);
    expect(useCompare.getState().next).toBeUndefined();
    expect(runsB).toHaveLength(1);
    expect(runsB[0]![1].kernel?.profile).toBe('7.0');
    drain();
    expect(useCompare.getState().result).not.toBeNull();
    // a later open without openWith keeps comparing with the same B
    useLuo.getState().load(shorter(DOUBLE.scenario));
    expect(runsB).toHaveLength(2);
    expect(runsB[1]![1].kernel?.profile).toBe('7.0');
  });

  it('openWith(null) opens the next scenario alone', () => {
    useCompare.getState().start(B71);
    drain();
    useCompare.getState().openWith(null);
    useLuo.getState().load(shorter(DOUBLE.scenario));
    expect(useCompare.getState().b).toBeNull();
    expect(runsB).toHaveLength(1);
  });

  it('a declined open clears what openWith asked for', async () => {
    useLuo.setState({ dirty: true });
    useCompare.getState().openWith(B71);
    useLuo.getState().requestOpen(shorter(DOUBLE.scenario), { source: 'test' });
    expect(useLuo.getState().pendingOpen).not.toBeNull();
    expect(useCompare.getState().next).toEqual(B71);
    useLuo.getState().answerOpen(false);
    await Promise.resolve(); // the store clears it in a microtask (an accepted open loads first)
    expect(useCompare.getState().next).toBeUndefined();
    expect(useCompare.getState().b).toBeNull();
    // the next open is not compared
    useLuo.getState().load(shorter(DOUBLE.scenario));
    expect(useCompare.getState().b).toBeNull();
    expect(runsB).toHaveLength(0);
  });

  it('an accepted open applies it', async () => {
    useLuo.setState({ dirty: true });
    useCompare.getState().openWith(B71);
    useLuo.getState().requestOpen(shorter(DOUBLE.scenario), { source: 'test' });
    useLuo.getState().answerOpen(true);
    await Promise.resolve();
    expect(useCompare.getState().b).toEqual(B71);
    expect(runsB).toHaveLength(1);
    expect(runsB[0]![1].steps).toHaveLength(DOUBLE.scenario.steps.length - 1);
  });

  it('a kernel B that does not fit the next scenario turns compare mode off with an alert', () => {
    // B boots a module only this scenario defines
    useLuo.getState().load({ ...DOUBLE.scenario, customModules: [{ id: 'mydrv', handler: 'mydrv-v1', accepts: ['regular'] }] });
    drain();
    expect(useCompare.getState().start({ ...B71, modules: ['memfd', 'mydrv'] })).toBe(true);
    drain();
    expect(useCompare.getState().status).toBe('done');
    useLuo.getState().load(DOUBLE.scenario);
    expect(useCompare.getState().b).toBeNull();
    expect(useLuo.getState().alert).toMatch(/Kernel B does not fit/);
  });
});

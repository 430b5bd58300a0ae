import { beforeEach, describe, expect, it } from 'vitest';
import { createEngineHost } from '../worker/host';
import { PROTOCOL_VERSION } from '../worker/protocol';
import { DEFAULT_SCENARIO } from '../scenario/library/default';
import { useLuo } from './store';
import { project } from '../engine/projection';

/** Wire the store to an in-process engine host, as the worker client does. */
function wire() {
  const queue: (() => void)[] = [];
  const host = createEngineHost((m) => queue.push(() => useLuo.getState().receive(m)), { schedule: (f) => queue.push(f), sliceSteps: 4 });
  useLuo.getState().setRunner({ run: (id, scenario) => host({ v: PROTOCOL_VERSION, type: 'run', id, scenario }) });
  return () => {
    while (queue.length) queue.shift()!();
  };
}

describe('store', () => {
  let drain: () => void;
  beforeEach(() => {
    drain = wire();
    useLuo.getState().load(DEFAULT_SCENARIO);
    drain();
  });

  it('receives a whole run and lands at the end', () => {
    const s = useLuo.getState();
    expect(s.status).toBe('done');
    expect(s.steps).toHaveLength(DEFAULT_SCENARIO.steps.length);
    expect(s.cursor).toBe(s.timeline.events.length);
    expect(s.view.gen).toBe(1);
  });

  it('seeks to an exact state', () => {
    const s = useLuo.getState();
    s.seek(40);
    expect(useLuo.getState().view).toEqual(project(s.timeline.events.slice(0, 40)));
    s.seek(-5);
    expect(useLuo.getState().cursor).toBe(0);
    s.seek(1e9);
    expect(useLuo.getState().cursor).toBe(s.timeline.events.length);
  });

  it('an invalid scenario changes nothing but the alert', () => {
    const before = useLuo.getState();
    const ok = before.load({ format: 'luoscope-scenario', version: 1, steps: [{ op: 'nope' }] }, { source: 'The link' });
    drain();
    const after = useLuo.getState();
    expect(ok).toBe(false);
    expect(after.alert).toMatch(/^The link: this scenario is not valid/);
    expect(after.alert).toMatch(/step 1 \(steps\[0\]/);
    expect(after.timeline).toBe(before.timeline);
    expect(after.scenario).toBe(before.scenario);
    expect(after.cursor).toBe(before.cursor);
  });

  it('recovers after the worker died: reruns and returns to the same position', () => {
    useLuo.getState().seek(37);
    useLuo.getState().recover('test');
    expect(useLuo.getState().status).toBe('running');
    drain();
    const s = useLuo.getState();
    expect(s.status).toBe('done');
    expect(s.cursor).toBe(37);
    expect(s.notice).toMatch(/restarted/);
  });

  it('ignores batches of a stale run', () => {
    const s = useLuo.getState();
    const len = s.timeline.events.length;
    s.receive({ v: PROTOCOL_VERSION, type: 'batch', id: s.runId - 1, events: s.timeline.events.slice(0, 3), steps: [], done: 1, total: 1 });
    expect(useLuo.getState().timeline.events.length).toBe(len);
  });

  it('selecting a node shows the inspector tab', () => {
    useLuo.getState().setTab('events');
    useLuo.getState().select({ kind: 'node', id: 'g0/s/1' });
    expect(useLuo.getState().tab).toBe('inspect');
  });
});

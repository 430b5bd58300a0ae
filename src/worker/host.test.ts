import { describe, expect, it } from 'vitest';
import { SELFTESTS } from '../scenario/library/selftests';
import { runScenario } from '../engine/run';
import { createEngineHost } from './host';
import { isFromWorker, isToWorker, PROTOCOL_VERSION, type FromWorker } from './protocol';

const simple = SELFTESTS.find((t) => t.id === 'kexec-simple')!.scenario;

function collect(opts: Parameters<typeof createEngineHost>[1] = {}) {
  const out: FromWorker[] = [];
  const queue: (() => void)[] = [];
  const host = createEngineHost((m) => out.push(m), { schedule: (f) => queue.push(f), ...opts });
  const drain = () => {
    while (queue.length) queue.shift()!();
  };
  return { out, host, drain, queue };
}

describe('engine host', () => {
  it('streams the same events and outcomes as runScenario, in slices, then done', () => {
    const { out, host, drain } = collect({ sliceSteps: 3, batchEvents: 10 });
    host({ v: PROTOCOL_VERSION, type: 'run', id: 1, scenario: simple });
    drain();
    const batches = out.filter((m) => m.type === 'batch');
    expect(batches.length).toBeGreaterThan(3);
    const direct = runScenario(simple);
    expect(batches.flatMap((b) => (b.type === 'batch' ? b.events : []))).toEqual(direct.events.slice(0));
    expect(batches.flatMap((b) => (b.type === 'batch' ? b.steps : []))).toEqual(direct.steps);
    expect(out.at(-1)).toEqual({ v: PROTOCOL_VERSION, type: 'done', id: 1, violations: [] });
    const last = batches.at(-1)!;
    expect(last.type === 'batch' && last.done === last.total).toBe(true);
  });

  it('answers a message that is not a validated scenario with failed, and runs nothing', () => {
    const { out, host } = collect();
    host({ v: PROTOCOL_VERSION, type: 'run', id: 7, scenario: { format: 'luoscope-scenario', version: 1 } as never });
    expect(out).toEqual([{ v: PROTOCOL_VERSION, type: 'failed', id: 7, message: 'the page sent a scenario without steps' }]);
  });

  it('stops an older run when a newer one arrives; a message type it does not know is ignored', () => {
    const { out, host, drain, queue } = collect({ sliceSteps: 2 });
    host({ v: PROTOCOL_VERSION, type: 'run', id: 1, scenario: simple });
    expect(queue.length).toBe(1);
    host({ v: PROTOCOL_VERSION, type: 'cancel', id: 2 }); // never part of the protocol (the page never sent it)
    host({ v: PROTOCOL_VERSION, type: 'run', id: 3, scenario: simple });
    drain();
    expect(out.filter((m) => m.type === 'done').map((m) => m.id)).toEqual([3]);
  });

  it('ignores messages of another protocol version and crashes on request', () => {
    let crashed = 0;
    const { out, host } = collect({ crash: () => crashed++ });
    host({ v: 99, type: 'run', id: 1, scenario: simple });
    host('garbage');
    expect(out).toEqual([]);
    host({ v: PROTOCOL_VERSION, type: 'crash' });
    expect(crashed).toBe(1);
  });
});

describe('protocol guards', () => {
  it('accept only this version and known types', () => {
    expect(isFromWorker({ v: PROTOCOL_VERSION, type: 'done', id: 1, violations: [] })).toBe(true);
    expect(isFromWorker({ v: PROTOCOL_VERSION + 1, type: 'done', id: 1, violations: [] })).toBe(false);
    expect(isFromWorker({ v: PROTOCOL_VERSION, type: 'weird', id: 1 })).toBe(false);
    expect(isFromWorker(null)).toBe(false);
    expect(isToWorker({ v: PROTOCOL_VERSION, type: 'run', id: 1, scenario: {} })).toBe(true);
    expect(isToWorker({ v: PROTOCOL_VERSION, type: 'run' })).toBe(false);
  });
});

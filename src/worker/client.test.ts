// The worker client (#12 item 5): a worker that stops without an error is restarted, and
// two errors from one worker restart it once, keeping the position.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SCENARIO } from '../scenario/library/default';
import { useLuo } from '../store/store';
import { startEngineClient, type EngineClient } from './client';
import { createEngineHost } from './host';
import type { ToWorker } from './protocol';

/** A Worker stand-in running the real engine host; `mute` stops it answering (a closed worker). */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((e: MessageEvent<unknown>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  mute = false;
  runs: number[] = [];
  private host = createEngineHost((m) => {
    if (!this.mute && !this.terminated) this.onmessage?.({ data: m } as MessageEvent<unknown>);
  }, { schedule: (f) => setTimeout(f, 0) });
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(m: ToWorker) {
    if (this.terminated || this.mute) return;
    if (m.type === 'run') this.runs.push(m.id);
    this.host(m);
  }
  terminate() {
    this.terminated = true;
  }
  fail(message: string) {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

let client: EngineClient;
beforeEach(() => {
  vi.useFakeTimers();
  FakeWorker.made = [];
  client = startEngineClient(() => new FakeWorker() as unknown as Worker, { deadlineMs: 5000 });
});
afterEach(() => {
  client.stop();
  vi.useRealTimers();
});

const finish = async () => {
  for (let i = 0; i < 200 && useLuo.getState().status === 'running'; i++) await vi.advanceTimersByTimeAsync(10);
};

describe('engine client', () => {
  it('two errors in a row from one worker: one replacement, not terminated, the cursor kept', async () => {
    useLuo.getState().load(DEFAULT_SCENARIO);
    await finish();
    useLuo.getState().seek(40);
    const first = FakeWorker.made[0]!;
    first.fail('boom');
    first.fail('boom again');
    expect(FakeWorker.made).toHaveLength(2);
    const second = FakeWorker.made[1]!;
    expect(second.terminated).toBe(false);
    await finish();
    expect(useLuo.getState().status).toBe('done');
    expect(useLuo.getState().cursor).toBe(40);
  });

  it('a worker that stops without an error mid-run is restarted after the deadline and the run completes', async () => {
    const first = FakeWorker.made[0]!;
    first.mute = true;
    useLuo.getState().load(DEFAULT_SCENARIO, { step: 7 });
    expect(useLuo.getState().status).toBe('running');
    await vi.advanceTimersByTimeAsync(4000);
    expect(FakeWorker.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(FakeWorker.made).toHaveLength(2);
    expect(first.terminated).toBe(true);
    expect(useLuo.getState().notice).toMatch(/The engine worker stopped \(it sent nothing for 5 s\)/);
    await finish();
    const s = useLuo.getState();
    expect(s.status).toBe('done');
    // it lands where the link asked (the end of step 7), not at the end
    expect(s.cursor).toBeLessThan(s.timeline.events.length);
    expect(s.timeline.events[s.cursor - 1]!.step).toBe(7);
  });

  it('an idle worker is not restarted', async () => {
    useLuo.getState().load(DEFAULT_SCENARIO);
    await finish();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(FakeWorker.made).toHaveLength(1);
  });
});

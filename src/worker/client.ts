// The page's side of the worker: starts it, forwards messages to the store, and when the
// worker dies starts a new one and reruns the scenario (the store restores the position).
// A worker can die without an error (it closed itself, the browser ended it): while a run
// is in progress, a worker that has said nothing for `deadlineMs` counts as dead too.
import { useLuo } from '../store/store';
import { isFromWorker, PROTOCOL_VERSION, type ToWorker } from './protocol';

export interface EngineClient {
  /** debugging and tests: make the worker crash */
  crash(): void;
  /** debugging and tests: make the worker stop without a word (self.close()) */
  silence(): void;
  stop(): void;
}

export interface EngineClientOptions {
  /** a run whose worker sends nothing for this long is restarted like a crash */
  deadlineMs?: number;
}

/** The worker posts a batch after every slice (400 steps), so 10 s of silence is a dead worker. */
export const WORKER_DEADLINE_MS = 10_000;

export function startEngineClient(
  makeWorker: () => Worker = () => new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' }),
  opts: EngineClientOptions = {},
): EngineClient {
  const deadlineMs = opts.deadlineMs ?? WORKER_DEADLINE_MS;
  let worker: Worker;
  let stopped = false;
  let lastHeard = Date.now();
  let watchdog: ReturnType<typeof setInterval> | null = null;
  const send = (m: ToWorker) => worker.postMessage(m);

  const attach = () => {
    const w = makeWorker();
    worker = w;
    // every handler belongs to this worker only: a second error from a worker already
    // replaced must not terminate its replacement (it did: the cursor then jumped to the end)
    const died = (reason: string) => {
      if (stopped || worker !== w) return;
      w.terminate();
      attach();
      useLuo.getState().recover(reason);
    };
    w.onmessage = (e: MessageEvent<unknown>) => {
      if (worker !== w) return;
      lastHeard = Date.now();
      if (isFromWorker(e.data)) useLuo.getState().receive(e.data);
    };
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      died(e.message || 'an uncaught error');
    };
    w.onmessageerror = () => died('a message could not be read');
    check = () => {
      const now = Date.now();
      const late = now - lastCheck > 2 * tick;
      lastCheck = now;
      if (useLuo.getState().status !== 'running') return;
      // a late tick means this thread was busy: its messages may be waiting, not missing
      if (late) lastHeard = now;
      else if (now - lastHeard > deadlineMs) died(`it sent nothing for ${Math.round(deadlineMs / 1000)} s`);
    };
  };
  const tick = Math.min(1000, deadlineMs / 2);
  let lastCheck = Date.now();
  let check = () => {};
  attach();
  useLuo.getState().setRunner({
    run: (id, scenario) => {
      lastHeard = Date.now();
      if (watchdog === null) {
        lastCheck = Date.now();
        watchdog = setInterval(() => check(), tick);
      }
      send({ v: PROTOCOL_VERSION, type: 'run', id, scenario });
    },
  });

  return {
    crash: () => send({ v: PROTOCOL_VERSION, type: 'crash' }),
    silence: () => send({ v: PROTOCOL_VERSION, type: 'silence' }),
    stop() {
      stopped = true;
      if (watchdog !== null) clearInterval(watchdog);
      worker.terminate();
    },
  };
}

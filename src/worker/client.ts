// The page's side of the worker: starts it, forwards messages to the store, and when the
// worker dies starts a new one and reruns the scenario (the store restores the position).
import { useLuo } from '../store/store';
import { isFromWorker, PROTOCOL_VERSION, type ToWorker } from './protocol';

export interface EngineClient {
  /** debugging and tests: make the worker crash */
  crash(): void;
  stop(): void;
}

export function startEngineClient(makeWorker: () => Worker = () => new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' })): EngineClient {
  let worker: Worker;
  let stopped = false;
  const send = (m: ToWorker) => worker.postMessage(m);

  const attach = () => {
    worker = makeWorker();
    worker.onmessage = (e: MessageEvent<unknown>) => {
      if (isFromWorker(e.data)) useLuo.getState().receive(e.data);
    };
    const died = (reason: string) => {
      if (stopped) return;
      worker.terminate();
      attach();
      useLuo.getState().recover(reason);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      died(e.message || 'an uncaught error');
    };
    worker.onmessageerror = () => died('a message could not be read');
  };
  attach();
  useLuo.getState().setRunner({ run: (id, scenario) => send({ v: PROTOCOL_VERSION, type: 'run', id, scenario }) });

  return {
    crash: () => send({ v: PROTOCOL_VERSION, type: 'crash' }),
    stop() {
      stopped = true;
      worker.terminate();
    },
  };
}

// The engine worker of kernel B in compare mode: a second instance of the same worker and
// protocol (engine.worker.ts), so A's worker and B's run side by side. Messages go to the
// compare store; a worker that dies is replaced and B runs again.
import { useCompare, type CompareRunner } from '../store/compare';
import { isFromWorker, PROTOCOL_VERSION } from './protocol';

export function startCompareClient(makeWorker: () => Worker = () => new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' })): CompareRunner {
  let worker: Worker;
  let stopped = false;
  const attach = () => {
    const w = makeWorker();
    worker = w;
    const died = (reason: string) => {
      if (stopped || worker !== w) return;
      w.terminate();
      attach();
      useCompare.getState().recover(reason);
    };
    w.onmessage = (e: MessageEvent<unknown>) => {
      if (worker === w && isFromWorker(e.data)) useCompare.getState().receive(e.data);
    };
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      died(e.message || 'an uncaught error');
    };
    w.onmessageerror = () => died('a message could not be read');
  };
  attach();
  return {
    run: (id, scenario) => worker.postMessage({ v: PROTOCOL_VERSION, type: 'run', id, scenario }),
    stop() {
      stopped = true;
      worker.terminate();
    },
  };
}

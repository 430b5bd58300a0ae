// The page's side of the explore worker (explore.worker.ts): started on the first run, its
// messages go to the explore store; a worker that dies is replaced and the run is failed.
import { useExplore, type ExploreRunner } from '../store/explore';
import { EXPLORE_PROTOCOL_VERSION as V, isFromExploreWorker } from './explore-protocol';

export function startExploreClient(makeWorker: () => Worker = () => new Worker(new URL('./explore.worker.ts', import.meta.url), { type: 'module' })): ExploreRunner {
  let worker: Worker | null = null;
  const attach = (): Worker => {
    const w = makeWorker();
    w.onmessage = (e: MessageEvent<unknown>) => {
      if (worker === w && isFromExploreWorker(e.data)) useExplore.getState().receive(e.data);
    };
    const died = (reason: string) => {
      if (worker !== w) return;
      w.terminate();
      worker = null;
      useExplore.getState().died(reason);
    };
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      died(e.message || 'an uncaught error');
    };
    w.onmessageerror = () => died('a message could not be read');
    return w;
  };
  return {
    start(id, scope, shareBase) {
      worker ??= attach();
      worker.postMessage({ v: V, type: 'start', id, scope, shareBase });
    },
    cancel(id) {
      worker?.postMessage({ v: V, type: 'cancel', id });
    },
  };
}

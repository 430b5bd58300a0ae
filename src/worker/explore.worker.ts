/// <reference lib="webworker" />
// Wiring only: the explore host (explore-host.ts) on this worker's message port. A worker of
// its own, so a long search never holds up the engine worker that runs the graph's scenario.
import { createExploreHost } from './explore-host';
import type { FromExploreWorker } from './explore-protocol';

declare const self: DedicatedWorkerGlobalScope;

const host = createExploreHost((m: FromExploreWorker) => self.postMessage(m));
self.onmessage = (e: MessageEvent<unknown>) => host(e.data);

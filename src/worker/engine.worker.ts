/// <reference lib="webworker" />
// Wiring only: the engine host on the worker's message port.
import { createEngineHost } from './host';
import type { FromWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const host = createEngineHost((m: FromWorker) => self.postMessage(m), { silence: () => self.close() });
self.onmessage = (e: MessageEvent<unknown>) => host(e.data);

// The C selftest export runs the engine (to know every step's result), so it runs here, in a
// worker of its own, never on the page's main thread. One request, one answer.
import { exportC, type ExportCOptions } from '../export/c';
import type { Scenario } from '../scenario/types';

self.onmessage = (e: MessageEvent<{ scenario: Scenario; opts: ExportCOptions }>) => {
  try {
    self.postMessage({ ok: true, result: exportC(e.data.scenario, e.data.opts) });
  } catch (err) {
    self.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
};

// Ask a short-lived worker for the C selftest export (src/worker/export-c.worker.ts).
import type { ExportCOptions, ExportCResult } from '../export/c';
import type { Scenario } from '../scenario/types';

export function exportCInWorker(scenario: Scenario, opts: ExportCOptions): Promise<ExportCResult> {
  const worker = new Worker(new URL('./export-c.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<ExportCResult>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ ok: true; result: ExportCResult } | { ok: false; message: string }>) => {
      worker.terminate();
      if (e.data.ok) resolve(e.data.result);
      else reject(new Error(e.data.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'the export worker stopped'));
    };
    worker.postMessage({ scenario, opts });
  });
}

// Export a scenario as a kernel selftest in C (issue #16): refuse what userspace cannot do,
// split at the kexecs, assert every step's expected or simulated result.
import { DEFAULT_SHARE_BASE, shareUrl } from '../../scenario/share';
import type { Scenario } from '../../scenario/types';
import { emitC } from './emit';
import { runFull } from './full-run';
import { refusalMessage, refusals, type Refusal } from './refuse';
import { splitStages } from './stages';

export type { Refusal } from './refuse';
export { refusalMessage } from './refuse';

export interface ExportCOptions {
  /** turn the steps userspace cannot perform into TAP skips instead of refusing */
  skipKernelSteps?: boolean;
  /** where the app is served, for the reproduce link in the header */
  base?: string;
}

export type ExportCResult =
  | { ok: true; text: string; fileName: string; skipped: Refusal[] }
  | { ok: false; refusals: Refusal[]; message: string };

/** luo_<title>_test.c, as the kernel names its selftests. */
export function cFileName(title: string | undefined): string {
  const words = (title ?? '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const kept: string[] = [];
  for (const w of words) {
    if (kept.length && [...kept, w].join('_').length > 32) break; // whole words, about 32 characters
    kept.push(w.slice(0, 32));
  }
  while (kept.length > 1 && ['a', 'an', 'the', 'of', 'in', 'on', 'to', 'and', 'with'].includes(kept[kept.length - 1]!)) kept.pop();
  return `luo_${kept.join('_') || 'scenario'}_test.c`;
}

/** The scenario must be valid (validateScenario / parseScenarioText). */
export function exportC(s: Scenario, opts: ExportCOptions = {}): ExportCResult {
  const outcomes = runFull(s);
  const refused = refusals(s, outcomes);
  if (refused.length && !opts.skipKernelSteps) return { ok: false, refusals: refused, message: refusalMessage(refused) };
  const fileName = cFileName(s.title);
  const text = emitC({
    scenario: s,
    outcomes,
    stages: splitStages(s.steps),
    skipped: refused,
    link: shareUrl(s, { base: opts.base ?? DEFAULT_SHARE_BASE }),
    fileName,
  });
  return { ok: true, text, fileName, skipped: refused };
}

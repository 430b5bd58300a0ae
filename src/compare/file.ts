// A comparison as a file (Export in compare mode; `luoscope diff` reads it too):
//   { "format": "luoscope-comparison", "version": 1, "scenario": { a luoscope scenario },
//     "b": { "profile", "patches", "modules", "liveupdate" }, "step": N? }
// Side A is the scenario's own kernel; `step` is where the app stands (0-based, optional).
import type { ResolvedScenario, Scenario } from '../scenario/types';
import { validateScenario } from '../scenario/validate';
import { checkKernel, pinKernel, readKernel, type CompareKernel } from './config';

export const COMPARISON_FORMAT = 'luoscope-comparison';
export const COMPARISON_VERSION = 1;

export interface ComparisonFile {
  format: typeof COMPARISON_FORMAT;
  version: typeof COMPARISON_VERSION;
  scenario: Scenario;
  b: CompareKernel;
  step?: number;
}

export function comparisonFile(scenario: ResolvedScenario, b: CompareKernel, step: number | null): ComparisonFile {
  return { format: COMPARISON_FORMAT, version: COMPARISON_VERSION, scenario, b: pinKernel(b, scenario.version), ...(step !== null ? { step } : {}) };
}

export function isComparisonValue(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { format?: unknown }).format === COMPARISON_FORMAT;
}

export type ComparisonRead = { ok: true; scenario: ResolvedScenario; b: CompareKernel; step: number | null } | { ok: false; message: string };

/** Reads a parsed comparison file: its scenario and B are validated, every problem named. */
export function readComparison(v: unknown): ComparisonRead {
  if (!isComparisonValue(v)) return { ok: false, message: `it is not a comparison ("format": "${COMPARISON_FORMAT}")` };
  const o = v as Record<string, unknown>;
  if (o.version !== COMPARISON_VERSION) return { ok: false, message: `its version ${JSON.stringify(o.version)?.slice(0, 20)} is not one this luoscope reads (${COMPARISON_VERSION})` };
  for (const key of Object.keys(o)) if (!['format', 'version', 'scenario', 'b', 'step'].includes(key)) return { ok: false, message: `"${key.slice(0, 40)}" is not a comparison field (format, version, scenario, b, step)` };
  const s = validateScenario(o.scenario);
  if (!s.ok) return { ok: false, message: `its scenario is not valid: ${s.issues.map((i) => i.message).join('; ')}` };
  const b = readKernel(o.b);
  if (typeof b === 'string') return { ok: false, message: `its kernel b is not valid: ${b}` };
  const checked = checkKernel(s.scenario, b);
  if (!checked.ok) return { ok: false, message: `its kernel b does not fit the scenario: ${checked.message}` };
  const step = o.step;
  if (step !== undefined && !(Number.isInteger(step) && (step as number) >= 0)) return { ok: false, message: `its step ${JSON.stringify(step)?.slice(0, 20)} is not a step number` };
  const n = s.scenario.steps.length;
  return { ok: true, scenario: s.scenario, b, step: step === undefined || n === 0 ? null : Math.min(step as number, n - 1) };
}

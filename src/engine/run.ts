// Run a whole scenario: the API the CLI, the tests and the worker share.
import type { Scenario } from '../scenario/types';
import type { LuoEvent } from './events';
import { createEngine, type StepOutcome } from './engine';
import type { Violation } from './invariants';

export type { StepOutcome } from './engine';

export interface RunResult {
  steps: StepOutcome[];
  events: LuoEvent[];
  violations: Violation[];
  /** every expectation met */
  ok: boolean;
}

export function runScenario(s: Scenario): RunResult {
  const e = createEngine(s);
  const steps: StepOutcome[] = [];
  while (!e.done) steps.push(e.step());
  return { steps, events: e.events, violations: e.violations, ok: steps.every((x) => x.met) };
}

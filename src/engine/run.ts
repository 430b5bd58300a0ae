// Run a whole scenario: the API the CLI, the tests and the worker share.
import type { Scenario } from '../scenario/types';
import { createBudgetMeter, type RunBudget } from './budget';
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
  /** the run went over its budget and stopped after the last step in `steps`: why */
  exceeded?: string;
}

export function runScenario(s: Scenario, budget?: RunBudget): RunResult {
  const meter = createBudgetMeter(budget);
  const e = createEngine(s, { onEvent: meter.count });
  const steps: StepOutcome[] = [];
  while (!e.done) {
    const out = e.step();
    steps.push(out);
    const over = meter.exceeded(out.i);
    if (over) return { steps, events: e.events, violations: e.violations, ok: false, exceeded: over };
  }
  return { steps, events: e.events, violations: e.violations, ok: steps.every((x) => x.met) };
}

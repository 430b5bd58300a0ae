// A run's budget: a scenario of 1 MB can ask for a run that no tab survives (millions of
// events). The worker and the CLI stop a run that goes over it and say which limit, where.
import type { LuoEvent } from './events';

export interface RunBudget {
  /** events in the whole run */
  maxEvents: number;
  /** characters of file content carried by events (each carries at most EVENT_DATA_CHARS) */
  maxContentChars: number;
}

export const DEFAULT_RUN_BUDGET: RunBudget = { maxEvents: 1_000_000, maxContentChars: 32_000_000 };

export interface BudgetMeter {
  count(ev: LuoEvent): void;
  /** null while within budget; else the message that stops the run */
  exceeded(step: number): string | null;
}

const n = (x: number) => x.toLocaleString('en');

export function createBudgetMeter(budget: RunBudget = DEFAULT_RUN_BUDGET): BudgetMeter {
  let events = 0;
  let content = 0;
  return {
    count(ev) {
      events++;
      if ((ev.type === 'result' || ev.type === 'file_new' || ev.type === 'file_write') && ev.data !== undefined) content += ev.data.length;
    },
    exceeded(step) {
      if (events > budget.maxEvents)
        return `This scenario exceeds the run budget: more than ${n(budget.maxEvents)} events by step ${step}, so the run stopped there. Split it into smaller scenarios.`;
      if (content > budget.maxContentChars)
        return `This scenario exceeds the run budget: its events carry more than ${n(budget.maxContentChars)} characters of file content by step ${step}, so the run stopped there. Read or write smaller files, or fewer times.`;
      return null;
    },
  };
}

// The worker's logic without the worker: run a validated scenario in slices so a long one
// streams out in batches and a newer run stops the old one.
import { createBudgetMeter, type RunBudget } from '../engine/budget';
import { createEngine, type StepOutcome } from '../engine/engine';
import type { LuoEvent } from '../engine/events';
import type { Scenario } from '../scenario/types';
import { isToWorker, PROTOCOL_VERSION, type FromWorker } from './protocol';

export interface HostOptions {
  /** how a slice yields to the worker's event loop (tests pass a synchronous one) */
  schedule?: (fn: () => void) => void;
  /** steps per slice */
  sliceSteps?: number;
  /** events per batch message at the most */
  batchEvents?: number;
  /** what 'crash' does (the worker throws out of its event loop) */
  crash?: () => void;
  /** what 'silence' does (the worker closes itself without a word) */
  silence?: () => void;
  /** the run's budget (engine/budget.ts); a run over it stops with a 'failed' message */
  budget?: RunBudget;
}

export function createEngineHost(post: (m: FromWorker) => void, opts: HostOptions = {}) {
  const schedule = opts.schedule ?? ((fn) => setTimeout(fn, 0));
  const sliceSteps = opts.sliceSteps ?? 400;
  const batchEvents = opts.batchEvents ?? 4000;
  let current = -1;

  function run(id: number, scenario: Scenario) {
    let events: LuoEvent[] = [];
    let steps: StepOutcome[] = [];
    let engine: ReturnType<typeof createEngine>;
    const meter = createBudgetMeter(opts.budget);
    try {
      // the page sent it validated; anything else is a bug to report, not a crash
      if (!Array.isArray(scenario?.steps)) throw new Error('the page sent a scenario without steps');
      engine = createEngine(scenario, {
        keepEvents: false,
        onEvent: (ev) => {
          meter.count(ev);
          events.push(ev);
        },
      });
    } catch (e) {
      post({ v: PROTOCOL_VERSION, type: 'failed', id, message: e instanceof Error ? e.message : String(e) });
      return;
    }
    const total = scenario.steps.length;
    const flush = () => {
      post({ v: PROTOCOL_VERSION, type: 'batch', id, events, steps, done: engine.next, total });
      events = [];
      steps = [];
    };
    const slice = () => {
      if (current !== id) return;
      try {
        const end = Math.min(total, engine.next + sliceSteps);
        while (engine.next < end) {
          const out = engine.step();
          steps.push(out);
          const over = meter.exceeded(out.i);
          if (over) {
            // nothing of an over-budget run reaches the page: it may not survive it
            post({ v: PROTOCOL_VERSION, type: 'failed', id, message: over, budget: true });
            current = -1;
            return;
          }
          if (events.length >= batchEvents) flush();
        }
      } catch (e) {
        post({ v: PROTOCOL_VERSION, type: 'failed', id, message: e instanceof Error ? e.message : String(e) });
        return;
      }
      flush();
      if (engine.done) post({ v: PROTOCOL_VERSION, type: 'done', id, violations: engine.violations });
      else schedule(slice);
    };
    slice();
  }

  return (msg: unknown) => {
    if (!isToWorker(msg)) return;
    if (msg.type === 'crash') {
      (opts.crash ?? (() => schedule(() => {
        throw new Error('engine worker crashed on request');
      })))();
      return;
    }
    if (msg.type === 'silence') {
      current = -1;
      opts.silence?.();
      return;
    }
    current = msg.id;
    run(msg.id, msg.scenario);
  };
}

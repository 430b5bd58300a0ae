// The typed, versioned messages between the page and the engine worker. Scenario in;
// events, step outcomes and progress out. A message of another version is rejected.
// The page validates a scenario before it sends it (src/store/store.ts load): the worker
// gets only validated scenarios and does not carry the validator (v2; v1 validated again).
import type { LuoEvent } from '../engine/events';
import type { StepOutcome } from '../engine/engine';
import type { Violation } from '../engine/invariants';
import type { Scenario } from '../scenario/types';

export const PROTOCOL_VERSION = 2;

export type ToWorker =
  | { v: typeof PROTOCOL_VERSION; type: 'run'; id: number; scenario: Scenario }
  /** debugging and tests: make the worker die as a crash would */
  | { v: typeof PROTOCOL_VERSION; type: 'crash' }
  /** debugging and tests: make the worker stop without an error (self.close()) */
  | { v: typeof PROTOCOL_VERSION; type: 'silence' };

export type FromWorker =
  | { v: typeof PROTOCOL_VERSION; type: 'batch'; id: number; events: LuoEvent[]; steps: StepOutcome[]; done: number; total: number }
  | { v: typeof PROTOCOL_VERSION; type: 'done'; id: number; violations: Violation[] }
  /** budget: the run went over the run budget (engine/budget.ts), not an engine error */
  | { v: typeof PROTOCOL_VERSION; type: 'failed'; id: number; message: string; budget?: boolean };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** Accept only messages of this protocol version with a known type. */
export function isFromWorker(x: unknown): x is FromWorker {
  return isObject(x) && x.v === PROTOCOL_VERSION && typeof x.type === 'string' && ['batch', 'done', 'failed'].includes(x.type) && typeof x.id === 'number';
}

export function isToWorker(x: unknown): x is ToWorker {
  return isObject(x) && x.v === PROTOCOL_VERSION && (x.type === 'crash' || x.type === 'silence' || (x.type === 'run' && typeof x.id === 'number'));
}

// The messages between the page and the explore worker (explore.worker.ts): a scope in;
// progress while it runs, then the results. A message of another version is rejected.
import type { ExploreResult } from '../explore/result';
import type { Scope } from '../explore/scope';
import type { Progress } from '../explore/search';

export const EXPLORE_PROTOCOL_VERSION = 1;

export type ToExploreWorker =
  /** `scope` is validated again in the worker (a scope is small); shareBase: where links point */
  | { v: typeof EXPLORE_PROTOCOL_VERSION; type: 'start'; id: number; scope: Scope; shareBase: string }
  | { v: typeof EXPLORE_PROTOCOL_VERSION; type: 'cancel'; id: number };

/** What the worker's search holds in its tables (bytes), and the worker's JS heap where the browser says */
export interface ExploreMemory {
  tables: number;
  heap: number | null;
}

export type FromExploreWorker =
  | { v: typeof EXPLORE_PROTOCOL_VERSION; type: 'progress'; id: number; progress: Progress; maxStates: number; depthBound: number; memory: ExploreMemory }
  | { v: typeof EXPLORE_PROTOCOL_VERSION; type: 'done'; id: number; result: ExploreResult; memory: ExploreMemory }
  | { v: typeof EXPLORE_PROTOCOL_VERSION; type: 'failed'; id: number; message: string };

export function isFromExploreWorker(x: unknown): x is FromExploreWorker {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return m.v === EXPLORE_PROTOCOL_VERSION && typeof m.id === 'number' && (m.type === 'progress' || m.type === 'done' || m.type === 'failed');
}

export function isToExploreWorker(x: unknown): x is ToExploreWorker {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return m.v === EXPLORE_PROTOCOL_VERSION && typeof m.id === 'number' && (m.type === 'start' || m.type === 'cancel');
}

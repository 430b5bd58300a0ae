// Where each tour stop lands: the position just after the event it waits for, found by
// running the tour's scenarios (deterministic, so the app's worker gives the same events).
import type { LuoEvent } from '../engine/events';
import { runScenario } from '../engine/run';
import type { EventMatch, Tour } from './types';

export interface ResolvedStop {
  scenario: string;
  /** timeline position (events applied) at which the stop narrates */
  position: number;
  /** position before the awaited event: where a prediction is asked */
  before: number;
}

export function matches(ev: LuoEvent, m: EventMatch): boolean {
  const rec = ev as unknown as Record<string, unknown>;
  return Object.entries(m).every(([k, v]) => v === undefined || rec[k] === v);
}

export function describeMatch(m: EventMatch): string {
  return Object.entries(m)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

const runs = new WeakMap<object, LuoEvent[]>();

export function eventsOf(tour: Tour, key: string): LuoEvent[] {
  const s = tour.scenarios[key];
  if (!s) throw new Error(`tour ${tour.id}: no scenario "${key}"`);
  let ev = runs.get(s);
  if (!ev) {
    ev = runScenario(s).events;
    runs.set(s, ev);
  }
  return ev;
}

/** Every stop's position, or the first stop whose awaited event never happens. */
export function resolveTour(tour: Tour): { ok: true; stops: ResolvedStop[] } | { ok: false; message: string } {
  const out: ResolvedStop[] = [];
  let key = tour.start;
  let pos = 0;
  for (let i = 0; i < tour.stops.length; i++) {
    const stop = tour.stops[i]!;
    if (stop.scenario && stop.scenario !== key) {
      key = stop.scenario;
      pos = 0;
    }
    const events = eventsOf(tour, key);
    if (!stop.waitFor) {
      out.push({ scenario: key, position: pos, before: pos });
      continue;
    }
    const at = events.findIndex((ev, j) => j >= pos && matches(ev, stop.waitFor!));
    if (at < 0) return { ok: false, message: `tour ${tour.id}, stop ${i + 1} ("${stop.title}") waits for ${describeMatch(stop.waitFor)}, which never happens after event ${pos} of scenario "${key}"` };
    out.push({ scenario: key, position: at + 1, before: pos });
    pos = at + 1;
  }
  return { ok: true, stops: out };
}

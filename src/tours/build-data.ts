// What the tours need from the engine, computed once at build time (vite.config.ts serves it
// as the module "virtual:luoscope/tour-data"), so the page never runs the engine on its
// main thread: each stop's timeline position, and the traces of the side-by-side stops.
import { runScenario } from '../engine/run';
import { formatTrace } from '../trace/text';
import { TOURS } from './index';
import { resolveTour, type ResolvedStop } from './resolve';

export interface TourData {
  /** tour id → every stop's position */
  stops: Record<string, ResolvedStop[]>;
  /** tour id → scenario key → its readable trace (for stops that compare two scenarios) */
  traces: Record<string, Record<string, string>>;
}

export function buildTourData(): TourData {
  const data: TourData = { stops: {}, traces: {} };
  for (const tour of TOURS) {
    const r = resolveTour(tour);
    if (!r.ok) throw new Error(r.message); // a broken tour fails the build, not the visitor
    data.stops[tour.id] = r.stops;
    const keys = new Set(tour.stops.flatMap((s) => (s.compare ? [s.compare.left, s.compare.right] : [])));
    if (keys.size === 0) continue;
    const traces: Record<string, string> = {};
    for (const key of keys) {
      const s = tour.scenarios[key]!;
      traces[key] = formatTrace({ title: s.title, ...runScenario(s) });
    }
    data.traces[tour.id] = traces;
  }
  return data;
}

// Driving a guided tour: each stop loads its scenario if needed and moves the timeline to
// the event it waits for (or just before it, while a prediction is unanswered).
import TOUR_DATA from 'virtual:luoscope/tour-data';
import { findTour } from '../tours';
import type { ResolvedStop } from '../tours/resolve';
import type { Tour } from '../tours/types';
import { useLuo } from './store';
import { validateScenario } from '../scenario/validate';
import { useCompare } from './compare';

/** Every stop's position, resolved at build time (src/tours/build-data.ts). */
export function stopsOf(tour: Tour): ResolvedStop[] {
  const r = TOUR_DATA.stops[tour.id];
  if (!r) throw new Error(`tour ${tour.id} has no resolved stops`);
  return r;
}

/** `#tour=<id>&stop=<n>` (n counts from 1, as the panel shows it). */
export function tourFragment(id: string, stop: number): string {
  return `#tour=${encodeURIComponent(id)}&stop=${stop + 1}`;
}

/** A stop beyond the tour opens the last one, with a `warning` that says so (as `&step=` does). */
export function parseTourFragment(hash: string): { id: string; stop: number; warning?: string } | { error: string } | null {
  const h = hash.replace(/^#/, '');
  if (!h.startsWith('tour=')) return null;
  const params = new URLSearchParams(h);
  const id = params.get('tour') ?? '';
  const tour = findTour(id);
  if (!tour) return { error: `The link names a tour "${id}" that this luoscope does not have.` };
  const n = Number(params.get('stop') ?? '1');
  if (!Number.isInteger(n) || n < 1) return { error: `The link's stop "${params.get('stop')}" is not a stop number (1 to ${tour.stops.length}).` };
  const last = tour.stops.length;
  if (n > last) return { id, stop: last - 1, warning: `The link's stop ${n.toLocaleString('en')} is beyond the tour's ${last} stops, so it opened the last one (${last}).` };
  return { id, stop: n - 1 };
}

export function goToStop(id: string, stop: number): void {
  const tour = findTour(id);
  if (!tour) return;
  const s = useLuo.getState();
  const stops = stopsOf(tour);
  const i = Math.max(0, Math.min(stop, stops.length - 1));
  const r = stops[i]!;
  const answers = s.tour?.id === id ? s.tour.answers : {};
  const waiting = tour.stops[i]!.predict !== undefined && answers[i] === undefined;
  const cursor = waiting ? r.before : r.position;
  s.setTour({ id, stop: i, answers });
  const scenario = tour.scenarios[r.scenario]!;
  const checked = validateScenario(scenario);
  const same = s.scenario !== null && checked.ok && JSON.stringify(s.scenario) === JSON.stringify(checked.scenario);
  // a stop in compare mode runs its scenario on kernel B too; any other stop alone
  const b = tour.stops[i]!.compareWith?.b ?? null;
  if (same && s.status === 'done') {
    s.seek(cursor);
    if (b) useCompare.getState().start(b);
    else useCompare.getState().stop();
  } else {
    useCompare.getState().openWith(b);
    s.requestOpen(scenario, { source: `The tour "${tour.title}"`, cursor });
  }
  history.replaceState(null, '', tourFragment(id, i));
  s.setTab('learn');
}

export function answer(choice: number): void {
  const s = useLuo.getState();
  const t = s.tour;
  if (!t) return;
  s.setTour({ ...t, answers: { ...t.answers, [t.stop]: choice } });
  const tour = findTour(t.id)!;
  s.seek(stopsOf(tour)[t.stop]!.position);
}

export function exitTour(): void {
  useLuo.getState().setTour(null);
  if (location.hash.startsWith('#tour=')) history.replaceState(null, '', location.pathname + location.search);
}

// A tour stop in compare mode: which kernel is A and which is B (the graphs show both).
import type { TourStop } from '../../tours/types';

export function TourCompareNote({ stop }: { stop: TourStop }) {
  const c = stop.compareWith;
  if (!c) return null;
  return (
    <p className="mt-3 rounded border border-pink-300 bg-pink-50 p-2 text-xs dark:border-pink-800 dark:bg-pink-950" data-testid="tour-compare">
      Compare mode: <b>A</b> = {c.aLabel}, <b>B</b> = {c.bLabel}. Both graphs follow the timeline; pink rings mark what differs, and the difference table lists every step where the kernels disagree (d jumps to the next).
    </p>
  );
}

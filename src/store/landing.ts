// Where the cursor lands once a run is complete: a restored position, a link's step and
// event, or the end. A link's event position counts only inside its step: a later engine may
// emit other events, and then the step, which people read, is what the link means.
import { endOfStep, startOfStep, stepAt, type Timeline } from './timeline';

/** `at`: an event position (a link's at=, a restored cursor); `step`: a 0-based step index. */
export function landingCursor(tl: Timeline, at: number | null, step: number | null): number {
  const len = tl.events.length;
  if (step === null) return at !== null ? Math.min(at, len) : len;
  if (at !== null && at <= len && stepAt(tl, at) === step) return at;
  return endOfStep(tl, step);
}

/** Where a first view opens (the default scenario): right before the step that runs the first
 * kexec, everything set up and nothing handed over yet; without a kexec, after the boot. */
export function introCursor(tl: Timeline): number {
  const k = tl.marks.kexec[0];
  if (k !== undefined) {
    const step = tl.events[k]!.step;
    if (step >= 0) return startOfStep(tl, step);
  }
  return tl.marks.step.length ? startOfStep(tl, 0) : tl.events.length;
}

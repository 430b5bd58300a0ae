// The Explain text of both sides of a difference row: why each kernel answers as it does
// (the step's result, or the first callback only that side ran), naming the kernel function.
import type { LuoEvent } from '../engine/events';
import { makeProfile } from '../engine/profiles';
import { applyEventInPlace, emptyView } from '../engine/projection';
import type { WorldView } from '../engine/view';
import { explainEvent } from '../explain/explain';
import { snapshot } from '../store/timeline';
import type { DiffRow, SideStep } from './diverge';

export interface SideExplanation {
  /** plain words: what happened and why */
  text: string;
  /** the kernel function(s) it models, on that side's kernel */
  kernel: string;
}

export interface RowExplanation {
  a: SideExplanation[];
  b: SideExplanation[];
}

/** The state just before event i of a run (a checkpointed timeline answers this fast). */
export type ViewBefore = (i: number) => WorldView;

/** The events a row's side is explained by: its result, then the first callback only it ran. */
export function explainedEvents(s: SideStep): number[] {
  return [s.resultAt, s.onlyAt, s.panicAt].filter((i, k, all) => i >= 0 && all.indexOf(i) === k);
}

function explainSide(events: readonly LuoEvent[], s: SideStep, before: ViewBefore): SideExplanation[] {
  return explainedEvents(s).map((i) => {
    const prev = before(i);
    const op = events[s.span[0]]?.type === 'step' ? (events[s.span[0]] as Extract<LuoEvent, { type: 'step' }>).op : undefined;
    const e = explainEvent(events[i]!, { profile: makeProfile(prev.profile, prev.patches), prev, ...(op ? { op } : {}) });
    return { text: e.text, kernel: e.kernel };
  });
}

export function explainRow(row: DiffRow, a: { events: readonly LuoEvent[]; before: ViewBefore }, b: { events: readonly LuoEvent[]; before: ViewBefore }): RowExplanation {
  return { a: explainSide(a.events, row.a, a.before), b: explainSide(b.events, row.b, b.before) };
}

/**
 * For a run without a timeline (the command line): the views before the given event indices,
 * from one pass over the events.
 */
export function viewsBefore(events: readonly LuoEvent[], indices: readonly number[]): ViewBefore {
  const want = [...new Set(indices)].sort((x, y) => x - y);
  const at = new Map<number, WorldView>();
  let view = emptyView();
  let k = 0;
  for (let i = 0; i < events.length && k < want.length; i++) {
    while (k < want.length && want[k] === i) at.set(want[k++]!, snapshot(view));
    view = applyEventInPlace(view, events[i]!);
  }
  return (i) => {
    const v = at.get(i);
    if (!v) throw new Error(`no view kept before event ${i}`);
    return v;
  };
}

// Timeline moves shared by the buttons and the keyboard.
import { useLuo } from '../../store/store';
import { useMiss } from './miss';
import { endOfStep, nextMark, prevMark, stepAt, type MarkKind } from '../../store/timeline';

export const SPEEDS = [1, 2, 4, 8, 16, 32, 64, 256];

/** Shared by the buttons and the keyboard handler. */
export function timelineActions() {
  const s = useLuo.getState();
  const tl = s.timeline;
  const len = tl.events.length;
  const step = stepAt(tl, s.cursor);
  const jump = (kind: MarkKind, dir: 1 | -1) => {
    const to = dir > 0 ? nextMark(tl.marks[kind], s.cursor) : prevMark(tl.marks[kind], s.cursor);
    if (to !== null) s.seek(to);
    else useMiss.getState().say(tl.marks[kind].length === 0 ? `This run has no ${kind}.` : dir > 0 ? `No later ${kind}: this is the last.` : `No earlier ${kind}: this is the first.`);
  };
  return {
    start: () => s.seek(0),
    end: () => s.seek(len),
    back: () => s.seek(s.cursor - 1),
    forward: () => s.seek(s.cursor + 1),
    stepBack: () => s.seek(step <= 0 ? 0 : endOfStep(tl, step - 1)),
    stepForward: () => s.seek(endOfStep(tl, step + (s.cursor >= endOfStep(tl, step) ? 1 : 0))),
    jump,
    togglePlay: () => s.setPlaying(!s.playing && s.cursor < len ? true : false),
  };
}


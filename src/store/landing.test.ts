import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/run';
import { DEFAULT_SCENARIO } from '../scenario/library/default';
import { landingCursor } from './landing';
import { appendEvents, emptyTimeline, endOfStep, stepAt } from './timeline';

describe('landingCursor', () => {
  const tl = appendEvents(emptyTimeline(), runScenario(DEFAULT_SCENARIO).events);
  const len = tl.events.length;

  it('opens at the end without a position, at a restored position clamped to the run', () => {
    expect(landingCursor(tl, null, null)).toBe(len);
    expect(landingCursor(tl, 7, null)).toBe(7);
    expect(landingCursor(tl, len + 50, null)).toBe(len);
  });

  it('a step alone (an old link): the end of the step', () => {
    expect(landingCursor(tl, null, 9)).toBe(endOfStep(tl, 9));
  });

  it('a step and an event inside it: the event', () => {
    const end = endOfStep(tl, 9);
    const inside = end - 1;
    expect(stepAt(tl, inside)).toBe(9);
    expect(landingCursor(tl, inside, 9)).toBe(inside);
  });

  it('an event outside its step (events of another engine): the end of the step', () => {
    expect(landingCursor(tl, 3, 9)).toBe(endOfStep(tl, 9));
    expect(landingCursor(tl, len + 1, 9)).toBe(endOfStep(tl, 9));
  });
});

import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/run';
import { project } from '../engine/projection';
import { SELFTESTS } from '../scenario/library/selftests';
import { appendEvents, CHECKPOINT_EVERY, emptyTimeline, endOfStep, nextMark, prevMark, startOfStep, stepAt, viewAfter, viewAt } from './timeline';

const big = SELFTESTS.find((t) => t.id === 'stress-files')!.scenario;

describe('timeline', () => {
  const run = runScenario(big);
  const tl = emptyTimeline();
  // append in uneven batches, as the worker sends them
  for (let i = 0; i < run.events.length; i += 997) appendEvents(tl, run.events.slice(i, i + 997));

  it('keeps checkpoints at least K events apart', () => {
    expect(run.events.length).toBeGreaterThan(CHECKPOINT_EVERY * 4);
    expect(tl.checkpoints.length).toBe(tl.checkpointAt.length);
    expect(tl.checkpoints.length).toBeGreaterThan(2);
    tl.checkpointAt.slice(1).forEach((at, i) => expect(at - tl.checkpointAt[i]!).toBeGreaterThanOrEqual(CHECKPOINT_EVERY));
  });

  it('gives the exact state at any position (checkpoint + replay = replay from the start)', () => {
    for (const pos of [0, 1, 255, 256, 257, 1000, 4097, run.events.length - 1, run.events.length]) {
      expect(viewAt(tl, pos)).toEqual(project(run.events.slice(0, pos)));
    }
  });

  it('finds kexec marks forwards and backwards', () => {
    const k = tl.marks.kexec[0]!;
    expect(tl.events[k]!.type).toBe('boot');
    expect(nextMark(tl.marks.kexec, 0)).toBe(k + 1);
    expect(nextMark(tl.marks.kexec, k + 1)).toBeNull();
    expect(prevMark(tl.marks.kexec, run.events.length)).toBe(k + 1);
    expect(prevMark(tl.marks.kexec, k + 1)).toBeNull();
  });

  it('maps positions to scenario steps', () => {
    expect(stepAt(tl, 0)).toBe(-1);
    const end3 = endOfStep(tl, 3);
    expect(stepAt(tl, end3)).toBe(3);
    expect(tl.events[end3]!.step).toBe(4);
  });

  it('finds where every step starts and ends (binary search agrees with a scan of the events)', () => {
    // the scan, in one pass (a findIndex per step is quadratic and times out on a loaded machine)
    const first = new Map<number, number>();
    const after = new Map<number, number>();
    let open: number[] = []; // steps seen whose end is not found yet (event steps never decrease)
    run.events.forEach((e, i) => {
      if (open.length && e.step > open[open.length - 1]!) {
        for (const s of open) after.set(s, i);
        open = [];
      }
      if (e.type === 'step' && !first.has(e.step)) {
        first.set(e.step, i);
        open.push(e.step);
      }
    });
    for (const [s, at] of first) {
      expect(startOfStep(tl, s), `start of step ${s}`).toBe(at);
      expect(endOfStep(tl, s), `end of step ${s}`).toBe(after.get(s) ?? run.events.length);
    }
    expect(endOfStep(tl, -1)).toBe(tl.marks.step[0]);
  });

  it('goes a little ahead from the view at hand, to the same state, leaving that view intact', () => {
    for (const [from, to] of [[0, 1], [100, 164], [255, 257], [1000, 1030], [run.events.length - 10, run.events.length], [500, 400], [10, 5000]] as const) {
      const at = viewAt(tl, from);
      const before = structuredClone(at);
      expect(viewAfter(tl, from, at, to), `${from} -> ${to}`).toEqual(project(run.events.slice(0, to)));
      expect(at).toEqual(before);
    }
  });
});

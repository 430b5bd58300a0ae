// Checkpoints share structure (#12 item 7): the objects all checkpoints hold together grow
// with the events, not with (width of a generation) x (checkpoints).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/run';
import type { Scenario, Step } from '../scenario/types';
import { appendEvents, emptyTimeline, viewAt } from './timeline';
import { project } from '../engine/projection';

function wide(sessions: number): Scenario {
  const steps: Step[] = [{ op: 'open_device', as: 'd' }];
  for (let i = 0; i < sessions; i++) {
    steps.push({ op: 'create_session', device: 'd', name: `s${i}`, as: `s${i}` });
    steps.push({ op: 'create_file', kind: 'memfd', as: `m${i}` });
    steps.push({ op: 'preserve_fd', session: `s${i}`, fd: `m${i}`, token: i + 1 });
  }
  steps.push({ op: 'kexec' });
  return { format: 'luoscope-scenario', version: 1, steps } as Scenario;
}

/** Object slots (an object, plus one per property) reachable from the roots, each object once. */
function retainedObjects(roots: readonly object[]): number {
  const seen = new Set<object>();
  const stack: unknown[] = [...roots];
  let slots = 0;
  while (stack.length) {
    const o = stack.pop();
    if (typeof o !== 'object' || o === null || seen.has(o)) continue;
    seen.add(o);
    const values = Object.values(o);
    slots += 1 + values.length;
    for (const v of values) if (typeof v === 'object' && v !== null) stack.push(v);
  }
  return slots;
}

describe('checkpoint memory', () => {
  it('is linear in the events of a wide generation (1,000 / 2,000 / 4,000 sessions)', () => {
    const perEvent: number[] = [];
    for (const n of [1000, 2000, 4000]) {
      const run = runScenario(wide(n));
      const tl = appendEvents(emptyTimeline(), run.events);
      // events hold objects too (targets, images): count what the checkpoints add
      const base = retainedObjects(run.events);
      perEvent.push((retainedObjects([...run.events, ...tl.checkpoints]) - base) / run.events.length);
    }
    // quadratic growth doubled this per doubling of the width; linear keeps it flat
    console.log(`retained slots per event at 1k/2k/4k sessions: ${perEvent.map((x) => x.toFixed(1)).join(' / ')}`);
    expect(perEvent[2]! / perEvent[0]!).toBeLessThan(1.5);
  }, 120_000);

  it('a checkpoint is never changed by what comes after it, and viewAt is exact', () => {
    const run = runScenario(wide(300));
    const tl = appendEvents(emptyTimeline(), run.events);
    for (const p of [0, 1, 255, 256, 700, 1500, run.events.length - 1, run.events.length]) {
      expect(viewAt(tl, p)).toEqual(project(run.events.slice(0, p)));
    }
    tl.checkpoints.forEach((c, i) => expect(c, `checkpoint ${i}`).toEqual(project(run.events.slice(0, tl.checkpointAt[i]))));
  });
});

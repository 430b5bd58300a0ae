// Node side of the benchmarks (bundled by bench/vite.node.config.ts, run by bench/run.mjs).
//   node bench/dist/node/node.bench.js engine           steps/s and events/s (median of runs)
//   node --expose-gc bench/dist/node/node.bench.js memory   retained bytes per event at 3 sizes
//   node bench/dist/node/node.bench.js links            share-link lengths
//   node bench/dist/node/node.bench.js scenarios DIR    writes the browser benchmarks' scenarios
//   node bench/dist/node/node.bench.js explore|explore-mem|explore-1m   the explorer (explore.bench.ts)
// Each command prints one JSON object on stdout; progress goes to stderr.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../src/engine/engine';
import type { LuoEvent } from '../src/engine/events';
import { LIBRARY } from '../src/scenario/library/index';
import { stressFiles } from '../src/scenario/library/selftests/stress-files';
import { stressSessions } from '../src/scenario/library/selftests/stress-sessions';
import { randomScenario, type Pick } from '../src/scenario/random';
import { shareUrl } from '../src/scenario/share';
import type { Scenario } from '../src/scenario/types';
import { validateScenario } from '../src/scenario/validate';
import { appendEvents, emptyTimeline, type Timeline } from '../src/store/timeline';
import { frameScenario, mixedScenario, roundsScenario, rng, seekScenario, FRAME_CUSTOM, FRAME_KINDS, FRAME_MODULES } from './workloads';
import { exploreMemory, exploreMillion, exploreSpeed } from './explore.bench';

const log = (...a: unknown[]) => console.error('[node]', ...a);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function checked(s: Scenario): Scenario {
  const r = validateScenario(s);
  if (!r.ok) throw new Error(`${s.title}: invalid: ${r.issues.slice(0, 3).map((i) => i.message).join('; ')}`);
  return r.scenario;
}

/** One pass over a scenario as the worker runs it: events streamed out, not kept. */
function runOnce(s: Scenario): { steps: number; events: number; ms: number; unmet: number } {
  let events = 0;
  let unmet = 0;
  const t0 = performance.now();
  const e = createEngine(s, { keepEvents: false, onEvent: () => void events++ });
  while (!e.done) if (!e.step().met) unmet++;
  return { steps: s.steps.length, events, ms: performance.now() - t0, unmet };
}

function randomWorkload(seed: number, n: number): Scenario {
  const r = rng(seed);
  const picks: Pick[] = Array.from({ length: n }, () => [Math.floor(r() * 1e6), Math.floor(r() * 1e6), Math.floor(r() * 1e6)] as const);
  return randomScenario('latest', picks);
}

function engine() {
  const workloads: [string, Scenario][] = [
    ['mixed (8 kexecs × 40 sessions × 12 memfds)', checked(mixedScenario(1))],
    ['selftest luo_stress_sessions', checked(stressSessions)],
    ['selftest luo_stress_files', checked(stressFiles)],
  ];
  const random = checked(randomWorkload(1, 20000));
  for (const [, s] of workloads) for (let i = 0; i < 3; i++) runOnce(s); // warm-up
  for (let i = 0; i < 3; i++) runOnce(random);
  const RUNS = 11;
  const per: Record<string, { steps: number; events: number; steps_per_s: number; events_per_s: number; unmet: number }> = {};
  const total: { sps: number; eps: number }[] = [];
  const samples: Record<string, { sps: number; eps: number }[]> = {};
  for (let r = 0; r < RUNS; r++) {
    let steps = 0;
    let events = 0;
    let ms = 0;
    for (const [name, s] of workloads) {
      const o = runOnce(s);
      steps += o.steps;
      events += o.events;
      ms += o.ms;
      (samples[name] ??= []).push({ sps: (o.steps / o.ms) * 1000, eps: (o.events / o.ms) * 1000 });
      per[name] = { steps: o.steps, events: o.events, steps_per_s: 0, events_per_s: 0, unmet: o.unmet };
    }
    total.push({ sps: (steps / ms) * 1000, eps: (events / ms) * 1000 });
  }
  for (const [name, xs] of Object.entries(samples)) {
    per[name]!.steps_per_s = Math.round(median(xs.map((x) => x.sps)));
    per[name]!.events_per_s = Math.round(median(xs.map((x) => x.eps)));
  }
  const rs: { sps: number; eps: number }[] = [];
  let rinfo = { steps: 0, events: 0, unmet: 0 };
  for (let r = 0; r < 5; r++) {
    const o = runOnce(random);
    rinfo = { steps: o.steps, events: o.events, unmet: o.unmet };
    rs.push({ sps: (o.steps / o.ms) * 1000, eps: (o.events / o.ms) * 1000 });
  }
  per['randomScenario (20,000 picks, all ops, errors)'] = { ...rinfo, steps_per_s: Math.round(median(rs.map((x) => x.sps))), events_per_s: Math.round(median(rs.map((x) => x.eps))) };
  return {
    runs: RUNS,
    steps_per_s: Math.round(median(total.map((x) => x.sps))),
    events_per_s: Math.round(median(total.map((x) => x.eps))),
    min_steps_per_s: Math.round(Math.min(...total.map((x) => x.sps))),
    max_steps_per_s: Math.round(Math.max(...total.map((x) => x.sps))),
    workloads: per,
  };
}

/** The engine of the last memory sample, kept reachable while the heap is measured. */
let kept: { events: LuoEvent[] } | null = null;

function retainedBy(s: Scenario, gc: () => void): { bytes: number; events: number } {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const e = createEngine(s, { keepEvents: true });
  while (!e.done) e.step();
  kept = e;
  gc();
  gc();
  return { bytes: process.memoryUsage().heapUsed - before, events: kept.events.length };
}

let keptTimeline: Timeline | null = null;

/** What the app's store keeps of the same run: the timeline (events + a view checkpoint every 256 events). */
function timelineRetainedBy(s: Scenario, gc: () => void): { bytes: number; events: number; checkpoints: number } {
  const batch: LuoEvent[] = [];
  const e = createEngine(s, { keepEvents: false, onEvent: (ev) => batch.push(ev) });
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const tl = emptyTimeline();
  while (!e.done) {
    e.step();
    if (batch.length >= 4000) appendEvents(tl, batch.splice(0));
  }
  appendEvents(tl, batch.splice(0));
  keptTimeline = tl;
  gc();
  gc();
  return { bytes: process.memoryUsage().heapUsed - before, events: keptTimeline.events.length, checkpoints: keptTimeline.checkpoints.length };
}

function memory() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const sizes = [1, 2, 4];
  const rows: { scale: number; steps: number; events: number; retained_bytes: number; bytes_per_event: number }[] = [];
  for (const scale of sizes) {
    const s = checked(mixedScenario(scale));
    const deltas: number[] = [];
    let events = 0;
    for (let rep = 0; rep < 3; rep++) {
      kept = null; // drop the previous run before the baseline
      const m = retainedBy(s, gc);
      events = m.events;
      deltas.push(m.bytes);
    }
    const best = median(deltas);
    rows.push({ scale, steps: s.steps.length, events, retained_bytes: best, bytes_per_event: Math.round(best / events) });
    log(`memory ×${scale}: ${events} events, ${(best / 1048576).toFixed(1)} MiB, ${Math.round(best / events)} B/event`);
  }
  // the app's timeline is measured on smaller runs: it grows faster than the event count
  const timeline: { rounds: number; events: number; checkpoints: number; retained_bytes: number; bytes_per_event: number }[] = [];
  for (const rounds of [2, 4, 8]) {
    keptTimeline = null;
    kept = null;
    const m = timelineRetainedBy(checked(roundsScenario({ rounds, sessions: 40, filesPerSession: 12 })), gc);
    timeline.push({ rounds, events: m.events, checkpoints: m.checkpoints, retained_bytes: m.bytes, bytes_per_event: Math.round(m.bytes / m.events) });
    log(`timeline (${rounds} kexecs): ${m.events} events, ${m.checkpoints} checkpoints, ${(m.bytes / 1048576).toFixed(1)} MiB, ${Math.round(m.bytes / m.events)} B/event`);
  }
  // one wide generation across a kexec (#12): checkpoints must not copy the width each time
  const wide: { sessions: number; events: number; checkpoints: number; retained_bytes: number; bytes_per_event: number }[] = [];
  for (const sessions of [1000, 2000, 4000]) {
    keptTimeline = null;
    kept = null;
    const m = timelineRetainedBy(checked(wideScenario(sessions)), gc);
    wide.push({ sessions, events: m.events, checkpoints: m.checkpoints, retained_bytes: m.bytes, bytes_per_event: Math.round(m.bytes / m.events) });
    log(`wide timeline (${sessions} sessions): ${m.events} events, ${m.checkpoints} checkpoints, ${(m.bytes / 1048576).toFixed(1)} MiB, ${Math.round(m.bytes / m.events)} B/event`);
  }
  keptTimeline = null;
  const wideFit = fit(wide.map((r) => [r.events, r.retained_bytes]));
  // linear fit through the points: slope = marginal bytes per event
  const n = rows.length;
  const mx = rows.reduce((a, r) => a + r.events, 0) / n;
  const my = rows.reduce((a, r) => a + r.retained_bytes, 0) / n;
  const slope = rows.reduce((a, r) => a + (r.events - mx) * (r.retained_bytes - my), 0) / rows.reduce((a, r) => a + (r.events - mx) ** 2, 0);
  return { retained_bytes_per_event: Math.round(Math.max(...rows.map((r) => r.bytes_per_event))), slope_bytes_per_event: Math.round(slope), rows, timeline, wide, wide_fit: wideFit };
}

/** Least-squares line through (x, y) points, and how far the worst point is off it (r² too). */
function fit(points: [number, number][]): { slope: number; intercept: number; r2: number } {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  const sxy = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const sxx = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  const syy = points.reduce((a, p) => a + (p[1] - my) ** 2, 0);
  const slope = sxy / sxx;
  return { slope: Math.round(slope), intercept: Math.round(my - slope * mx), r2: Math.round(((sxy * sxy) / (sxx * syy)) * 1000) / 1000 };
}

/** `sessions` sessions with one preserved memfd each, then one kexec: one wide generation. */
function wideScenario(sessions: number): Scenario {
  const steps: Scenario['steps'] = [{ op: 'open_device', as: 'd' }];
  for (let i = 0; i < sessions; i++) {
    steps.push({ op: 'create_session', device: 'd', name: `s${i}`, as: `s${i}` });
    steps.push({ op: 'create_file', kind: 'memfd', as: `m${i}` });
    steps.push({ op: 'preserve_fd', session: `s${i}`, fd: `m${i}`, token: i + 1 });
  }
  steps.push({ op: 'kexec' });
  return { format: 'luoscope-scenario', version: 1, title: `${sessions} sessions across a kexec`, steps };
}

/** A realistic scenario cut to n steps: a prefix of generations of sessions and mixed files. */
function realistic(n: number): Scenario {
  const s = roundsScenario({ rounds: 40, sessions: 4, filesPerSession: 4, kinds: FRAME_KINDS, modules: FRAME_MODULES, customModules: FRAME_CUSTOM });
  if (s.steps.length < n) throw new Error('realistic(): not enough steps');
  return { ...s, title: `generated, ${n} steps`, steps: s.steps.slice(0, n) };
}

function links() {
  const base = 'https://luoscope.example/';
  const library: Record<string, number> = {};
  for (const e of LIBRARY) library[e.id] = shareUrl(e.scenario, { base }).length;
  const generated: Record<string, number> = {};
  for (const n of [40, 200, 1000]) generated[`generated-${n}-steps`] = shareUrl(checked(realistic(n)), { base }).length;
  return { library, generated };
}

function scenarios(dir: string) {
  // the 100,000-event timeline: grow the number of generations until it has ~100k events
  let rounds = 10;
  let s = seekScenario(rounds);
  let ev = runOnce(s).events;
  rounds = Math.max(1, Math.floor((rounds * 100_000) / ev));
  s = checked(seekScenario(rounds));
  ev = runOnce(s).events;
  while (ev < 100_000) {
    s = checked(seekScenario(++rounds));
    ev = runOnce(s).events;
  }
  log(`seek scenario: ${rounds} generations, ${s.steps.length} steps, ${ev} events`);
  const f = checked(frameScenario());
  const fe = runOnce(f);
  log(`frame scenario: ${f.steps.length} steps, ${fe.events} events, unmet ${fe.unmet}`);
  writeFileSync(join(dir, 'seek.json'), JSON.stringify(s));
  writeFileSync(join(dir, 'frame.json'), JSON.stringify(f));
  return { seek: { steps: s.steps.length, events: ev, rounds }, frame: { steps: f.steps.length, events: fe.events, unmet: fe.unmet } };
}

const [cmd, arg] = process.argv.slice(2);
const explore = { explore: () => exploreSpeed(arg === 'quick'), 'explore-mem': () => exploreMemory(arg === 'quick'), 'explore-1m': exploreMillion } as Record<string, () => unknown>;
const out = cmd === 'engine' ? engine() : cmd === 'memory' ? memory() : cmd === 'links' ? links() : cmd === 'scenarios' ? scenarios(arg ?? '.') : cmd && cmd in explore ? explore[cmd]!() : null;
if (!out) {
  console.error('usage: node.bench.js engine|memory|links|scenarios DIR|explore|explore-mem|explore-1m [quick]');
  process.exit(2);
}
process.stdout.write(JSON.stringify(out) + '\n');

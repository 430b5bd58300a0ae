// The explorer's benchmarks (run by node.bench.ts, reported by run.mjs and bench/README.md):
//   explore      explore_states_per_s on 2 sessions × 2 memfds × 1 kexec (one core, Node)
//   explore-mem  (--expose-gc) explore_bytes_per_state: live memory (JS heap + ArrayBuffers) at its peak per distinct state
//   explore-1m   (--max-old-space-size=1024) a 1,000,000-state search of the same scope
import preset from '../src/explore/presets/two-sessions-two-memfds.scope.json';
import { validateScope, type ResolvedScope } from '../src/explore/scope';
import { createSearch } from '../src/explore/search';

const log = (...a: unknown[]) => console.error('[explore]', ...a);

/** The bench scope: the preset, with the depth bound lifted so the state bound decides. */
function benchScope(maxStates: number): ResolvedScope {
  const r = validateScope({ ...preset, depth: 64, maxStates });
  if (!r.ok) throw new Error(r.issues[0]!.message);
  return r.scope;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export function exploreSpeed(quick: boolean) {
  const states = quick ? 50_000 : 200_000;
  const runs: { states: number; transitions: number; ms: number; states_per_s: number; depth: number }[] = [];
  createSearch(benchScope(5_000)).run(); // warm-up
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const s = createSearch(benchScope(states));
    s.run();
    const p = s.progress();
    runs.push({ states: p.states, transitions: p.transitions, ms: Math.round(p.ms), states_per_s: p.statesPerSecond, depth: p.depth });
    log(`${p.states.toLocaleString('en')} states, ${p.transitions.toLocaleString('en')} transitions in ${(p.ms / 1000).toFixed(1)} s: ${p.statesPerSecond.toLocaleString('en')} states/s`);
  }
  return { scope: preset.title, states_per_s: median(runs.map((r) => r.states_per_s)), transitions_per_state: Math.round((runs[0]!.transitions / runs[0]!.states) * 10) / 10, runs };
}

export function exploreMemory(quick: boolean) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const target = quick ? 50_000 : 300_000;
  // the canonical forms live in ArrayBuffers, outside the JS heap: count both
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  gc();
  const before = used();
  const s = createSearch(benchScope(target));
  let peak = 0;
  let peakAt = 0;
  while (!s.run(250)) {
    gc();
    const live = used() - before;
    if (live > peak) {
      peak = live;
      peakAt = s.progress().states;
    }
  }
  gc();
  const p = s.progress();
  const retained = used() - before;
  const out = { states: p.states, peak_live_bytes: peak, peak_at_states: peakAt, bytes_per_state: Math.round(Math.max(peak, retained) / p.states), retained_bytes_per_state: Math.round(retained / p.states) };
  log(`${p.states.toLocaleString('en')} states: peak live heap ${(peak / 2 ** 20).toFixed(1)} MiB, ${out.bytes_per_state} B/state (retained at the end ${out.retained_bytes_per_state} B/state)`);
  return out;
}

export function exploreMillion() {
  const s = createSearch(benchScope(1_000_000));
  let rss = 0;
  while (!s.run(1000)) rss = Math.max(rss, process.memoryUsage().rss);
  rss = Math.max(rss, process.memoryUsage().rss);
  const p = s.progress();
  log(`1M scope: ${p.states.toLocaleString('en')} states in ${(p.ms / 1000).toFixed(1)} s, peak RSS ${(rss / 2 ** 20).toFixed(0)} MiB (heap limit 1 GiB)`);
  return { states: p.states, ms: Math.round(p.ms), stop: p.stop, peak_rss_bytes: rss };
}

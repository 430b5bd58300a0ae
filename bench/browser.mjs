/* global process, console, window, document, performance, MutationObserver, URL, Element */
// Browser side of the benchmarks: headless Chromium (Playwright) against `vite preview` of
// bench/dist/app. The page-side timings come from src/ui/bench-hooks.ts (window.luoscope.bench()).
import { readFileSync } from 'node:fs';
import { chromium, devices } from '@playwright/test';

const log = (...a) => console.error('[browser]', ...a);

/** The launch flags of playwright.config.ts. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
}

/** mulberry32, as in bench/workloads.ts */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


async function newPage(browser) {
  const context = await browser.newContext({ ...devices['Desktop Chrome'] });
  const page = await context.newPage();
  page.on('pageerror', (e) => log('pageerror:', e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') log('console error:', m.text());
  });
  return { context, page };
}

/** Fresh context (cold cache) -> navigation start to the first .react-flow__node in the DOM. */
async function firstGraph(browser, url, runs) {
  const times = [];
  let scripts = [];
  for (let r = 0; r < runs; r++) {
    const { context, page } = await newPage(browser);
    await page.addInitScript(() => {
      const seen = () => {
        if (window.__firstGraph === undefined && document.querySelector('.react-flow__node')) {
          window.__firstGraph = performance.now();
          window.__firstGraphJs = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js')).map((e) => new URL(e.name).pathname);
          return true;
        }
        return false;
      };
      new MutationObserver((_, obs) => {
        if (seen()) obs.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__firstGraph !== undefined, null, { timeout: 30_000 });
    const t = await page.evaluate(() => window.__firstGraph);
    times.push(t);
    // what had been fetched when the first graph appeared (a union over the runs)
    scripts = [...new Set([...scripts, ...(await page.evaluate(() => window.__firstGraphJs))])];
    await context.close();
  }
  log(`first graph: ${times.map((t) => t.toFixed(0)).join(', ')} ms; scripts fetched: ${scripts.join(', ')}`);
  return { median: quantile(times, 0.5), times, scripts };
}

async function openWithHooks(browser, url) {
  const { context, page } = await newPage(browser);
  await page.goto(url);
  await page.waitForSelector('.react-flow__node', { timeout: 30_000 });
  await page.evaluate(async () => {
    window.__bench = await window.luoscope.bench();
  });
  return { context, page };
}

async function load(page, scenario) {
  const r = await page.evaluate((s) => window.__bench.loadScenario(s), scenario);
  if (r.status !== 'done') throw new Error(`scenario did not run: ${r.status}`);
  return r;
}

/** One seek per position. Every 10th also checks the DOM against renderGraph() (a full
 * render of the graph, whose garbage would otherwise land in the next seeks' timings). */
async function seekSamples(page, fn, positions) {
  const out = [];
  for (const [i, pos] of positions.entries()) out.push(await page.evaluate(([f, p, check]) => window.__bench[f](p, check), [fn, pos, i % 10 === 0]));
  return out;
}

function summarize(name, samples) {
  // the graph is committed by the synchronous render (syncMs); settledMs also waits for what
  // that commit queued (the frame, React Flow measuring new nodes, the deferred panels)
  const commit = samples.map((s) => s.syncMs);
  const settled = samples.map((s) => s.commitMs);
  const paint = samples.map((s) => s.paintMs);
  const checked = samples.filter((s) => s.expectedNodes >= 0);
  const nodes = checked.map((s) => s.expectedNodes);
  const mounted = checked.map((s) => s.domNodes);
  const r = {
    p50: quantile(commit, 0.5),
    p95: quantile(commit, 0.95),
    max: Math.max(...commit),
    settled_p50: quantile(settled, 0.5),
    settled_p95: quantile(settled, 0.95),
    // of the checked samples, how many showed the same graph after the task hops as at the commit
    same_after: `${checked.filter((s) => s.sameAfter).length}/${checked.length}`,
    paint_p50: quantile(paint, 0.5),
    paint_p95: quantile(paint, 0.95),
    store_p50: quantile(samples.map((s) => s.storeMs), 0.5),
    store_p95: quantile(samples.map((s) => s.storeMs), 0.95),
    graph_p50: quantile(checked.map((s) => s.graphMs), 0.5),
    graph_p95: quantile(checked.map((s) => s.graphMs), 0.95),
    nodes_p50: quantile(nodes, 0.5),
    nodes_max: Math.max(...nodes),
    mounted_p50: quantile(mounted, 0.5),
    mounted_max: Math.max(...mounted),
    n: samples.length,
  };
  log(`${name}: graph committed p50 ${r.p50.toFixed(1)} p95 ${r.p95.toFixed(1)} max ${r.max.toFixed(1)} ms (unchanged two tasks later in ${r.same_after} checks); settled (the frame and deferred panels too) p50 ${r.settled_p50.toFixed(1)} p95 ${r.settled_p95.toFixed(1)} ms; next frame p50 ${r.paint_p50.toFixed(1)} p95 ${r.paint_p95.toFixed(1)} ms; of which store update p50 ${r.store_p50.toFixed(1)} p95 ${r.store_p95.toFixed(1)} ms; renderGraph() alone p50 ${r.graph_p50.toFixed(1)} p95 ${r.graph_p95.toFixed(1)} ms; graph nodes p50 ${r.nodes_p50} max ${r.nodes_max}, mounted in the DOM p50 ${r.mounted_p50} max ${r.mounted_max}`);
  return r;
}

async function seekBench(browser, url, scenario, opts) {
  const { context, page } = await openWithHooks(browser, url);
  const loaded = await load(page, scenario);
  log(`seek timeline loaded: ${loaded.events} events in ${loaded.ms.toFixed(0)} ms (worker run + first graph)`);
  const total = loaded.events;
  const r = rng(opts.seed);
  const positions = Array.from({ length: opts.samples }, () => Math.floor(r() * (total + 1)));
  await seekSamples(page, 'benchSeek', positions.slice(0, 10)); // warm-up
  const seek = summarize('seek (checkpoints)', await seekSamples(page, 'benchSeek', positions));
  const naivePositions = positions.slice(0, opts.naiveSamples);
  await seekSamples(page, 'benchSeekNaive', naivePositions.slice(0, 2));
  const naive = summarize('seek (replay from 0)', await seekSamples(page, 'benchSeekNaive', naivePositions));
  await context.close();
  return { events: total, loadMs: loaded.ms, seek, naive };
}

async function frameBench(browser, url, scenario, opts) {
  const { context, page } = await openWithHooks(browser, url);
  const loaded = await load(page, scenario);
  log(`frame scenario loaded: ${loaded.events} events in ${loaded.ms.toFixed(0)} ms`);
  const idle = await page.evaluate((ms) => window.__bench.recordFrames(ms), 1000);
  // play from the kexec on: the graph then holds all 50 sessions and 400 files, and grows
  const info = await page.evaluate(() => window.__bench.timelineInfo());
  const from = info.kexecs[0] ?? 0;
  await page.evaluate((p) => window.__bench.benchSeek(p, false), from);
  const atFrom = await page.evaluate(() => window.__bench.timelineInfo());
  // press play at the fastest speed the timeline offers
  const speed = page.getByRole('combobox').filter({ has: page.locator('option[value="256"]') });
  await speed.selectOption('256');
  await page.getByRole('button', { name: 'Play' }).click();
  const played = await page.evaluate((ms) => window.__bench.recordFrames(ms), opts.ms);
  await page.getByRole('button', { name: 'Pause' }).click();
  const atEnd = await page.evaluate(() => window.__bench.timelineInfo());
  await context.close();
  const f = played.frames;
  const r = {
    p50: quantile(f, 0.5),
    p95: quantile(f, 0.95),
    max: Math.max(...f),
    frames: f.length,
    fps: f.length / (f.reduce((a, b) => a + b, 0) / 1000),
    events_played: played.cursorTo - played.cursorFrom,
    idle_p50: quantile(idle.frames, 0.5),
    idle_p95: quantile(idle.frames, 0.95),
    graph_nodes: [atFrom.graphNodes, atEnd.graphNodes],
    mounted_nodes: [atFrom.nodes, atEnd.nodes],
    from,
  };
  log(`frames while playing at 256 ev/s: ${r.frames} frames, p50 ${r.p50.toFixed(1)} p95 ${r.p95.toFixed(1)} max ${r.max.toFixed(1)} ms (${r.fps.toFixed(1)} fps), ${r.events_played} events played from position ${from}, graph nodes ${atFrom.graphNodes} -> ${atEnd.graphNodes} (mounted ${atFrom.nodes} -> ${atEnd.nodes}); idle p50 ${r.idle_p50.toFixed(1)} p95 ${r.idle_p95.toFixed(1)} ms`);
  return r;
}

/** Kernel B of the compare benchmarks: the seek workload (its own kernel is `latest` of format
 * 1, v1-latest, between 7.1 and 7.2) on 7.1, the same boot modules: 260 steps differ (the
 * hugetlb-v1 FLB's incoming count after each kexec), so B's graph has pink rings. */
export function compareKernelFor(scenario) {
  return { profile: '7.1', patches: [], modules: [...(scenario.boot?.modules ?? ['memfd'])], liveupdate: true };
}

/** Compare mode on the seek workload: loading a comparison against loading the run alone
 * (alternated, after one warm-up of each), then seeks with both graphs. */
async function compareBench(browser, url, scenario, opts) {
  const { context, page } = await openWithHooks(browser, url);
  const b = compareKernelFor(scenario);
  const loadRun = async (withB) => {
    const r = await page.evaluate(([s, k]) => window.__bench.loadRun(s, k), [scenario, withB ? b : null]);
    if (r.status !== 'done') throw new Error(`compare bench: the ${withB ? 'comparison' : 'run'} did not load: ${r.status}`);
    return r;
  };
  const warmAlone = await loadRun(false);
  const warmCompare = await loadRun(true);
  log(`compare warm-up: alone ${warmAlone.ms.toFixed(0)} ms; compared (B's worker and the compare view loaded on first use) ${warmCompare.ms.toFixed(0)} ms (A done ${warmCompare.aMs.toFixed(0)}, B done ${warmCompare.bMs.toFixed(0)}, compared ${warmCompare.resultMs.toFixed(0)}), ${warmCompare.events} / ${warmCompare.eventsB} events, ${warmCompare.rows} steps differ`);
  const alone = [];
  const compared = [];
  for (let i = 0; i < opts.loads; i++) {
    alone.push(await loadRun(false));
    compared.push(await loadRun(true));
  }
  const med = (xs, k) => quantile(xs.map((x) => x[k]), 0.5);
  const load = {
    alone_ms: med(alone, 'ms'),
    compared_ms: med(compared, 'ms'),
    ratio: med(compared, 'ms') / med(alone, 'ms'),
    pair_ratios: compared.map((c, i) => c.ms / alone[i].ms),
    alone: alone.map((x) => Math.round(x.ms)),
    compared: compared.map((x) => Math.round(x.ms)),
    a_done_ms: med(compared, 'aMs'),
    b_done_ms: med(compared, 'bMs'),
    result_ms: med(compared, 'resultMs'),
    first_compare_ms: warmCompare.ms,
    events: warmCompare.events,
    events_b: warmCompare.eventsB,
    rows: warmCompare.rows,
    b,
  };
  log(`compare load: alone ${load.alone.join(', ')} ms (median ${load.alone_ms.toFixed(0)}); compared ${load.compared.join(', ')} ms (median ${load.compared_ms.toFixed(0)}: A done ${load.a_done_ms.toFixed(0)}, B done ${load.b_done_ms.toFixed(0)}, compared ${load.result_ms.toFixed(0)}); ratio ${load.ratio.toFixed(2)}`);
  // seeks: the same positions as the seek benchmark, both graphs on screen
  const r = rng(opts.seed);
  const total = warmCompare.events;
  const positions = Array.from({ length: opts.samples }, () => Math.floor(r() * (total + 1)));
  await seekSamples(page, 'benchSeekCompare', positions.slice(0, 10)); // warm-up
  const samples = await seekSamples(page, 'benchSeekCompare', positions);
  const seek = summarize('compare seek (both graphs)', samples);
  const checked = samples.filter((x) => x.rings >= 0);
  seek.rings_max = Math.max(...checked.map((x) => x.rings));
  seek.ringed_checks = checked.filter((x) => x.rings > 0).length;
  log(`  pink rings: at most ${seek.rings_max} ringed nodes mounted, some in ${seek.ringed_checks}/${checked.length} checks`);
  await context.close();
  return { load, seek };
}

/** The Explore tab's default scope, run in the page: seconds from Run to its results, and how many times the progress line changed. */
async function exploreBench(browser, url, runs) {
  const out = [];
  for (let r = 0; r < runs; r++) {
    const { context, page } = await newPage(browser);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(url);
    await page.waitForSelector('.react-flow__node');
    await page.getByRole('tab', { name: 'Explore' }).click();
    await page.waitForSelector('[data-testid=explore]');
    await page.evaluate(() => {
      window.__progressChanges = 0;
      new MutationObserver((ms) => {
        if (ms.some((m) => (m.target instanceof Element ? m.target : m.target.parentElement)?.closest('[data-testid=explore-progress]'))) window.__progressChanges++;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Run' }).click();
    await page.waitForSelector('[data-testid=explore-summary]', { timeout: 120_000 });
    const seconds = (Date.now() - t0) / 1000;
    const summary = await page.getByTestId('explore-summary').textContent();
    const changes = await page.evaluate(() => window.__progressChanges);
    out.push({ seconds, summary, progress_changes: changes });
    log(`explore (default scope): ${seconds.toFixed(2)} s, ${changes} progress updates: ${summary}`);
    await context.close();
  }
  return { median_s: quantile(out.map((x) => x.seconds), 0.5), runs: out };
}

export async function runBrowser({ url, seekFile, frameFile, quick, only }) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
  try {
    const version = browser.version();
    log(`Chromium ${version}, ${url}`);
    const want = (k) => !only || only.has(k);
    const seekScenario = JSON.parse(readFileSync(seekFile, 'utf8'));
    const first = want('first') ? await firstGraph(browser, url, quick ? 2 : 7) : null;
    const seek = want('seek') ? await seekBench(browser, url, seekScenario, { seed: 42, samples: quick ? 40 : 200, naiveSamples: quick ? 10 : 200 }) : null;
    const frames = want('frame') ? await frameBench(browser, url, JSON.parse(readFileSync(frameFile, 'utf8')), { ms: quick ? 2000 : 5000 }) : null;
    const compare = want('compare') ? await compareBench(browser, url, seekScenario, { seed: 42, samples: quick ? 40 : 200, loads: quick ? 2 : 5 }) : null;
    const explore = want('explore') ? await exploreBench(browser, url, quick ? 1 : 3) : null;
    return { chromium: version, first, seek, frames, compare, explore };
  } finally {
    await browser.close();
  }
}

/* global process, console, window */
// Long runs of other shapes than the seek bench's (issue #12): one wide generation (5,000
// sessions across a kexec) and a long chain (14,000 kexecs). For each: the first graph
// (worker run + layout + first render, in the page), the heap after a GC, seeks at spread
// positions. `node bench/shapes.mjs URL` runs it against a served build; run.mjs imports it.
import { chromium, devices } from '@playwright/test';

const log = (...a) => console.error('[shapes]', ...a);

/** `sessions` sessions of `files` memfds each, all preserved, then one kexec. */
export function wideScenario(sessions = 5000, files = 2) {
  const steps = [{ op: 'open_device', as: 'd' }];
  for (let i = 0; i < sessions; i++) {
    steps.push({ op: 'create_session', device: 'd', name: `s${i}`, as: `s${i}` });
    for (let f = 0; f < files; f++) {
      steps.push({ op: 'create_file', kind: 'memfd', as: `m${i}_${f}` });
      steps.push({ op: 'preserve_fd', session: `s${i}`, fd: `m${i}_${f}`, token: i * files + f + 1 });
    }
  }
  steps.push({ op: 'kexec' });
  return { format: 'luoscope-scenario', version: 1, title: `${sessions} sessions across a kexec`, steps };
}

/** `kexecs` live updates in a row (about 10 events each). */
export function longScenario(kexecs = 14000) {
  const steps = [];
  for (let i = 0; i < kexecs; i++) steps.push({ op: 'kexec' });
  return { format: 'luoscope-scenario', version: 1, title: `${kexecs} kexecs`, steps };
}

function p95(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

async function measure(browser, url, scenario, seeks) {
  const context = await browser.newContext({ ...devices['Desktop Chrome'] });
  const page = await context.newPage();
  page.on('pageerror', (e) => log('pageerror:', e.message));
  await page.goto(url);
  await page.waitForSelector('.react-flow__node', { timeout: 60_000 });
  await page.evaluate(async () => {
    window.__bench = await window.luoscope.bench();
  });
  const cdp = await context.newCDPSession(page);
  const loaded = await page.evaluate((s) => window.__bench.loadScenario(s), scenario);
  if (loaded.status !== 'done') throw new Error(`${scenario.title}: ${loaded.status}`);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
  const times = [];
  const store = [];
  for (let i = 0; i < seeks; i++) {
    // spread over the run, not in order (a seek far from the last one)
    const pos = Math.floor((((i * 7919) % seeks) / seeks) * (loaded.events + 1));
    const t = await page.evaluate((p) => window.__bench.benchSeek(p, false), pos);
    times.push(t.syncMs);
    store.push(t.storeMs);
  }
  await context.close();
  return { events: loaded.events, first_graph_ms: Math.round(loaded.ms), heap_mb: Math.round(heap), seek_p95_ms: Math.round(p95(times) * 10) / 10, seek_store_p95_ms: Math.round(p95(store) * 10) / 10 };
}

export async function runShapes({ url, quick = false }) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const wide = await measure(browser, url, wideScenario(), quick ? 10 : 40);
    log(`wide: ${wide.events} events, first graph ${wide.first_graph_ms} ms, heap ${wide.heap_mb} MB, seek p95 ${wide.seek_p95_ms} ms (store ${wide.seek_store_p95_ms})`);
    const long = await measure(browser, url, longScenario(), quick ? 10 : 40);
    log(`long: ${long.events} events, first graph ${long.first_graph_ms} ms, heap ${long.heap_mb} MB, seek p95 ${long.seek_p95_ms} ms (store ${long.seek_store_p95_ms})`);
    return {
      wide_events: wide.events,
      wide_first_graph_ms: wide.first_graph_ms,
      wide_heap_mb: wide.heap_mb,
      wide_seek_p95_ms: wide.seek_p95_ms,
      long_events: long.events,
      long_first_graph_ms: long.first_graph_ms,
      long_heap_mb: long.heap_mb,
      long_seek_p95_ms: long.seek_p95_ms,
    };
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2] ?? 'http://127.0.0.1:4173/';
  process.stdout.write(`${JSON.stringify(await runShapes({ url, quick: process.argv.includes('--quick') }))}\n`);
}

/* global process, console, fetch, setTimeout */
// `npm run bench`: builds what it needs, runs every benchmark, prints a table.
// `npm run --silent bench -- --json`: the same, one JSON object on stdout (logs go to stderr).
// `--quick`: fewer samples (for trying the scripts; the README's figures are full runs).
// `--only=compare,seek`: only those parts (engine, memory, links, first, seek, frame, compare, explore),
// for working on one of them; the table and the JSON then hold only their keys.
// Benchmarks report; they never fail on a figure (exit code 1 only when something broke).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { runBrowser } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'bench/dist');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');
const args = new Set(process.argv.slice(2));
const JSON_OUT = args.has('--json');
const QUICK = args.has('--quick');
const ONLY_ARG = [...args].find((a) => a.startsWith('--only='));
const ONLY = ONLY_ARG ? new Set(ONLY_ARG.slice('--only='.length).split(',')) : null;
const want = (k) => !ONLY || ONLY.has(k);
const log = (...a) => console.error('[bench]', ...a);

// Everything a child prints goes to stderr: stdout carries only the result.
const CHILD_IO = ['ignore', 'pipe', 'inherit'];

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: CHILD_IO, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }, ...opts });
  if (r.status !== 0) {
    process.stderr.write(r.stdout ?? '');
    throw new Error(`${cmd} ${argv.join(' ')} exited with ${r.status}`);
  }
  return r.stdout;
}

/** The node bench prints one JSON line on stdout. */
function nodeBench(cmd, extra = [], nodeArgs = []) {
  log(`node bench: ${cmd}`);
  const out = run(process.execPath, [...nodeArgs, join(DIST, 'node/node.bench.js'), cmd, ...extra]);
  return JSON.parse(out.trim().split('\n').pop());
}

/** The explorer (bench/explore.bench.ts): speed, memory per state, and a 1,000,000-state search under a 1 GiB heap. */
function exploreBenches() {
  const speed = nodeBench('explore', QUICK ? ['quick'] : []);
  const memory = nodeBench('explore-mem', QUICK ? ['quick'] : [], ['--expose-gc']);
  let million;
  try {
    million = { completed: true, ...nodeBench('explore-1m', [], ['--max-old-space-size=1024']) };
  } catch (e) {
    log(`the 1,000,000-state search did not complete within a 1 GiB heap: ${e.message}`);
    million = { completed: false };
  }
  return { speed, memory, million };
}

function build() {
  log('building bench/dist/node (engine, links) and bench/dist/app (the app, with a manifest)');
  process.stderr.write(run(process.execPath, [VITE, 'build', '--config', 'bench/vite.node.config.ts']));
  process.stderr.write(run(process.execPath, [VITE, 'build', '--config', 'bench/vite.app.config.ts']));
}

/** The first view's JavaScript: the entry in index.html, its static imports, and the engine worker it starts. */
function initialJs() {
  const app = join(DIST, 'app');
  const manifest = JSON.parse(readFileSync(join(app, '.vite/manifest.json'), 'utf8'));
  const html = readFileSync(join(app, 'index.html'), 'utf8');
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const files = new Set();
  const visit = (key) => {
    const c = manifest[key];
    if (!c || files.has(c.file)) return;
    files.add(c.file);
    for (const i of c.imports ?? []) visit(i); // static imports only; dynamicImports are lazy
  };
  visit(entryKey);
  if (!html.includes(manifest[entryKey].file)) throw new Error('the manifest entry is not the script of index.html');
  for (const m of html.matchAll(/<link rel="modulepreload"[^>]*href="\/?([^"]+)"/g)) files.add(m[1]);
  // the worker runs the scenario the first graph shows, so it counts
  const worker = (manifest[entryKey].assets ?? []).filter((a) => a.endsWith('.js'));
  const rows = [...files, ...worker].map((f) => {
    const buf = readFileSync(join(app, f));
    return { file: f, raw: buf.length, gz: gzipSync(buf, { level: 9 }).length, worker: worker.includes(f) };
  });
  const lazy = Object.values(manifest).filter((c) => c.isDynamicEntry).map((c) => ({ file: c.file, gz: gzipSync(readFileSync(join(app, c.file)), { level: 9 }).length }));
  return { rows, total: rows.reduce((a, r) => a + r.gz, 0), lazy, breakdown: breakdown(rows) };
}

/** What the first view's main chunk is made of: each module's share of it (from bench/vite.app.config.ts). */
function breakdown(rows) {
  const file = join(DIST, 'app-modules.json');
  if (!existsSync(file)) return [];
  const mods = JSON.parse(readFileSync(file, 'utf8'));
  const groups = new Map();
  for (const r of rows.filter((x) => !x.worker)) {
    const m = mods[r.file];
    if (!m) continue;
    const sum = Object.values(m).reduce((a, [, gz]) => a + gz, 0);
    for (const [id, [, gz]] of Object.entries(m)) {
      const nm = id.split('node_modules/');
      let key;
      if (nm.length > 1) {
        const parts = nm.pop().split('/');
        key = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
        if (key.startsWith('d3-')) key = 'd3-* (React Flow)';
      } else {
        key = id.replace(`${ROOT}/`, '').split('/').slice(0, 2).join('/');
      }
      groups.set(key, (groups.get(key) ?? 0) + (gz / sum) * r.gz);
    }
  }
  return [...groups].sort((a, b) => b[1] - a[1]).map(([name, gz]) => ({ name, gz: Math.round(gz) }));
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function withPreview(fn) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [VITE, 'preview', '--config', 'bench/vite.app.config.ts', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(url)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 300 || child.exitCode !== null) throw new Error('vite preview did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    log(`vite preview at ${url}`);
    return await fn(url);
  } finally {
    child.kill('SIGTERM');
  }
}

function machine(chromium) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cpus: os.availableParallelism?.() ?? cpus.length,
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    chromium,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

const r1 = (x) => Math.round(x * 10) / 10;
const r2 = (x) => Math.round(x * 100) / 100;

async function main() {
  build();
  const engine = want('engine') ? nodeBench('engine') : null;
  const memory = want('memory') ? nodeBench('memory', [], ['--expose-gc']) : null;
  const links = want('links') ? nodeBench('links') : null;
  const explore = want('explore') ? exploreBenches() : null;
  const data = join(DIST, 'data');
  mkdirSync(data, { recursive: true });
  const scen = nodeBench('scenarios', [data]);
  const js = initialJs();
  log(`first view JS: ${js.rows.map((r) => `${r.file} ${(r.gz / 1000).toFixed(1)} kB gz`).join(', ')}`);
  log(`  main chunk by source (approx. kB gz): ${js.breakdown.slice(0, 14).map((b) => `${b.name} ${(b.gz / 1000).toFixed(1)}`).join(', ')}`);
  log(`  lazy chunks (not counted): ${js.lazy.map((c) => `${c.file} ${(c.gz / 1000).toFixed(1)}`).join(', ')}`);
  run('sh', ['scripts/ensure-chromium.sh']);
  const browser = await withPreview((url) => runBrowser({ url, seekFile: join(data, 'seek.json'), frameFile: join(data, 'frame.json'), quick: QUICK, only: ONLY }));
  // a lazy chunk the page fetched before its first graph was needed for the first view: it counts
  const fetched = (browser.first?.scripts ?? []).map((s) => s.replace(/^\//, ''));
  for (const f of fetched.filter((x) => !js.rows.some((r) => r.file === x))) {
    const buf = readFileSync(join(DIST, 'app', f));
    js.rows.push({ file: f, raw: buf.length, gz: gzipSync(buf, { level: 9 }).length, worker: false, lazy: true });
    js.total += js.rows.at(-1).gz;
    log(`fetched before the first graph, so counted: ${f}`);
  }

  const cmp = browser.compare;
  const result = {
    ...(engine ? { engine_steps_per_s: engine.steps_per_s, engine_events_per_s: engine.events_per_s } : {}),
    ...(memory
      ? {
          retained_bytes_per_event: memory.retained_bytes_per_event,
          wide_retained_bytes_per_event: Object.fromEntries(memory.wide.map((r) => [r.sessions, r.bytes_per_event])),
          wide_retained_fit: memory.wide_fit,
        }
      : {}),
    ...(browser.seek
      ? {
          seek_p95_ms: r2(browser.seek.seek.p95),
          seek_p50_ms: r2(browser.seek.seek.p50),
          seek_settled_p95_ms: r2(browser.seek.seek.settled_p95),
          seek_naive_p95_ms: r2(browser.seek.naive.p95),
        }
      : {}),
    ...(cmp ? { compare_seek_p95_ms: r2(cmp.seek.p95), compare_seek_p50_ms: r2(cmp.seek.p50), compare_load_ratio: r2(cmp.load.ratio) } : {}),
    ...(browser.frames ? { frame_p50_ms: r2(browser.frames.p50), frame_p95_ms: r2(browser.frames.p95) } : {}),
    ...(browser.first ? { first_graph_ms: Math.round(browser.first.median) } : {}),
    initial_js_gz_kb: r1(js.total / 1000),
    ...(explore ? { explore_states_per_s: explore.speed.states_per_s, explore_bytes_per_state: explore.memory.bytes_per_state, explore_1m_completed: explore.million.completed } : {}),
    ...(browser.explore ? { explore_browser_s: r2(browser.explore.median_s) } : {}),
    ...(links ? { link_lengths: { ...links.library, ...links.generated } } : {}),
  };

  writeFileSync(join(DIST, 'results.json'), JSON.stringify({ result, machine: machine(browser.chromium), quick: QUICK, only: ONLY ? [...ONLY] : null, engine, memory, explore, scenarios: scen, initialJs: js, browser }, null, 1));
  log('details in bench/dist/results.json');
  if (JSON_OUT) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const m = machine(browser.chromium);
  const rows = [
    ...(engine
      ? [
          ['engine_steps_per_s', result.engine_steps_per_s.toLocaleString('en'), '≥ 500,000', result.engine_steps_per_s >= 500_000],
          ['engine_events_per_s', result.engine_events_per_s.toLocaleString('en'), '—', null],
        ]
      : []),
    ...(memory ? [['retained_bytes_per_event', `${result.retained_bytes_per_event} (slope ${memory.slope_bytes_per_event})`, '≤ 1024, linear', result.retained_bytes_per_event <= 1024]] : []),
    ...(browser.seek
      ? [
          ['seek_p95_ms', result.seek_p95_ms, '< 16', browser.seek.seek.p95 < 16],
          ['seek_p50_ms', result.seek_p50_ms, '—', null],
          ['seek_settled_p95_ms', result.seek_settled_p95_ms, '—', null],
          ['seek_naive_p95_ms', result.seek_naive_p95_ms, '(comparison)', null],
        ]
      : []),
    ...(cmp
      ? [
          ['compare_seek_p95_ms', result.compare_seek_p95_ms, '< 16', cmp.seek.p95 < 16],
          ['compare_seek_p50_ms', result.compare_seek_p50_ms, '—', null],
          ['compare_load_ratio', `${result.compare_load_ratio} (${r2(cmp.load.compared_ms / 1000)} / ${r2(cmp.load.alone_ms / 1000)} s)`, '≤ 2.2', cmp.load.ratio <= 2.2],
        ]
      : []),
    ...(browser.frames
      ? [
          ['frame_p50_ms', result.frame_p50_ms, '—', null],
          ['frame_p95_ms', result.frame_p95_ms, '< 33.4', browser.frames.p95 < 33.4],
        ]
      : []),
    ...(browser.first ? [['first_graph_ms', result.first_graph_ms, '< 1000', result.first_graph_ms < 1000]] : []),
    ['initial_js_gz_kb', `${result.initial_js_gz_kb} (main thread ${r1(js.rows.filter((r) => !r.worker).reduce((a, r) => a + r.gz, 0) / 1000)})`, '≤ 170', js.total / 1000 <= 170],
    ...(explore
      ? [
          ['explore_states_per_s', result.explore_states_per_s.toLocaleString('en'), '≥ 100,000', result.explore_states_per_s >= 100_000],
          ['explore_bytes_per_state', `${result.explore_bytes_per_state} (1M states: ${explore.million.completed ? `${r1(explore.million.ms / 1000)} s, RSS ${Math.round(explore.million.peak_rss_bytes / 2 ** 20)} MiB` : 'did not complete'})`, '1M in 1 GB', explore.million.completed],
        ]
      : []),
    ...(browser.explore ? [['explore_browser_s', `${result.explore_browser_s} (${browser.explore.runs[0].progress_changes} progress updates)`, '< 10', browser.explore.median_s < 10]] : []),
  ];
  const w = [26, 24, 16];
  const line = (a, b, c, d) => `${String(a).padEnd(w[0])} ${String(b).padStart(w[1])}  ${String(c).padEnd(w[2])} ${d}`;
  const out = [];
  out.push(`luoscope benchmarks — ${m.cpu}, ${m.cpus} CPUs, ${m.memory_gib} GiB, Node ${m.node}, Chromium ${m.chromium}${QUICK ? ' (--quick)' : ''}`, '');
  out.push(line('metric', 'value', 'goal', 'met?'), line('-'.repeat(w[0]), '-'.repeat(w[1]), '-'.repeat(w[2]), '----'));
  for (const [k, v, g, ok] of rows) out.push(line(k, v, g, ok === null ? '' : ok ? 'yes' : 'NO'));
  if (engine) out.push('', 'Engine workloads (median steps/s, events/s):');
  for (const [k, v] of Object.entries(engine?.workloads ?? {})) out.push(`  ${k}: ${v.steps.toLocaleString('en')} steps, ${v.events.toLocaleString('en')} events -> ${v.steps_per_s.toLocaleString('en')} steps/s, ${v.events_per_s.toLocaleString('en')} events/s`);
  if (memory) out.push('Retained memory:');
  for (const r of memory?.rows ?? []) out.push(`  engine: ${r.events.toLocaleString('en')} events: ${(r.retained_bytes / 2 ** 20).toFixed(1)} MiB, ${r.bytes_per_event} B/event`);
  for (const r of memory?.timeline ?? []) out.push(`  app timeline (events + checkpoints): ${r.events.toLocaleString('en')} events: ${(r.retained_bytes / 2 ** 20).toFixed(1)} MiB, ${r.bytes_per_event} B/event`);
  for (const r of memory?.wide ?? []) out.push(`  wide timeline, ${r.sessions.toLocaleString('en')} sessions across a kexec: ${r.events.toLocaleString('en')} events, ${r.checkpoints} checkpoints: ${(r.retained_bytes / 2 ** 20).toFixed(1)} MiB, ${r.bytes_per_event} B/event`);
  if (memory) out.push(`  wide timeline fit: ${memory.wide_fit.slope} B/event + ${(memory.wide_fit.intercept / 2 ** 20).toFixed(1)} MiB, r² ${memory.wide_fit.r2}`);
  const s = browser.seek;
  if (s) out.push(`Seek: ${s.events.toLocaleString('en')}-event timeline (${scen.seek.rounds} kexecs × 20 sessions × 10 files), ${s.seek.n} random positions; graph nodes p50 ${s.seek.nodes_p50}, max ${s.seek.nodes_max}; mounted p50 ${s.seek.mounted_p50}, max ${s.seek.mounted_max}`);
  for (const [name, x] of s ? [['checkpoints', s.seek], ['replay from 0', s.naive]] : [])
    out.push(`  ${name}: graph committed p50 ${r1(x.p50)} / p95 ${r1(x.p95)} ms, the same graph two tasks later in ${x.same_after} checks; settled p50 ${r1(x.settled_p50)} / p95 ${r1(x.settled_p95)} ms (store update p50 ${r1(x.store_p50)} / p95 ${r1(x.store_p95)}, renderGraph() alone p50 ${r1(x.graph_p50)} / p95 ${r1(x.graph_p95)}), next frame p95 ${r1(x.paint_p95)} ms`);
  if (cmp) {
    const l = cmp.load;
    out.push(`Compare: the seek timeline (A, ${l.events.toLocaleString('en')} events) against kernel B ${l.b.profile} (${l.events_b.toLocaleString('en')} events), ${l.rows} steps differ`);
    out.push(`  load: alone ${l.alone.join(', ')} ms; compared ${l.compared.join(', ')} ms (median A done ${Math.round(l.a_done_ms)}, B done ${Math.round(l.b_done_ms)}, compared ${Math.round(l.result_ms)}); first comparison (B's worker started) ${Math.round(l.first_compare_ms)} ms`);
    const x = cmp.seek;
    out.push(`  seek: both graphs committed p50 ${r1(x.p50)} / p95 ${r1(x.p95)} ms (max ${r1(x.max)}), the same graphs two tasks later in ${x.same_after} checks; settled p95 ${r1(x.settled_p95)}; ringed nodes mounted at most ${x.rings_max}; nodes in both graphs p50 ${x.nodes_p50}, mounted p50 ${x.mounted_p50} max ${x.mounted_max}`);
  }
  const f = browser.frames;
  if (f) out.push(`Frames: ${scen.frame.events.toLocaleString('en')}-event scenario (50 sessions, 400 files, 6 handlers, 4 FLBs), playing at 256 ev/s: ${f.frames} frames, ${r1(f.fps)} fps, ${f.events_played} events played from the kexec, graph nodes ${f.graph_nodes.join(' -> ')} (mounted ${f.mounted_nodes.join(' -> ')}); idle p95 ${r1(f.idle_p95)} ms`);
  if (browser.first) out.push(`First graph: median of ${browser.first.times.length} cold loads: ${browser.first.times.map((t) => Math.round(t)).join(', ')} ms`);
  out.push(`Initial JS: ${js.rows.map((r) => `${r.file} ${r1(r.gz / 1000)} kB`).join(' + ')} (gzip -9, kB = 1000 B)`);
  out.push(`  by source: ${js.breakdown.slice(0, 10).map((b) => `${b.name} ${r1(b.gz / 1000)}`).join(', ')}`);
  if (links) out.push('Share link lengths (characters, base https://luoscope.example/):');
  const ll = Object.entries(result.link_lengths ?? {});
  for (let i = 0; i < ll.length; i += 3) out.push('  ' + ll.slice(i, i + 3).map(([k, v]) => `${k} ${v}`.padEnd(46)).join(''));
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

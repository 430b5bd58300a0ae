// Hooks for the browser benchmarks (bench/browser.mjs). Loaded on demand through
// `await window.luoscope.bench()`, so nothing here is in the first view's JavaScript.
// Timings are taken here, in the page, with performance.now(); nothing asserts on them.
import { project } from '../engine/projection';
import type { CompareKernel } from '../compare/config';
import { positionB, useCompare } from '../store/compare';
import { useLuo } from '../store/store';
import { viewAt } from '../store/timeline';
import { graphAt } from './graph/at';

/** A task queued behind whatever is pending now (MessageChannel: not clamped like setTimeout). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}

/** What the graph shows: its nodes (id, text, place), its edge paths and the view. */
function graphSignature(): string {
  const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => `${n.dataset.id}|${n.getAttribute('aria-label')}|${n.style.transform}`);
  // an edge by its two ends, to 1 px: React Flow re-measures a new node's handles a frame
  // later, with float noise at zoom 0.55 (498.000011 for 498, and a straight edge gets a 0 px bend)
  const edges = [...document.querySelectorAll('.react-flow__edge')].map((g) => {
    const n = (g.querySelector('path')?.getAttribute('d') ?? '').match(/-?[\d.]+/g)?.map((x) => Number(x).toFixed(0)) ?? [];
    return `${g.getAttribute('data-id')} ${n.slice(0, 2).join(',')} ${n.slice(-2).join(',')}`;
  });
  // every viewport: compare mode shows two graphs
  const views = [...document.querySelectorAll<HTMLElement>('.react-flow__viewport')].map((v) => `view ${v.style.transform}`);
  return [...nodes.sort(), ...edges.sort(), ...views].join('\n');
}

/** The lines of `b` that `a` does not have (what changed), at most 3. */
function changed(a: string, b: string): string[] {
  const had = new Set(a.split('\n'));
  const has = new Set(b.split('\n'));
  return [...b.split('\n').filter((l) => !had.has(l)).slice(0, 3).map((l) => `+ ${l}`), ...a.split('\n').filter((l) => !has.has(l)).slice(0, 3).map((l) => `- ${l}`)];
}

/**
 * `sync`: once React has committed what the store change scheduled. A store update from
 * outside React is a sync-lane render, flushed in a microtask together with its passive
 * effects (React Flow copies nodes into its own store there and re-renders synchronously)
 * and its layout effects (the view moves to another generation's lane there): the graph is
 * committed. `t`: two task hops later, when what those renders queued has run too (the
 * browser's frame, React Flow measuring new nodes, the deferred Explain and Events panels).
 * With `check`, also whether the graph after the hops is the one committed at `sync`.
 */
async function committed(check: boolean): Promise<{ t: number; sync: number; sameAfter: boolean | null; changedAfter: string[] }> {
  await Promise.resolve();
  const sync = performance.now();
  const atSync = check ? graphSignature() : '';
  await nextTask();
  await nextTask();
  const t = performance.now();
  const after = check ? graphSignature() : '';
  return { t, sync, sameAfter: check ? after === atSync : null, changedAfter: changed(atSync, after) };
}

/** After the frame that shows the change was produced. */
async function painted(): Promise<number> {
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  await nextTask();
  return performance.now();
}

export interface SeekTiming {
  /** request -> graph committed to the DOM (the synchronous render and commit: the graph, the
   * view's move, React Flow's store) */
  syncMs: number;
  /** request -> that, and what the commit queued has run (see committed()) */
  commitMs: number;
  /** with a check: the graph two tasks later is the one committed synchronously */
  sameAfter: boolean | null;
  /** and if not, what changed (a few lines of the signature) */
  changedAfter: string[];
  /** of which the store update (seek: checkpoint copy + replay) before React renders */
  storeMs: number;
  /** renderGraph() at that position on its own (structure -> React Flow nodes), timed apart */
  graphMs: number;
  /** request -> the next frame produced */
  paintMs: number;
  /** graph nodes the DOM shows, and how many renderGraph gives at that position */
  domNodes: number;
  expectedNodes: number;
}

function graphCheck(domNodes: number): { domNodes: number; expectedNodes: number; graphMs: number } {
  const s = useLuo.getState();
  if (s.status !== 'done') return { domNodes, expectedNodes: -1, graphMs: -1 };
  const t = performance.now();
  const expectedNodes = graphAt(s.timeline, s.view, s.cursor).nodes.length;
  return { domNodes, expectedNodes, graphMs: performance.now() - t };
}

async function timed(change: () => void, check: boolean): Promise<SeekTiming> {
  const t0 = performance.now();
  change();
  const ts = performance.now();
  const { t: t1, sync, sameAfter, changedAfter } = await committed(check);
  const domNodes = check ? document.querySelectorAll('.react-flow__node').length : -1;
  const t2 = await painted();
  const c = check ? graphCheck(domNodes) : { domNodes: -1, expectedNodes: -1, graphMs: -1 };
  return { commitMs: t1 - t0, syncMs: sync - t0, sameAfter, changedAfter, storeMs: ts - t0, paintMs: t2 - t0, ...c };
}

/** Jump with the store's seek (checkpoint + at most K-1 events replayed). */
export function benchSeek(pos: number, check = true): Promise<SeekTiming> {
  return timed(() => useLuo.getState().seek(pos), check);
}

/** The same jump computed by replaying every event from the start (for comparison). */
export function benchSeekNaive(pos: number, check = true): Promise<SeekTiming> {
  return timed(() => {
    const tl = useLuo.getState().timeline;
    const p = Math.max(0, Math.min(Math.round(pos), tl.events.length));
    useLuo.setState({ cursor: p, view: project(tl.events.slice(0, p)) });
  }, check);
}

/** Load a scenario; resolves once the worker's run is complete and the graph committed. */
export function loadScenario(obj: unknown): Promise<{ ms: number; events: number; status: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const finish = () => {
      unsub();
      const s = useLuo.getState();
      void committed(false).then(({ t }) => resolve({ ms: t - t0, events: s.timeline.events.length, status: s.status }));
    };
    const unsub = useLuo.subscribe((s) => {
      if (s.status === 'done' || s.status === 'failed') finish();
    });
    if (!useLuo.getState().load(obj, { source: 'bench' })) {
      unsub();
      reject(new Error(useLuo.getState().alert ?? 'invalid scenario'));
    }
  });
}

/** Timeline length, cursor, kexec positions, graph nodes (renderGraph) and those mounted in the DOM. */
export function timelineInfo(): { events: number; cursor: number; steps: number; status: string; kexecs: number[]; nodes: number; graphNodes: number } {
  const s = useLuo.getState();
  return {
    events: s.timeline.events.length,
    cursor: s.cursor,
    steps: s.scenario?.steps.length ?? 0,
    status: s.status,
    // positions just after each kexec's boot event
    kexecs: s.timeline.marks.kexec.map((i) => i + 1),
    nodes: document.querySelectorAll('.react-flow__node').length,
    graphNodes: s.status === 'done' ? graphAt(s.timeline, s.view, s.cursor).nodes.length : 0,
  };
}

/** Frame-to-frame times (ms) seen by requestAnimationFrame during `ms` milliseconds. */
export function recordFrames(ms: number): Promise<{ frames: number[]; cursorFrom: number; cursorTo: number }> {
  const cursorFrom = useLuo.getState().cursor;
  return new Promise((resolve) => {
    const frames: number[] = [];
    let last = -1;
    let start = -1;
    const tick = (t: number) => {
      if (start < 0) start = t;
      if (last >= 0) frames.push(t - last);
      last = t;
      if (t - start < ms) requestAnimationFrame(tick);
      else resolve({ frames, cursorFrom, cursorTo: useLuo.getState().cursor });
    };
    requestAnimationFrame(tick);
  });
}

// ---- compare mode (issue #14) ----

const graphIn = (side: 'A' | 'B') => document.querySelector(`[data-testid="compare-${side}"] .react-flow__node`) !== null;

/** Tasks until `ok()` holds (the lazy compare view's chunk, React Flow's first mount); never a timer. */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; !ok(); i++) {
    if (i > 20_000) throw new Error(`bench: ${what} never happened`);
    await nextTask();
  }
}

export interface LoadTiming {
  /** load -> everything done and the graph(s) committed and mounted */
  ms: number;
  /** load -> A's run done (the main store), and B's (-1 alone) */
  aMs: number;
  bMs: number;
  /** load -> the comparison computed (-1 alone) */
  resultMs: number;
  events: number;
  eventsB: number;
  rows: number;
  status: string;
}

/**
 * Load a scenario alone (b null: compare mode off) or compared with kernel b, as the app's
 * "open compared" does (openWith, then load). Resolves once A's run (and B's run and the
 * comparison) are done, the commit settled (two task hops) and the graph(s) have nodes.
 */
export function loadRun(obj: unknown, b: CompareKernel | null): Promise<LoadTiming> {
  if (b === null) useCompare.getState().stop();
  const t0 = performance.now();
  const run0 = useLuo.getState().runId;
  let aMs = -1;
  let bMs = -1;
  let resultMs = -1;
  return new Promise((resolve, reject) => {
    let finished = false;
    const check = () => {
      const a = useLuo.getState();
      const c = useCompare.getState();
      const now = performance.now() - t0;
      if (a.runId === run0) return; // not loading yet (openWith notifies first)
      if (a.status === 'done' && aMs < 0) aMs = now;
      if (b && c.status === 'done' && bMs < 0) bMs = now;
      if (b && c.result && resultMs < 0) resultMs = now;
      const failed = a.status === 'failed' || (b !== null && c.status === 'failed');
      if (finished || !(failed || (a.status === 'done' && (b === null || c.result)))) return;
      finished = true;
      u1();
      u2();
      void committed(false)
        .then(() => (failed ? undefined : until(() => (b ? graphIn('A') && graphIn('B') : document.querySelector('.react-flow__node') !== null), 'the graph mount')))
        .then(() => {
          const c2 = useCompare.getState();
          resolve({ ms: performance.now() - t0, aMs, bMs, resultMs, events: a.timeline.events.length, eventsB: b ? c2.timeline.events.length : 0, rows: c2.result?.rows.length ?? 0, status: failed ? `failed: ${a.alert ?? c2.failure}` : 'done' });
        }, reject);
    };
    const u1 = useLuo.subscribe(check);
    const u2 = useCompare.subscribe(check);
    if (b) useCompare.getState().openWith(b);
    if (!useLuo.getState().load(obj, { source: 'bench' })) {
      u1();
      u2();
      reject(new Error(useLuo.getState().alert ?? 'invalid scenario'));
    }
  });
}

export interface CompareSeekTiming extends SeekTiming {
  /** nodes drawn with a pink ring (both graphs) */
  rings: number;
}

/** Jump in compare mode: the store's seek; both graphs re-render in the same commit (B at its aligned position). */
export async function benchSeekCompare(pos: number, check = true): Promise<CompareSeekTiming> {
  const t0 = performance.now();
  useLuo.getState().seek(pos);
  const ts = performance.now();
  const { t: t1, sync, sameAfter, changedAfter } = await committed(check);
  const domNodes = check ? document.querySelectorAll('.react-flow__node').length : -1;
  const t2 = await painted();
  const out: CompareSeekTiming = { commitMs: t1 - t0, syncMs: sync - t0, sameAfter, changedAfter, storeMs: ts - t0, paintMs: t2 - t0, domNodes, expectedNodes: -1, graphMs: -1, rings: check ? document.querySelectorAll('.react-flow__node.luo-differs').length : -1 };
  if (!check) return out;
  const a = useLuo.getState();
  const c = useCompare.getState();
  const tg = performance.now();
  const pb = positionB(a.cursor);
  const vb = viewAt(c.timeline, pb);
  out.expectedNodes = graphAt(a.timeline, a.view, a.cursor).nodes.length + graphAt(c.timeline, vb, pb).nodes.length;
  out.graphMs = performance.now() - tg;
  return out;
}

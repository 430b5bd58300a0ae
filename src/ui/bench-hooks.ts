// Hooks for the browser benchmarks (bench/browser.bench.mjs). Loaded on demand through
// `await window.luoscope.bench()`, so nothing here is in the first view's JavaScript.
// Timings are taken here, in the page, with performance.now(); nothing asserts on them.
import { project } from '../engine/projection';
import { useLuo } from '../store/store';
import { graphAt } from './graph/at';

/** A task queued behind whatever is pending now (MessageChannel: not clamped like setTimeout). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}

/**
 * Resolves once React has committed what the store change scheduled. A store update from
 * outside React is a sync-lane render, flushed in a microtask together with its passive
 * effects (React Flow copies nodes into its own store there and re-renders synchronously);
 * two task hops also let anything those renders queued on the scheduler run first.
 */
async function committed(): Promise<{ t: number; sync: number }> {
  await Promise.resolve();
  const sync = performance.now();
  await nextTask();
  await nextTask();
  return { t: performance.now(), sync };
}

/** After the frame that shows the change was produced. */
async function painted(): Promise<number> {
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  await nextTask();
  return performance.now();
}

export interface SeekTiming {
  /** request -> graph committed to the DOM, and what that commit queued has run */
  commitMs: number;
  /** request -> the synchronous render and commit alone (graph, view move, React Flow's store) */
  syncMs: number;
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
  const { t: t1, sync } = await committed();
  const domNodes = check ? document.querySelectorAll('.react-flow__node').length : -1;
  const t2 = await painted();
  const c = check ? graphCheck(domNodes) : { domNodes: -1, expectedNodes: -1, graphMs: -1 };
  return { commitMs: t1 - t0, syncMs: sync - t0, storeMs: ts - t0, paintMs: t2 - t0, ...c };
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
      void committed().then(({ t }) => resolve({ ms: t - t0, events: s.timeline.events.length, status: s.status }));
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

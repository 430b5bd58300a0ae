// The graph at one position of the timeline: which entities show, faded or highlighted,
// with what text. Pure; the React layer only draws what this returns.
import { Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import type { LuoEvent } from '../../engine/events';
import type { FlbView, PastGeneration, SessionView, WorldView } from '../../engine/view';
import { cull, type Rect } from './cull';
import { ids, type Entity, type Structure } from './structure';

export type NodeStatus = 'live' | 'past' | 'gone';

export interface LuoNodeData extends Record<string, unknown> {
  type: Entity['type'];
  status: NodeStatus;
  title: string;
  lines: string[];
  /** an errno when the current step failed on this node */
  badge: string | null;
  /** changed by the current step */
  touched: boolean;
  /** a short accessible description */
  describe: string;
}

export interface LaneData extends Record<string, unknown> {
  title: string;
  current: boolean;
  ended: boolean;
  /** its nodes are not drawn (a long run shows the last two kernels only) */
  hidden: boolean;
}

const short = (s: string, n = 22) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function sessionLines(s: SessionView): string[] {
  const state = s.dir === 'outgoing' ? 'outgoing' : s.finished ? 'incoming · finished' : s.retrieved ? 'incoming · retrieved' : 'incoming · not retrieved';
  return [state, `${s.order.length} file${s.order.length === 1 ? '' : 's'}${s.open ? '' : s.dir === 'incoming' && s.retrieved ? ' · held, no fd' : ''}`];
}

function flbLines(f: FlbView): string[] {
  const inc = f.incoming.finished ? 'finished' : f.incoming.retrieved ? `retrieved, refs ${f.incoming.count}` : f.incoming.error ? `retrieve failed ${f.incoming.error}` : f.incoming.count ? `count ${f.incoming.count}` : '—';
  return [`outgoing count ${f.outgoing.count}`, `incoming ${inc}`, `${f.users} handler${f.users === 1 ? '' : 's'} linked`];
}

interface Lookup {
  sessions: Record<number, SessionView>;
  handlers: WorldView['handlers'];
  flbs: WorldView['flbs'];
}

function lookupFor(view: WorldView, gen: number): Lookup | null {
  if (gen === view.gen) return view;
  const p: PastGeneration | undefined = view.past.find((x) => x.gen === gen);
  return p ?? null;
}

function describeFd(view: WorldView, fd: number): string[] {
  const t = view.fds[fd];
  if (!t) return ['closed'];
  if (t.kind === 'device') return ['/dev/liveupdate'];
  if (t.kind === 'session') return [`session "${short(t.name, 18)}"`];
  const f = view.files[t.file];
  return [`${t.fileKind} #${t.file}`, f && f.data ? `"${short(f.data)}"` : '(empty)'];
}

/** The id of the latest session called `name` in generation `gen` before event `before` (a
 * backwards scan: only for a failed callback, which names its session by name). */
function sessionIdOf(events: readonly LuoEvent[], before: number, gen: number, name: string): number | undefined {
  for (let i = before - 1; i >= 0; i--) {
    const ev = events[i]!;
    if (ev.gen < gen) return undefined;
    if (ev.type === 'session_new' && ev.gen === gen && ev.name === name) return ev.sid;
  }
  return undefined;
}

/** Which node each event of the current step touched (in the order of their last touch: the
 * set's last node is the latest action), and where calls failed. */
export function touchedBy(events: readonly LuoEvent[], from: number, to: number): { touched: Set<string>; failed: Map<string, string> } {
  const touched = new Set<string>();
  const touch = (id: string) => {
    touched.delete(id);
    touched.add(id);
  };
  const failed = new Map<string, string>();
  for (let i = from; i < to; i++) {
    const ev = events[i]!;
    const g = ev.gen;
    switch (ev.type) {
      case 'session_new':
      case 'session_retrieved':
      case 'session_finished':
      case 'session_gone':
      case 'session_held':
        touch(ids.session(g, ev.sid));
        break;
      case 'file_preserved':
      case 'file_unpreserved':
      case 'file_serialized':
      case 'file_unserialized':
      case 'file_incoming':
      case 'file_retrieved':
      case 'file_finished':
        touch(ids.session(g, ev.sid));
        touch(ids.entry(g, ev.sid, String(ev.token)));
        break;
      case 'fd_open':
      case 'fd_close':
        touch(ids.fd(g, ev.fd));
        break;
      case 'flb':
      case 'flb_register':
      case 'flb_unregister':
        touch(ids.flb(g, ev.compatible));
        break;
      case 'handler_register':
      case 'handler_unregister':
        touch(ids.handler(g, ev.compatible));
        break;
      case 'callback': {
        const id = ev.owner === 'flb' ? ids.flb(g, ev.compatible) : ids.handler(g, ev.compatible);
        touch(id);
        if (ev.result !== undefined && ev.result !== 'ok' && ev.result !== true && ev.callback !== 'can_preserve') {
          // a handler callback failed on one file: the badge goes on that file, not the handler
          const sid = ev.owner !== 'flb' && ev.session !== undefined && ev.token !== undefined ? sessionIdOf(events, i, g, ev.session) : undefined;
          failed.set(sid !== undefined ? ids.entry(g, sid, String(ev.token)) : id, ev.result === false ? 'false' : ev.result);
        }
        break;
      }
      case 'handover':
        touch(ids.handover(g));
        break;
      case 'result':
        if (ev.result !== 'ok' && ev.on) {
          if (ev.on.sid !== undefined) failed.set(ids.session(g, ev.on.sid), ev.result);
          if (ev.on.fd !== undefined) failed.set(ids.fd(g, ev.on.fd), ev.result);
          if (ev.on.flb !== undefined) failed.set(ids.flb(g, ev.on.flb), ev.result);
        }
        break;
      default:
        break;
    }
  }
  return { touched, failed };
}

function content(e: Entity, view: WorldView, look: Lookup): { title: string; lines: string[]; exists: boolean } {
  switch (e.type) {
    case 'fd':
      return { title: e.label, lines: e.gen === view.gen ? describeFd(view, e.key.fd!) : ['gone at kexec'], exists: e.gen === view.gen && view.fds[e.key.fd!] !== undefined };
    case 'session': {
      const s = look.sessions[e.key.sid!];
      return { title: `"${short(e.label)}"`, lines: s ? sessionLines(s) : ['closed'], exists: !!s };
    }
    case 'entry': {
      const s = look.sessions[e.key.sid!];
      const f = s?.files[e.key.token!];
      if (!f) return { title: e.label, lines: ['gone'], exists: false };
      const held = f.file !== null && e.gen === view.gen ? view.files[f.file] : undefined;
      const state = f.state === 'retrieve_failed' ? `retrieve failed ${f.error}` : f.state;
      return { title: `${e.label} · ${f.handler}`, lines: [state, held?.data ? `"${short(held.data)}"` : `data ${f.data}`], exists: true };
    }
    case 'handler': {
      const h = look.handlers[e.key.compatible!];
      return { title: e.label, lines: h ? [`module ${h.module}`, `accepts ${h.accepts.join(', ')}`] : ['unregistered'], exists: !!h };
    }
    case 'flb': {
      const f = look.flbs[e.key.compatible!];
      return { title: e.label, lines: f ? flbLines(f) : ['—'], exists: !!f && (f.registered || f.outgoing.count !== 0 || f.incoming.retrieved) };
    }
    case 'handover': {
      const past = view.past.find((p) => p.gen === e.gen);
      const img = past?.handover ?? (e.gen === view.gen ? view.handover : null);
      if (!img) return { title: e.label, lines: [], exists: true };
      const files = img.sessions.reduce((n, s) => n + s.files.length, 0);
      return { title: e.label, lines: [`${img.sessions.length} session${img.sessions.length === 1 ? '' : 's'}, ${files} file${files === 1 ? '' : 's'}`, `${img.flbs?.length ?? 0} FLB entr${img.flbs?.length === 1 ? 'y' : 'ies'}`, img.format], exists: true };
    }
  }
}

/** Size known up front (`measured`): React Flow then never has to measure a node before drawing it. */
function sized(w: number, h: number) {
  return { width: w, height: h, measured: { width: w, height: h }, style: { width: w, height: h } };
}

/** Where nodes.tsx draws its two 6 px handles (inside the 2 px border, centred on it), so React
 * Flow reads the edge ends from here rather than measuring the DOM each time a node changes. */
function handlesOf(w: number, h: number): NodeHandle[] {
  return [
    { type: 'target', position: Position.Left, x: -1, y: h / 2 - 3, width: 6, height: 6 },
    { type: 'source', position: Position.Right, x: w - 5, y: h / 2 - 3, width: 6, height: 6 },
  ];
}

/** Every node leaves the Tab order but one: GraphView gives the graph's one Tab stop to a node
 * (roving.ts), and arrow keys move it. */
const ROVING_OUT = { tabIndex: -1 };
export const ROVING_IN = { tabIndex: 0 };

/** The last node object drawn for each entity of a structure: reused while its data is equal,
 * so React Flow and the memoized node components skip what did not change between positions. */
const drawn = new WeakMap<Structure, Map<string, Node>>();
/** Above this many entities only the current and the previous generation show their nodes. */
export const MANY = 800;
const drawnEdges = new WeakMap<Structure, Map<string, Edge>>();
const lastEdges = new WeakMap<Structure, Edge[]>();

function sameData(a: LuoNodeData, b: LuoNodeData): boolean {
  return a.status === b.status && a.title === b.title && a.badge === b.badge && a.touched === b.touched && a.lines.length === b.lines.length && a.lines.every((l, i) => l === b.lines[i]);
}

function reuse(st: Structure, id: string, data: LuoNodeData): Node | null {
  const prev = drawn.get(st)?.get(id);
  return prev && sameData(prev.data as LuoNodeData, data) ? prev : null;
}

function remember(st: Structure, n: Node): Node {
  let m = drawn.get(st);
  if (!m) drawn.set(st, (m = new Map()));
  m.set(n.id, n);
  return n;
}

/** The graph at the cursor. With `area` (a big graph), only the entities near it get nodes
 * (cull.ts), so a seek builds the text of tens of nodes, not of every entity of the run. */
export function renderGraph(st: Structure, view: WorldView, cursor: number, marks: { touched: Set<string>; failed: Map<string, string> }, area: Rect | null = null, hideGone = false): { nodes: Node[]; edges: Edge[] } {
  const nodes: Node[] = [];
  for (const lane of st.lanes) {
    if (lane.gen > view.gen) continue;
    const data: LaneData = { title: lane.title, current: lane.gen === view.gen, ended: lane.gen < view.gen, hidden: st.entities.size > MANY && lane.gen < view.gen - 1 };
    const id = `lane/${lane.gen}`;
    const prev = drawn.get(st)?.get(id)?.data as LaneData | undefined;
    const same = prev && prev.title === data.title && prev.current === data.current && prev.ended === data.ended && prev.hidden === data.hidden;
    nodes.push(same ? drawn.get(st)!.get(id)! : remember(st, { id, type: 'lane', position: { x: lane.box.x, y: lane.box.y }, data, ...sized(lane.box.w, lane.box.h), handles: [], selectable: false, draggable: false, focusable: false, zIndex: -1 }));
  }
  // which entities are there at the cursor (no text yet); a long run: the lanes older than the
  // previous kernel keep their frame but not their nodes
  const oldest = st.entities.size > MANY ? view.gen - 1 : -Infinity;
  const looks = new Map<number, Lookup | null>();
  const lookup = (gen: number) => (looks.has(gen) ? looks.get(gen)! : looks.set(gen, lookupFor(view, gen)).get(gen)!);
  const present: Entity[] = [];
  const here = new Set<string>();
  for (const e of st.entities.values()) {
    if (e.first >= cursor || e.gen > view.gen || (e.gen < oldest && e.type !== 'handover') || !lookup(e.gen)) continue;
    present.push(e);
    here.add(e.id);
  }
  let defs = st.edges.filter((d) => d.first < cursor && here.has(d.source) && here.has(d.target));
  let shown = here;
  if (area) ({ ids: shown, edges: defs } = cull(present.map((e) => e.id), (id) => st.pos.get(id)!, defs, area));
  const hidden = new Set<string>();
  for (const e of present) {
    if (!shown.has(e.id)) continue;
    const c = content(e, view, lookup(e.gen)!);
    const status: NodeStatus = !c.exists ? 'gone' : e.gen < view.gen && e.type !== 'handover' ? 'past' : 'live';
    if (hideGone && status === 'gone') {
      hidden.add(e.id);
      continue;
    }
    const box = st.pos.get(e.id)!;
    const data: LuoNodeData = {
      type: e.type,
      status,
      title: c.title,
      lines: c.lines,
      badge: marks.failed.get(e.id) ?? null,
      touched: marks.touched.has(e.id),
      describe: `${e.type === 'entry' ? 'preserved file' : e.type === 'flb' ? 'FLB' : e.type} ${c.title}${status === 'gone' ? ' (gone)' : ''}: ${c.lines.join(', ')}`,
    };
    nodes.push(reuse(st, e.id, data) ?? remember(st, { id: e.id, type: 'luo', position: { x: box.x, y: box.y }, data, ...sized(box.w, box.h), handles: handlesOf(box.w, box.h), draggable: false, ariaLabel: data.describe, domAttributes: ROVING_OUT }));
  }
  let edges: Edge[] = [];
  let reused = 0;
  // no edge labels: an FLB's counts are on its own node (a label would be measured with
  // getBBox() each time it mounts, which forces a layout per edge)
  if (hidden.size) defs = defs.filter((d) => !hidden.has(d.source) && !hidden.has(d.target));
  for (const d of defs) {
    const prev = drawnEdges.get(st)?.get(d.id);
    if (prev) {
      edges.push(prev);
      reused++;
      continue;
    }
    // edges are drawn only: not selected, not a Tab stop, no wide hit path (one DOM path per edge)
    const edge: Edge = { id: d.id, source: d.source, target: d.target, className: `luo-edge luo-edge-${d.type}`, ariaLabel: `${d.type} ${d.source} to ${d.target}`, selectable: false, focusable: false, interactionWidth: 0 };
    let m = drawnEdges.get(st);
    if (!m) drawnEdges.set(st, (m = new Map()));
    m.set(d.id, edge);
    edges.push(edge);
  }
  // the same edges as last time: hand React Flow the same array, so it keeps its lookup
  const last = lastEdges.get(st);
  if (last && reused === edges.length && last.length === edges.length && last.every((e, i) => e === edges[i])) edges = last;
  else lastEdges.set(st, edges);
  return { nodes, edges };
}

// The graph's structure over the whole run: every entity that ever exists, every edge
// between them, and one layout computed once, so nodes never move while scrubbing.
import type { LuoEvent } from '../../engine/events';
import { layered } from './layered';

export type EntityType = 'fd' | 'session' | 'entry' | 'handler' | 'flb' | 'handover';
export type EdgeType = 'fd' | 'owns' | 'handles' | 'depends' | 'crosses';

export interface Entity {
  id: string;
  type: EntityType;
  gen: number;
  /** index of the event where it first appears */
  first: number;
  label: string;
  /** session id / token / compatible: what the view is looked up by */
  key: { sid?: number; token?: string; compatible?: string; fd?: number };
}

export interface EdgeDef {
  id: string;
  type: EdgeType;
  source: string;
  target: string;
  first: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Lane {
  gen: number;
  box: Box;
  title: string;
}

export interface Structure {
  entities: Map<string, Entity>;
  edges: EdgeDef[];
  pos: Map<string, Box>;
  lanes: Lane[];
}

/** Text of 12 px and more (nodes.tsx) at READABLE_ZOOM (camera.ts) or above is 11 px or more on screen. */
export const SIZE: Record<EntityType, { w: number; h: number }> = {
  fd: { w: 180, h: 76 },
  session: { w: 210, h: 76 },
  entry: { w: 220, h: 76 },
  handler: { w: 210, h: 76 },
  flb: { w: 220, h: 92 },
  handover: { w: 200, h: 92 },
};

export const ids = {
  fd: (gen: number, fd: number) => `g${gen}/fd/${fd}`,
  session: (gen: number, sid: number) => `g${gen}/s/${sid}`,
  entry: (gen: number, sid: number, token: string) => `g${gen}/s/${sid}/t/${token}`,
  handler: (gen: number, c: string) => `g${gen}/h/${c}`,
  flb: (gen: number, c: string) => `g${gen}/flb/${c}`,
  handover: (gen: number) => `handover/${gen}`,
};

const LANE_PAD = 40;
const LANE_GAP = 150;
/** Above this many entities a lane gets a plain column per type (layered.ts would be slow). */
const LAYERED_LIMIT = 1200;

export function buildStructure(events: readonly LuoEvent[]): Structure {
  const entities = new Map<string, Entity>();
  const edges = new Map<string, EdgeDef>();
  const lanesMeta = new Map<number, string>();
  /** per gen: struct file id -> entry id holding it */
  const fileEntry = new Map<string, string>();
  /** per gen: session name -> latest outgoing session entity id */
  const outgoingByName = new Map<string, string>();

  const add = (e: Omit<Entity, 'first'>, i: number) => {
    if (!entities.has(e.id)) entities.set(e.id, { ...e, first: i });
  };
  const link = (type: EdgeType, source: string, target: string, i: number) => {
    const id = `${type}:${source}->${target}`;
    if (!edges.has(id)) edges.set(id, { id, type, source, target, first: i });
  };

  events.forEach((ev, i) => {
    const g = ev.gen;
    switch (ev.type) {
      case 'boot':
        lanesMeta.set(g, `gen ${g} · ${ev.profile}${ev.patches.length ? '+' + ev.patches.length + ' patch' : ''} · ${ev.incoming === 'found' ? `live update #${ev.liveupdateNum}` : 'cold boot'}${ev.liveupdate ? '' : ' · LUO off'}`);
        break;
      case 'handler_register':
        if (ev.result === 'ok') add({ id: ids.handler(g, ev.compatible), type: 'handler', gen: g, label: ev.compatible, key: { compatible: ev.compatible } }, i);
        break;
      case 'flb_register':
        add({ id: ids.flb(g, ev.compatible), type: 'flb', gen: g, label: ev.compatible, key: { compatible: ev.compatible } }, i);
        if (ev.result === 'ok') link('depends', ids.handler(g, ev.handler), ids.flb(g, ev.compatible), i);
        break;
      case 'session_new': {
        const id = ids.session(g, ev.sid);
        add({ id, type: 'session', gen: g, label: ev.name, key: { sid: ev.sid } }, i);
        if (ev.dir === 'outgoing') outgoingByName.set(`${g}/${ev.name}`, id);
        else if (g > 0) link('crosses', ids.handover(g - 1), id, i);
        break;
      }
      case 'file_preserved':
      case 'file_incoming': {
        const token = String(ev.token);
        const id = ids.entry(g, ev.sid, token);
        add({ id, type: 'entry', gen: g, label: `token ${token}`, key: { sid: ev.sid, token } }, i);
        link('owns', ids.session(g, ev.sid), id, i);
        link('handles', id, ids.handler(g, ev.handler), i);
        if (ev.type === 'file_preserved') fileEntry.set(`${g}/${ev.file}`, id);
        break;
      }
      case 'file_retrieved':
        if (ev.result === 'ok' && ev.file !== undefined) fileEntry.set(`${g}/${ev.file}`, ids.entry(g, ev.sid, String(ev.token)));
        break;
      case 'fd_open': {
        const id = ids.fd(g, ev.fd);
        add({ id, type: 'fd', gen: g, label: `fd ${ev.fd}`, key: { fd: ev.fd } }, i);
        if (ev.target.kind === 'session') link('fd', id, ids.session(g, ev.target.sid), i);
        break;
      }
      case 'handover': {
        const id = ids.handover(g);
        add({ id, type: 'handover', gen: g, label: `${ev.image.compatible} #${ev.image.liveupdateNum}`, key: {} }, i);
        for (const s of ev.image.sessions) {
          const from = outgoingByName.get(`${g}/${s.name}`);
          if (from) link('crosses', from, id, i);
        }
        break;
      }
      default:
        break;
    }
  });

  // fd -> preserved entry edges: an fd whose file is held by a session entry
  events.forEach((ev, i) => {
    if (ev.type === 'fd_open' && ev.target.kind === 'file') {
      const entry = fileEntry.get(`${ev.gen}/${ev.target.file}`);
      if (entry) link('fd', ids.fd(ev.gen, ev.fd), entry, i);
    }
  });
  const edgeList = [...edges.values()].filter((e) => entities.has(e.source) && entities.has(e.target));
  const { pos, lanes } = layout(entities, edgeList, lanesMeta);
  return { entities, edges: edgeList, pos, lanes };
}

const RANK: Record<EntityType, number> = { fd: 0, session: 1, entry: 2, handler: 3, flb: 4, handover: 5 };

/** `edges`: those that start in this lane (grouped once: a filter per lane was quadratic in kexecs). */
function layoutLane(members: Entity[], edges: readonly EdgeDef[]): Map<string, Box> {
  const pos = new Map<string, Box>();
  if (members.length <= LAYERED_LIMIT) {
    const inLane = new Set(members.map((m) => m.id));
    const links = edges.filter((e) => inLane.has(e.source) && inLane.has(e.target)).map((e) => [e.source, e.target] as const);
    return layered(members.map((m) => ({ id: m.id, ...SIZE[m.type] })), links, { nodesep: 16, ranksep: 56 });
  }
  // large lanes: one column per entity type, in order of appearance
  const colY = new Map<number, number>();
  for (const m of members) {
    const r = RANK[m.type];
    const y = colY.get(r) ?? 0;
    pos.set(m.id, { x: r * 270, y, ...{ w: SIZE[m.type].w, h: SIZE[m.type].h } });
    colY.set(r, y + SIZE[m.type].h + 14);
  }
  return pos;
}

function layout(entities: Map<string, Entity>, edges: EdgeDef[], lanesMeta: Map<number, string>): { pos: Map<string, Box>; lanes: Lane[] } {
  // lanes stack top to bottom, one per generation; the handover image sits in the gap
  const gens = [...lanesMeta.keys()].sort((a, b) => a - b);
  const pos = new Map<string, Box>();
  const lanes: Lane[] = [];
  // members and edges by generation, in one pass each (not a scan of the whole run per lane)
  const byGen = new Map<number, Entity[]>();
  for (const e of entities.values()) {
    if (e.type === 'handover') continue;
    const list = byGen.get(e.gen);
    if (list) list.push(e);
    else byGen.set(e.gen, [e]);
  }
  const edgesByGen = new Map<number, EdgeDef[]>();
  for (const e of edges) {
    const gen = entities.get(e.source)?.gen;
    if (gen === undefined) continue;
    const list = edgesByGen.get(gen);
    if (list) list.push(e);
    else edgesByGen.set(gen, [e]);
  }
  let y = 0;
  for (const gen of gens) {
    const local = layoutLane(byGen.get(gen) ?? [], edgesByGen.get(gen) ?? []);
    let w = 320;
    let h = 60;
    for (const b of local.values()) {
      w = Math.max(w, b.x + b.w);
      h = Math.max(h, b.y + b.h);
    }
    for (const [id, b] of local) pos.set(id, { ...b, x: b.x + LANE_PAD, y: b.y + y + LANE_PAD + 20 });
    const box = { x: 0, y, w: w + 2 * LANE_PAD, h: h + 2 * LANE_PAD + 20 };
    lanes.push({ gen, box, title: lanesMeta.get(gen)! });
    y += box.h + LANE_GAP;
  }
  let maxW = 0;
  for (const l of lanes) maxW = Math.max(maxW, l.box.w);
  for (const l of lanes) {
    l.box.w = maxW;
    const ho = entities.get(ids.handover(l.gen));
    if (ho) pos.set(ho.id, { x: LANE_PAD + 200, y: l.box.y + l.box.h + (LANE_GAP - SIZE.handover.h) / 2, w: SIZE.handover.w, h: SIZE.handover.h });
  }
  return { pos, lanes };
}

export type NodeRef =
  | { type: 'fd'; gen: number; fd: number }
  | { type: 'session'; gen: number; sid: number }
  | { type: 'entry'; gen: number; sid: number; token: string }
  | { type: 'handler'; gen: number; compatible: string }
  | { type: 'flb'; gen: number; compatible: string }
  | { type: 'handover'; gen: number };

/** The inverse of ids.*: what a node id refers to. */
export function parseNodeId(id: string): NodeRef | null {
  let m = /^handover\/(\d+)$/.exec(id);
  if (m) return { type: 'handover', gen: Number(m[1]) };
  m = /^g(\d+)\/(fd|s|h|flb)\/(.+)$/.exec(id);
  if (!m) return null;
  const gen = Number(m[1]);
  const rest = m[3]!;
  switch (m[2]) {
    case 'fd':
      return { type: 'fd', gen, fd: Number(rest) };
    case 'h':
      return { type: 'handler', gen, compatible: rest };
    case 'flb':
      return { type: 'flb', gen, compatible: rest };
    default: {
      const t = /^(\d+)\/t\/(.+)$/.exec(rest);
      return t ? { type: 'entry', gen, sid: Number(t[1]), token: t[2]! } : { type: 'session', gen, sid: Number(rest) };
    }
  }
}

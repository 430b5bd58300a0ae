// The run as a sequence of calls, the way kernel developers read LUO: userspace ioctl → LUO
// core → session → handler callback → FLB callback, and each return (with its errno). Pure:
// rows derived from the events once per run length, then read by the virtualized view.
import type { LuoEvent } from '../../engine/events';

export interface Lifeline {
  key: string;
  kind: 'agent' | 'core' | 'session' | 'handler' | 'flb';
  label: string;
}

export interface Row {
  /** the event this row shows (click: the cursor goes just after it) */
  event: number;
  kind: 'call' | 'return' | 'note' | 'kexec';
  /** lifeline indices; a note or a kexec band: from === to */
  from: number;
  to: number;
  label: string;
  /** an errno (or false) on a return */
  error: string | null;
  /** the file it concerns ("<gen>/<session>/<token>"), for the file filter */
  file: string | null;
}

export interface Sequence {
  lifelines: Lifeline[];
  rows: Row[];
  /** rows' event indices, ascending (rows are in event order): binary search by cursor */
  events: Int32Array;
}

const isFail = (r: unknown) => r !== undefined && r !== 'ok' && r !== true;

export function buildSequence(events: readonly LuoEvent[]): Sequence {
  const lifelines: Lifeline[] = [
    { key: 'agent', kind: 'agent', label: 'agent (userspace)' },
    { key: 'core', kind: 'core', label: 'LUO core' },
  ];
  const index = new Map<string, number>([
    ['agent', 0],
    ['core', 1],
  ]);
  const line = (key: string, kind: Lifeline['kind'], label: string) => {
    let i = index.get(key);
    if (i === undefined) {
      i = lifelines.length;
      index.set(key, i);
      lifelines.push({ key, kind, label });
    }
    return i;
  };
  const names = new Map<string, string>(); // "<gen>/<sid>" -> session name
  const session = (gen: number, name: string) => line(`s:${gen}:${name}`, 'session', `session "${name}" · gen ${gen}`);
  const sessionOf = (gen: number, sid: number) => session(gen, names.get(`${gen}/${sid}`) ?? `#${sid}`);
  const rows: Row[] = [];
  const push = (r: Row) => rows.push(r);
  events.forEach((ev, i) => {
    const g = ev.gen;
    switch (ev.type) {
      case 'boot':
        if (g > 0) push({ event: i, kind: 'kexec', from: 0, to: 0, label: `kexec → gen ${g} (${ev.profile}${ev.incoming === 'found' ? `, live update #${ev.liveupdateNum}` : ''})`, error: null, file: null });
        break;
      case 'step':
        push({ event: i, kind: 'call', from: 0, to: 1, label: `[${ev.step + 1}] ${ev.text}`, error: null, file: null });
        break;
      case 'result':
        push({ event: i, kind: 'return', from: 1, to: 0, label: ev.result === 'ok' ? 'ok' : String(ev.result), error: ev.result === 'ok' ? null : String(ev.result), file: null });
        break;
      case 'session_new':
        names.set(`${g}/${ev.sid}`, ev.name);
        push({ event: i, kind: 'call', from: 1, to: session(g, ev.name), label: `${ev.dir === 'incoming' ? 'deserialize' : 'create'} session`, error: null, file: null });
        break;
      case 'session_retrieved':
      case 'session_finished':
      case 'session_gone':
      case 'session_held':
        push({ event: i, kind: 'call', from: 1, to: sessionOf(g, ev.sid), label: ev.type.replace('session_', ''), error: ev.type === 'session_held' ? String(ev.result) : null, file: null });
        break;
      case 'file_preserved':
      case 'file_unpreserved':
      case 'file_serialized':
      case 'file_unserialized':
      case 'file_incoming':
      case 'file_retrieved':
      case 'file_finished': {
        const s = sessionOf(g, ev.sid);
        const failed = ev.type === 'file_retrieved' && ev.result !== 'ok';
        push({ event: i, kind: 'note', from: s, to: s, label: `token ${String(ev.token)} ${ev.type.replace('file_', '')}${failed ? ` ${ev.result}` : ''}`, error: failed ? String(ev.result) : null, file: `${g}/${names.get(`${g}/${ev.sid}`) ?? ev.sid}/${String(ev.token)}` });
        break;
      }
      case 'callback': {
        const callee = ev.owner === 'flb' ? line(`f:${ev.compatible}`, 'flb', `FLB ${ev.compatible}`) : line(`h:${ev.compatible}`, 'handler', `handler ${ev.compatible}`);
        const caller = ev.session !== undefined ? session(g, ev.session) : 1;
        const file = ev.session !== undefined && ev.token !== undefined ? `${g}/${ev.session}/${String(ev.token)}` : null;
        const args = ev.token !== undefined ? `token ${String(ev.token)}` : '';
        push({ event: i, kind: 'call', from: caller, to: callee, label: `${ev.callback}(${args})${ev.injected ? ' [injected]' : ''}`, error: null, file });
        const r = ev.result;
        const error = isFail(r) && ev.callback !== 'can_preserve' ? String(r) : null;
        push({ event: i, kind: 'return', from: callee, to: caller, label: r === undefined ? 'return' : String(r), error, file });
        break;
      }
      default:
        break;
    }
  });
  return { lifelines, rows, events: Int32Array.from(rows, (r) => r.event) };
}

/** The last row at or before the cursor (position p: events 0..p-1 applied), or -1. */
export function rowAtCursor(seq: { events: Int32Array }, cursor: number): number {
  let lo = 0;
  let hi = seq.events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seq.events[mid]! <= cursor - 1) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export type SequenceFilter = { kind: 'all' } | { kind: 'line'; line: number } | { kind: 'file'; file: string };

/** The rows one filter keeps (kexec bands always stay). */
export function filterRows(seq: Sequence, f: SequenceFilter): Sequence {
  if (f.kind === 'all') return seq;
  const rows = seq.rows.filter((r) => r.kind === 'kexec' || (f.kind === 'line' ? r.from === f.line || r.to === f.line : r.file === f.file));
  return { lifelines: seq.lifelines, rows, events: Int32Array.from(rows, (r) => r.event) };
}

const cache = new WeakMap<readonly LuoEvent[], { len: number; seq: Sequence }>();
/** buildSequence, once per run length. */
export function sequenceOf(events: readonly LuoEvent[]): Sequence {
  const hit = cache.get(events);
  if (hit && hit.len === events.length) return hit.seq;
  const seq = buildSequence(events);
  cache.set(events, { len: events.length, seq });
  return seq;
}

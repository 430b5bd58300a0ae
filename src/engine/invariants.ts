// SPEC §6 invariants, checked after every step and reported, never fixed.
import type { LuoEvent, TokenOut } from './events';
import type { Handler, Kernel } from './kernel';

export interface Violation {
  step: number;
  rule: string;
  message: string;
}

export interface InvariantState {
  /** per FLB: preserve()/unpreserve() calls and 0->1 / 1->0 transitions of the outgoing count */
  flbOut: Map<string, { last: number; up: number; down: number; preserves: number; unpreserves: number }>;
  /** per generation and FLB: finish() calls */
  finishes: Map<string, number>;
  /** outgoing preserved files per handler, kept from the events (not from flb.ts's counts) */
  perHandler: Map<Handler, number>;
  /** which handler holds each outgoing file, by `${sid}/${token}` */
  holder: Map<string, Handler>;
  outgoingSids: Set<number>;
  /** outgoing preserved files per inode, and the inode of each, from the events */
  perInode: Map<number, number>;
  inodeOf: Map<string, number>;
}

export function newInvariantState(): InvariantState {
  return { flbOut: new Map(), finishes: new Map(), perHandler: new Map(), holder: new Map(), outgoingSids: new Set(), perInode: new Map(), inodeOf: new Map() };
}

type Found = { rule: string; message: string };

const NO_NAMES: ReadonlySet<string> = new Set();
const NO_ADDED: readonly { sid: number; token: TokenOut }[] = [];
const NO_FILES: readonly number[] = [];

/** What a step's events touched: the invariants only look there (the rest cannot have changed).
 * Most steps touch none of it: nothing is allocated for them (this runs after every step). */
function touched(events: LuoEvent[]): { flbs: ReadonlySet<string>; added: readonly { sid: number; token: TokenOut }[]; preserved: readonly number[] } {
  let flbs: Set<string> | null = null;
  let added: { sid: number; token: TokenOut }[] | null = null;
  let preserved: number[] | null = null;
  for (const ev of events) {
    if (ev.type === 'flb' || ev.type === 'flb_register' || ev.type === 'flb_unregister') (flbs ??= new Set()).add(ev.compatible);
    if (ev.type === 'handler_unregister' || ev.type === 'boot') (flbs ??= new Set()).add('*');
    if (ev.type === 'file_preserved') {
      (added ??= []).push({ sid: ev.sid, token: ev.token });
      (preserved ??= []).push(ev.file);
    }
    if (ev.type === 'file_incoming') (added ??= []).push({ sid: ev.sid, token: ev.token });
  }
  return { flbs: flbs ?? NO_NAMES, added: added ?? NO_ADDED, preserved: preserved ?? NO_FILES };
}

export function checkInvariants(k: Kernel, st: InvariantState, events: LuoEvent[]): Found[] {
  // the kernel's pending violations first (taken over, not copied)
  const out: Found[] = k.pendingViolations.length ? k.pendingViolations : [];
  if (out.length) k.pendingViolations = [];
  let seen: Set<string> | null = null;
  for (const ev of events) {
    if (ev.type === 'boot') {
      st.flbOut.clear();
      st.perHandler.clear();
      st.holder.clear();
      st.outgoingSids.clear();
      st.perInode.clear();
      st.inodeOf.clear();
    }
    countOutgoingFiles(k, st, ev);
    if (ev.type === 'flb' && ev.side === 'outgoing') {
      const c = st.flbOut.get(ev.compatible) ?? { last: 0, up: 0, down: 0, preserves: 0, unpreserves: 0 };
      if (c.last === 0 && ev.count > 0) c.up++;
      if (c.last > 0 && ev.count === 0) c.down++;
      c.last = ev.count;
      st.flbOut.set(ev.compatible, c);
      (seen ??= new Set()).add(ev.compatible);
    }
    if (ev.type === 'callback' && ev.owner === 'flb') {
      const c = st.flbOut.get(ev.compatible) ?? { last: 0, up: 0, down: 0, preserves: 0, unpreserves: 0 };
      if (ev.callback === 'preserve' && ev.result === 'ok') c.preserves++;
      if (ev.callback === 'unpreserve') c.unpreserves++;
      st.flbOut.set(ev.compatible, c);
      (seen ??= new Set()).add(ev.compatible);
      if (ev.callback === 'finish') {
        const key = `${ev.gen}/${ev.compatible}`;
        const n = (st.finishes.get(key) ?? 0) + 1;
        st.finishes.set(key, n);
        if (n > 1) out.push({ rule: 'flb-finish-once', message: `FLB ${ev.compatible} finish() ran ${n} times in generation ${ev.gen}` });
      }
    }
  }
  for (const compat of seen ?? NO_NAMES) {
    const c = st.flbOut.get(compat)!;
    if (c.up !== c.preserves)
      out.push({ rule: 'flb-preserve-once', message: `FLB ${compat}: preserve() ran ${c.preserves} times for ${c.up} transitions 0→1` });
    if (c.down !== c.unpreserves)
      out.push({ rule: 'flb-unpreserve-once', message: `FLB ${compat}: unpreserve() ran ${c.unpreserves} times for ${c.down} transitions 1→0` });
    c.up = c.preserves = Math.min(c.up, c.preserves);
    c.down = c.unpreserves = Math.min(c.down, c.unpreserves);
  }
  if (!k.halted) {
    const t = touched(events);
    flbCounts(k, st, t.flbs, out);
    flbFinishAfterFiles(k, t.flbs, out);
    uniqueTokens(k, t.added, out);
    oneSessionPerFile(k, st, t.preserved, out);
  }
  return out;
}

/** Follow preserved files in outgoing sessions per handler, from the events alone. */
function countOutgoingFiles(k: Kernel, st: InvariantState, ev: LuoEvent): void {
  if (ev.type === 'session_new' && ev.dir === 'outgoing') st.outgoingSids.add(ev.sid);
  if (ev.type === 'file_preserved') {
    const key = `${ev.sid}/${String(ev.token)}`;
    const inode = k.agent.files.get(ev.file)?.inode;
    if (inode !== undefined) {
      st.inodeOf.set(key, inode);
      st.perInode.set(inode, (st.perInode.get(inode) ?? 0) + 1);
    }
    const h = k.handlers.find((x) => x.compatible === ev.handler);
    if (!h) return;
    st.holder.set(key, h);
    st.perHandler.set(h, (st.perHandler.get(h) ?? 0) + 1);
  }
  // unpreserved, or finished while still outgoing (no session-kind check before latest)
  if (ev.type === 'file_unpreserved' || (ev.type === 'file_finished' && st.outgoingSids.has(ev.sid))) {
    const key = `${ev.sid}/${String(ev.token)}`;
    const inode = st.inodeOf.get(key);
    if (inode !== undefined) {
      st.inodeOf.delete(key);
      st.perInode.set(inode, (st.perInode.get(inode) ?? 1) - 1);
    }
    const h = st.holder.get(key);
    if (!h) return;
    st.holder.delete(key);
    st.perHandler.set(h, (st.perHandler.get(h) ?? 1) - 1);
  }
}

function flbCounts(k: Kernel, st: InvariantState, which: ReadonlySet<string>, out: Found[]): void {
  if (which.size === 0) return;
  for (const flb of k.flbs.values()) {
    if (!which.has('*') && !which.has(flb.compatible)) continue;
    if (!flb.registered && flb.outgoing.count === 0) continue;
    let files = 0;
    for (const [h, n] of st.perHandler) if (h.flbs.includes(flb)) files += n;
    const expected = files + flb.outgoing.refs;
    if (flb.outgoing.count !== expected)
      out.push({ rule: 'flb-outgoing-count', message: `FLB ${flb.compatible}: outgoing count ${flb.outgoing.count}, but ${files} preserved files of linked handlers${flb.outgoing.refs ? ` + ${flb.outgoing.refs} references` : ''}` });
  }
}

function flbFinishAfterFiles(k: Kernel, which: ReadonlySet<string>, out: Found[]): void {
  if (which.size === 0) return;
  for (const flb of k.flbs.values()) {
    if (!flb.incoming.finished || (!which.has('*') && !which.has(flb.compatible))) continue;
    const pending = k.incomingSessions.flatMap((s) => s.files.filter((lf) => lf.handler.flbs.includes(flb)).map((lf) => `${s.name}/${String(lf.tokenOut)}`));
    if (pending.length) out.push({ rule: 'flb-finish-after-files', message: `FLB ${flb.compatible} finished while ${pending.join(', ')} still unfinished` });
  }
}

/** Tokens stay unique per session: a token added this step appears once in its session. */
function uniqueTokens(k: Kernel, added: readonly { sid: number; token: TokenOut }[], out: Found[]): void {
  for (const { sid, token } of added) {
    const s = k.sessions.get(sid);
    if (!s) continue;
    let n = 0;
    for (const lf of s.files) if (lf.tokenOut === token) n++;
    if (n > 1) out.push({ rule: 'unique-tokens', message: `session "${s.name}" holds token ${String(token)} ${n} times` });
  }
}

/** 7.1+: a file preserved this step is in no other place of any outgoing session. */
function oneSessionPerFile(k: Kernel, st: InvariantState, files: readonly number[], out: Found[]): void {
  if (!k.profile.doublePreserve) return;
  for (const id of files) {
    const inode = k.agent.files.get(id)?.inode;
    const n = inode === undefined ? 0 : (st.perInode.get(inode) ?? 0);
    if (n > 1) out.push({ rule: 'one-session-per-file', message: `file #${id} is preserved ${n} times in outgoing sessions` });
  }
}


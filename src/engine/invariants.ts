// SPEC §6 invariants, checked after every step and reported, never fixed.
import type { LuoEvent } from './events';
import type { Kernel } from './kernel';

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
}

export function newInvariantState(): InvariantState {
  return { flbOut: new Map(), finishes: new Map() };
}

type Found = { rule: string; message: string };

export function checkInvariants(k: Kernel, st: InvariantState, events: LuoEvent[]): Found[] {
  const out: Found[] = [...k.pendingViolations];
  k.pendingViolations = [];
  for (const ev of events) {
    if (ev.type === 'boot') st.flbOut.clear();
    if (ev.type === 'flb' && ev.side === 'outgoing') {
      const c = st.flbOut.get(ev.compatible) ?? { last: 0, up: 0, down: 0, preserves: 0, unpreserves: 0 };
      if (c.last === 0 && ev.count > 0) c.up++;
      if (c.last > 0 && ev.count === 0) c.down++;
      c.last = ev.count;
      st.flbOut.set(ev.compatible, c);
    }
    if (ev.type === 'callback' && ev.owner === 'flb') {
      const c = st.flbOut.get(ev.compatible) ?? { last: 0, up: 0, down: 0, preserves: 0, unpreserves: 0 };
      if (ev.callback === 'preserve' && ev.result === 'ok') c.preserves++;
      if (ev.callback === 'unpreserve') c.unpreserves++;
      st.flbOut.set(ev.compatible, c);
      if (ev.callback === 'finish') {
        const key = `${ev.gen}/${ev.compatible}`;
        const n = (st.finishes.get(key) ?? 0) + 1;
        st.finishes.set(key, n);
        if (n > 1) out.push({ rule: 'flb-finish-once', message: `FLB ${ev.compatible} finish() ran ${n} times in generation ${ev.gen}` });
      }
    }
  }
  for (const [compat, c] of st.flbOut) {
    if (c.up !== c.preserves)
      out.push({ rule: 'flb-preserve-once', message: `FLB ${compat}: preserve() ran ${c.preserves} times for ${c.up} transitions 0→1` });
    if (c.down !== c.unpreserves)
      out.push({ rule: 'flb-unpreserve-once', message: `FLB ${compat}: unpreserve() ran ${c.unpreserves} times for ${c.down} transitions 1→0` });
    c.up = c.preserves = Math.min(c.up, c.preserves);
    c.down = c.unpreserves = Math.min(c.down, c.unpreserves);
  }
  if (!k.halted) {
    out.push(...flbCounts(k), ...flbFinishAfterFiles(k), ...uniqueTokens(k), ...oneSessionPerFile(k));
  }
  return out;
}

function flbCounts(k: Kernel): Found[] {
  const out: Found[] = [];
  for (const flb of k.flbs.values()) {
    if (!flb.registered && flb.outgoing.count === 0) continue;
    let files = 0;
    for (const s of k.outgoing) for (const lf of s.files) if (lf.handler.flbs.includes(flb)) files++;
    const expected = files + flb.outgoing.refs;
    if (flb.outgoing.count !== expected)
      out.push({ rule: 'flb-outgoing-count', message: `FLB ${flb.compatible}: outgoing count ${flb.outgoing.count}, but ${files} preserved files of linked handlers${flb.outgoing.refs ? ` + ${flb.outgoing.refs} references` : ''}` });
  }
  return out;
}

function flbFinishAfterFiles(k: Kernel): Found[] {
  const out: Found[] = [];
  for (const flb of k.flbs.values()) {
    if (!flb.incoming.finished) continue;
    const pending = k.incomingSessions.flatMap((s) => s.files.filter((lf) => lf.handler.flbs.includes(flb)).map((lf) => `${s.name}/${String(lf.tokenOut)}`));
    if (pending.length) out.push({ rule: 'flb-finish-after-files', message: `FLB ${flb.compatible} finished while ${pending.join(', ')} still unfinished` });
  }
  return out;
}

function uniqueTokens(k: Kernel): Found[] {
  const out: Found[] = [];
  for (const s of [...k.outgoing, ...k.incomingSessions]) {
    const seen = new Set<bigint>();
    for (const lf of s.files) {
      if (seen.has(lf.token)) out.push({ rule: 'unique-tokens', message: `session "${s.name}" holds token ${String(lf.tokenOut)} twice` });
      seen.add(lf.token);
    }
  }
  return out;
}

function oneSessionPerFile(k: Kernel): Found[] {
  if (!k.profile.doublePreserve) return [];
  const owner = new Map<number, string>();
  const out: Found[] = [];
  for (const s of k.outgoing)
    for (const lf of s.files) {
      if (lf.file === null) continue;
      const inode = k.agent.files.get(lf.file)?.inode ?? -lf.file;
      const prev = owner.get(inode);
      if (prev !== undefined) out.push({ rule: 'one-session-per-file', message: `a file is preserved in "${prev}" and "${s.name}"` });
      owner.set(inode, s.name);
    }
  return out;
}


// File-Lifecycle-Bound objects (kernel/liveupdate/luo_flb.c): global registry, the outgoing
// count driven by preserved files, on-demand incoming retrieve, and finish after the last user.
import type { Errno, Result } from './errno';
import type { HandoverFlb } from './handover';
import { flbCall, type Site } from './callbacks';
import { allocPa, emit, sessionsExist, type Flb, type Handler, type Kernel } from './kernel';
import { LUO_FLB_MAX } from './profiles';
import { MUTATED } from './mutations';

/** Data the in-kernel test FLBs store: 0xFEEDF00DCAFEBEE0 + index (lib/tests/liveupdate.c). */
function preserveData(k: Kernel, flb: Flb): string {
  const m = /^liveupdate-test-flb-v(\d+)$/.exec(flb.compatible);
  if (m) return `0x${(0xfeedf00dcafebee0n + BigInt(m[1]!)).toString(16)}`;
  return allocPa(k);
}

export function newFlb(compatible: string, module: string): Flb {
  return {
    compatible,
    module,
    users: 0,
    registered: false,
    order: 0,
    outgoing: { count: 0, data: null, hasObj: false, refs: 0, locked: false },
    incoming: { count: 0, data: null, hasObj: false, retrieved: false, finished: false, error: null, locked: false, gets: 0 },
  };
}

function outEvent(k: Kernel, flb: Flb, why: string): void {
  emit(k, { type: 'flb', compatible: flb.compatible, side: 'outgoing', count: flb.outgoing.count, data: flb.outgoing.data, why });
}

function inEvent(k: Kernel, flb: Flb, why: string): void {
  const i = flb.incoming;
  emit(k, { type: 'flb', compatible: flb.compatible, side: 'incoming', count: i.count, data: i.data, retrieved: i.retrieved, finished: i.finished, error: i.error, why });
}

/** liveupdate_register_flb(fh, flb): checks in kernel order (notes §5.2). */
export function registerFlb(k: Kernel, h: Handler, flb: Flb): Result {
  const done = (result: Result) => {
    emit(k, { type: 'flb_register', compatible: flb.compatible, handler: h.compatible, result, users: flb.users });
    return result;
  };
  if (!k.enabled) return done('EOPNOTSUPP');
  if (!h.registered) return done('EINVAL');
  if (k.profile.quiesceOnRegister && sessionsExist(k)) return done('EBUSY');
  if (h.flbs.includes(flb)) return done('EEXIST');
  if (flb.users === 0) {
    const count = [...k.flbs.values()].filter((f) => f.registered).length;
    if (count >= LUO_FLB_MAX) return done('ENOSPC');
    flb.registered = true;
    flb.order = k.counters.nextFlbOrder++;
  }
  flb.users++;
  h.flbs.push(flb);
  return done('ok');
}

/** liveupdate_unregister_flb(fh, flb): int on 7.0, void on 7.1+. */
export function unregisterFlb(k: Kernel, h: Handler, flb: Flb): Result {
  const done = (result: Result) => {
    emit(k, { type: 'flb_unregister', compatible: flb.compatible, handler: h.compatible, result, users: flb.users });
    return result;
  };
  const int = k.profile.unregisterReturnsInt;
  if (!k.enabled) return done(int ? 'EOPNOTSUPP' : 'ok');
  if (int && sessionsExist(k)) return done('EBUSY');
  const at = h.flbs.indexOf(flb);
  if (at < 0) {
    if (!int) emit(k, { type: 'warn', message: `FLB ${flb.compatible} is not linked to ${h.compatible}` });
    return done(int ? 'ENOENT' : 'ok');
  }
  h.flbs.splice(at, 1);
  flb.users--;
  if (flb.users === 0) flb.registered = false;
  return done('ok');
}

/** luo_flb_file_preserve(fh): first user of each FLB runs its preserve(); rolls back on error. */
export function flbFilePreserve(k: Kernel, h: Handler, s: Site): Result {
  const done: Flb[] = [];
  for (const flb of h.flbs) {
    if (flb.outgoing.count === 0) {
      const r = flbCall(k, flb, 'preserve', s);
      if (r !== 'ok') {
        for (const d of done.reverse()) flbUnpreserveOne(k, d, s, 'rollback of a failed preserve');
        return r;
      }
      flb.outgoing.data = preserveData(k, flb);
      flb.outgoing.hasObj = true;
      flb.outgoing.count = 1;
      outEvent(k, flb, 'first dependent file preserved: preserve() ran');
    } else {
      flb.outgoing.count++;
      outEvent(k, flb, 'one more dependent file preserved');
    }
    done.push(flb);
  }
  return 'ok';
}

function flbUnpreserveOne(k: Kernel, flb: Flb, s: Site, why: string): void {
  flb.outgoing.count--;
  if (flb.outgoing.count === 0 || (MUTATED['flb-unpreserve-first'] && flb.outgoing.hasObj)) {
    flbCall(k, flb, 'unpreserve', s);
    flb.outgoing.data = null;
    flb.outgoing.hasObj = false;
    outEvent(k, flb, `${why}: last user gone, unpreserve() ran`);
  } else {
    outEvent(k, flb, why);
  }
}

/** luo_flb_file_unpreserve(fh): FLBs in reverse link order; the last user runs unpreserve(). */
export function flbFileUnpreserve(k: Kernel, h: Handler, s: Site): void {
  for (const flb of [...h.flbs].reverse()) flbUnpreserveOne(k, flb, s, 'dependent file unpreserved');
}

/** luo_flb_serialize(): every registered FLB with users, in global registration order. */
export function serializeFlbs(k: Kernel): HandoverFlb[] {
  return [...k.flbs.values()]
    .filter((f) => f.registered && f.outgoing.count > 0)
    .sort((a, b) => a.order - b.order)
    .map((f) => ({ name: f.compatible, data: f.outgoing.data ?? '0x0', count: f.outgoing.count }));
}

/** luo_flb_retrieve_one(): on demand, from the previous kernel's FLB area. */
export function retrieveFlb(k: Kernel, flb: Flb, s: Site = {}): Result {
  const i = flb.incoming;
  if (i.finished) return 'ENODATA';
  if (i.retrieved) return 'ok';
  const area = k.incoming?.flbs ?? null;
  if (!k.profile.flb || area === null || k.incoming === null) return 'ENODATA';
  const entry = area.find((e) => e.name === flb.compatible);
  if (!entry) return 'ENOENT';
  if (k.profile.flbRetrieveStatus && i.error) return i.error;
  i.count = entry.count;
  i.data = entry.data;
  const r = flbCall(k, flb, 'retrieve', s);
  if (r !== 'ok') {
    if (k.profile.flbRetrieveStatus && !MUTATED['flb-retrieve-error-forgotten']) i.error = r as Errno;
    inEvent(k, flb, `retrieve() failed with ${r}`);
    return r;
  }
  i.hasObj = true;
  i.retrieved = true;
  inEvent(k, flb, 'retrieved from the previous kernel: retrieve() ran');
  return 'ok';
}

/** The incoming count reached zero: retrieve if needed, then finish() once. */
function finishFlbIfLast(k: Kernel, flb: Flb, s: Site): void {
  const i = flb.incoming;
  if (i.count !== (MUTATED['flb-finish-early'] ? 1 : 0)) return;
  if (!i.retrieved) {
    const r = retrieveFlb(k, flb, s);
    if (r !== 'ok') {
      emit(k, { type: 'warn', message: `FLB ${flb.compatible}: retrieve before finish failed (${r})` });
      return;
    }
  }
  flbCall(k, flb, 'finish', s);
  i.data = null;
  i.hasObj = false;
  i.finished = true;
  inEvent(k, flb, 'last user finished: finish() ran');
}

/** One incoming reference dropped (luo_flb_file_finish per file, or put_incoming). */
function putIncoming(k: Kernel, flb: Flb, s: Site, why: string): void {
  const i = flb.incoming;
  if (i.finished) {
    emit(k, { type: 'warn', message: `FLB ${flb.compatible}: reference dropped after finish` });
    return;
  }
  if (k.profile.flbIncomingRefcount && i.count <= 0) {
    // refcount_t: a decrement from zero warns and saturates; finish never runs
    i.count = -1;
    emit(k, { type: 'warn', message: `refcount_t: underflow; use-after-free (FLB ${flb.compatible} was never retrieved)` });
    inEvent(k, flb, why);
    return;
  }
  i.count--;
  inEvent(k, flb, i.count < 0 ? `${why}; the count was never loaded (FLB not retrieved yet), so it went negative` : why);
  finishFlbIfLast(k, flb, s);
}

/** luo_flb_file_finish(fh): FLBs in reverse link order. */
export function flbFileFinish(k: Kernel, h: Handler, s: Site): void {
  for (const flb of [...h.flbs].reverse()) putIncoming(k, flb, s, 'dependent file finished');
}

/** liveupdate_flb_get_incoming() (or _incoming_locked() with lock-api-v6). */
export function getIncoming(k: Kernel, flb: Flb): Result {
  if (!k.enabled) return 'EOPNOTSUPP';
  if (!k.profile.flb) return 'ENOSYS';
  if (!flb.incoming.hasObj) {
    const r = retrieveFlb(k, flb);
    if (r !== 'ok') return r;
  }
  if (k.profile.lockApiV6) {
    flb.incoming.locked = true;
    inEvent(k, flb, 'incoming object returned with the FLB mutex held');
  } else if (k.profile.flbIncomingRefcount) {
    flb.incoming.count++;
    flb.incoming.gets++;
    inEvent(k, flb, 'get_incoming took a reference');
  }
  return 'ok';
}

/** liveupdate_flb_put_incoming() (latest), or _incoming_unlock() with lock-api-v6. */
export function putIncomingApi(k: Kernel, flb: Flb): Result {
  if (!k.enabled) return 'EOPNOTSUPP';
  if (k.profile.lockApiV6) {
    flb.incoming.locked = false;
    inEvent(k, flb, 'incoming_unlock stored the object back and released the mutex');
    return 'ok';
  }
  if (!k.profile.flbIncomingRefcount) return 'ENOSYS';
  // liveupdate_flb_put_incoming() trusts its caller: a put without a get takes a dependent file's share
  if (flb.incoming.gets > 0) flb.incoming.gets--;
  else emit(k, { type: 'warn', message: `FLB ${flb.compatible}: put_incoming without a matching get_incoming: the count now undercounts the files that depend on it, so finish() may run while one still does (undefined behaviour in the kernel)` });
  putIncoming(k, flb, {}, 'put_incoming dropped a reference');
  return 'ok';
}

/** liveupdate_flb_get_outgoing() (or _outgoing_locked() with lock-api-v6). */
export function getOutgoing(k: Kernel, flb: Flb): Result {
  if (!k.enabled) return 'EOPNOTSUPP';
  if (!k.profile.flb) return 'ENOSYS';
  const o = flb.outgoing;
  if (k.profile.lockApiV6) {
    if (!o.hasObj) {
      emit(k, { type: 'warn', message: `FLB ${flb.compatible}: outgoing_locked with no object` });
      return 'ENOENT';
    }
    o.locked = true;
    outEvent(k, flb, 'outgoing object returned with the FLB mutex held');
    return 'ok';
  }
  if (!k.profile.flbOutgoingRefcount) return 'ok';
  if (!o.hasObj) return 'ENOENT';
  o.count++;
  o.refs++;
  outEvent(k, flb, 'get_outgoing took a reference');
  return 'ok';
}

/** liveupdate_flb_put_outgoing() (flb-outgoing-refcount patch), or _outgoing_unlock(). */
export function putOutgoing(k: Kernel, flb: Flb): Result {
  if (!k.enabled) return 'EOPNOTSUPP';
  if (k.profile.lockApiV6) {
    flb.outgoing.locked = false;
    outEvent(k, flb, 'outgoing_unlock stored the object back and released the mutex');
    return 'ok';
  }
  if (!k.profile.flbOutgoingRefcount) return 'ENOSYS';
  if (flb.outgoing.count <= 0) {
    emit(k, { type: 'warn', message: `FLB ${flb.compatible}: put_outgoing without a reference` });
    return 'ok';
  }
  if (flb.outgoing.refs > 0) flb.outgoing.refs--;
  // liveupdate_flb_put_outgoing() trusts its caller: an unbalanced put takes a preserved file's share
  else emit(k, { type: 'warn', message: `FLB ${flb.compatible}: put_outgoing without a matching get_outgoing: the count now undercounts the preserved files (undefined behaviour in the kernel)` });
  flbUnpreserveOne(k, flb, {}, 'put_outgoing dropped a reference');
  return 'ok';
}

/** The FLB layer's state in a kernel that has just booted (luo_flb_global). */
export function flbState(): Pick<Kernel, 'flbs'> {
  return { flbs: new Map() };
}

export type FlbApiOp = 'flb_get_incoming' | 'flb_put_incoming' | 'flb_get_outgoing' | 'flb_put_outgoing';

/** An in-kernel FLB call by compatible: EOPNOTSUPP with LUO off, ENOENT for an FLB no loaded module defines. */
export function flbApi(k: Kernel, op: FlbApiOp, compatible: string): Result {
  if (!k.enabled) return 'EOPNOTSUPP'; // liveupdate_enabled() is false: every FLB call says so first
  const flb = k.flbs.get(compatible);
  if (!flb) {
    emit(k, { type: 'warn', message: `no loaded module defines FLB ${compatible}` });
    return 'ENOENT';
  }
  const fn = { flb_get_incoming: getIncoming, flb_put_incoming: putIncomingApi, flb_get_outgoing: getOutgoing, flb_put_outgoing: putOutgoing }[op];
  return fn(k, flb);
}

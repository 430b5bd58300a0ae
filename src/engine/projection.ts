// Rebuild the visible state from the event stream: applyEvent(view, ev) is pure and shares
// every record it does not change, so a view at any event is a checkpoint plus a replay.
import { NEWEST_RELEASE } from '../scenario/types';
import type { LuoEvent } from './events';
import type { FileEntryView, FlbView, SessionView, WorldView } from './view';

export function emptyView(): WorldView {
  return {
    gen: 0,
    profile: NEWEST_RELEASE,
    patches: [],
    liveupdate: true,
    liveupdateNum: 0,
    halted: false,
    panic: null,
    device: { open: false, deser: 'none' },
    fds: {},
    files: {},
    sessions: {},
    handlers: {},
    flbs: {},
    modules: [],
    handover: null,
    past: [],
  };
}

/**
 * How the reducer writes: `copy` returns new objects and shares the rest (structural
 * sharing, for views other code holds); `inPlace` mutates a view nobody else holds, which
 * keeps a long run linear (a copy per event would cost O(sessions) each).
 */
interface Writer {
  set<O extends object>(o: O, patch: Partial<O>): O;
  put<V>(rec: Record<string | number, V>, key: string | number, value: V): Record<string | number, V>;
  del<V>(rec: Record<string | number, V>, key: string | number): Record<string | number, V>;
}

const copy: Writer = {
  set: (o, patch) => ({ ...o, ...patch }),
  put: (rec, key, value) => ({ ...rec, [key]: value }),
  del: (rec, key) => {
    const next = { ...rec };
    delete next[key];
    return next;
  },
};

const inPlace: Writer = {
  set: (o, patch) => Object.assign(o, patch),
  put: (rec, key, value) => {
    rec[key] = value;
    return rec;
  },
  del: (rec, key) => {
    delete rec[key];
    return rec;
  },
};

/**
 * `copyOnWrite`: mutates only objects made since the epoch began (`owned`) and copies any
 * other the first time it is written. A checkpoint is then the view itself, shared with
 * what follows: memory grows with the events, not with a generation's width per checkpoint.
 */
function copyOnWrite(owned: WeakSet<object>): Writer {
  const own = <O extends object>(o: O): O => {
    if (owned.has(o)) return o;
    const c = { ...o };
    owned.add(c);
    return c;
  };
  return {
    set: (o, patch) => Object.assign(own(o), patch),
    put: (rec, key, value) => {
      const r = own(rec);
      r[key] = value;
      return r;
    },
    del: (rec, key) => {
      const r = own(rec);
      delete r[key];
      return r;
    },
  };
}

/** An epoch of copy-on-write: objects written in it are its own; the rest are shared. */
export interface Epoch {
  writer: Writer;
}

export function newEpoch(): Epoch {
  return { writer: copyOnWrite(new WeakSet()) };
}

/** Writes into objects of `epoch` only (copying any other first): views from before stay intact. */
export function applyEventShared(v: WorldView, ev: LuoEvent, epoch: Epoch): WorldView {
  return reduce(epoch.writer, v, ev);
}

function patchSession(w: Writer, v: WorldView, sid: number, f: (s: SessionView) => SessionView): WorldView {
  const s = v.sessions[sid];
  return s ? w.set(v, { sessions: w.put(v.sessions, sid, f(s)) }) : v;
}

function patchEntry(w: Writer, v: WorldView, sid: number, token: string, f: (e: FileEntryView) => FileEntryView): WorldView {
  return patchSession(w, v, sid, (s) => (s.files[token] ? w.set(s, { files: w.put(s.files, token, f(s.files[token])) }) : s));
}

function patchFlb(w: Writer, v: WorldView, compatible: string, f: (x: FlbView) => FlbView): WorldView {
  const x = v.flbs[compatible];
  return x ? w.set(v, { flbs: w.put(v.flbs, compatible, f(x)) }) : v;
}

function newFlbView(compatible: string): FlbView {
  return {
    compatible,
    users: 0,
    registered: false,
    outgoing: { count: 0, data: null },
    incoming: { count: 0, data: null, retrieved: false, finished: false, error: null },
  };
}

/** Pure: a new view; unchanged records are shared with the old one. */
export function applyEvent(v: WorldView, ev: LuoEvent): WorldView {
  return reduce(copy, v, ev);
}

/** Mutates `v` (which nobody else may hold) and returns it. */
export function applyEventInPlace(v: WorldView, ev: LuoEvent): WorldView {
  return reduce(inPlace, v, ev);
}

function reduce(w: Writer, v: WorldView, ev: LuoEvent): WorldView {
  switch (ev.type) {
    case 'boot': {
      const past = ev.gen === 0 && v.gen === 0 && Object.keys(v.handlers).length === 0
        ? v.past
        : [...v.past, { gen: v.gen, profile: v.profile, sessions: v.sessions, handlers: v.handlers, flbs: v.flbs, handover: v.handover }];
      return {
        ...emptyView(),
        gen: ev.gen,
        profile: ev.profile,
        patches: ev.patches,
        liveupdate: ev.liveupdate,
        liveupdateNum: ev.liveupdateNum,
        device: { open: false, deser: ev.incoming === 'found' ? 'pending' : 'none' },
        handover: ev.incoming === 'found' ? v.handover : null,
        past: ev.gen === 0 ? [] : past,
      };
    }
    case 'panic':
      return w.set(v, { halted: true, panic: ev.reason, device: { open: false, deser: 'none' } });
    case 'handler_register':
      if (ev.result !== 'ok') return v;
      return w.set(v, { handlers: w.put(v.handlers, ev.compatible, { compatible: ev.compatible, module: ev.module, accepts: ev.accepts, flbs: [] }) });
    case 'module': {
      const id = ev.module.split('@')[0]!; // k.modules is keyed by the id, without a version
      if (ev.action === 'load') return ev.result === 'ok' && !v.modules.includes(id) ? w.set(v, { modules: [...v.modules, id] }) : v;
      return v.modules.includes(id) && (ev.result === 'ok' || ev.initFailed) ? w.set(v, { modules: v.modules.filter((m) => m !== id) }) : v;
    }
    case 'handler_unregister':
      return ev.result === 'ok' ? w.set(v, { handlers: w.del(v.handlers, ev.compatible) }) : v;
    case 'flb_register': {
      let next = v.flbs[ev.compatible] ? v : w.set(v, { flbs: w.put(v.flbs, ev.compatible, newFlbView(ev.compatible)) });
      if (ev.result !== 'ok') return next;
      next = patchFlb(w, next, ev.compatible, (f) => w.set(f, { users: ev.users, registered: true }));
      const h = next.handlers[ev.handler];
      return h ? w.set(next, { handlers: w.put(next.handlers, ev.handler, w.set(h, { flbs: [...h.flbs, ev.compatible] })) }) : next;
    }
    case 'flb_unregister': {
      if (ev.result !== 'ok') return v;
      const next = patchFlb(w, v, ev.compatible, (f) => w.set(f, { users: ev.users, registered: ev.users > 0 }));
      const h = next.handlers[ev.handler];
      return h ? w.set(next, { handlers: w.put(next.handlers, ev.handler, w.set(h, { flbs: h.flbs.filter((c) => c !== ev.compatible) })) }) : next;
    }
    case 'flb':
      return patchFlb(w, v, ev.compatible, (f) =>
        ev.side === 'outgoing'
          ? w.set(f, { outgoing: { count: ev.count, data: ev.data } })
          : w.set(f, { incoming: { count: ev.count, data: ev.data, retrieved: ev.retrieved ?? false, finished: ev.finished ?? false, error: ev.error ?? null } }),
      );
    case 'file_new':
      return w.set(v, { files: w.put(v.files, ev.file, { id: ev.file, kind: ev.fileKind, data: ev.data }) });
    case 'file_write': {
      const f = v.files[ev.file];
      return f ? w.set(v, { files: w.put(v.files, ev.file, w.set(f, { data: ev.data })) }) : v;
    }
    case 'file_release':
      return w.set(v, { files: w.del(v.files, ev.file) });
    case 'fd_open': {
      const next = w.set(v, { fds: w.put(v.fds, ev.fd, ev.target) });
      return ev.target.kind === 'session' ? patchSession(w, next, ev.target.sid, (s) => (s.open ? s : w.set(s, { open: true }))) : next;
    }
    case 'fd_close':
      return w.set(v, { fds: w.del(v.fds, ev.fd) });
    case 'device':
      return w.set(v, { device: { ...v.device, open: ev.action === 'open' } });
    case 'deserialize':
      return w.set(v, { device: { ...v.device, deser: ev.result === 'ok' ? 'ok' : 'failed' } });
    case 'session_new':
      return w.set(v, { sessions: w.put(v.sessions, ev.sid, { sid: ev.sid, name: ev.name, dir: ev.dir, retrieved: false, finished: false, open: false, order: [], files: {} }) });
    case 'session_retrieved':
      return patchSession(w, v, ev.sid, (s) => w.set(s, { retrieved: true }));
    case 'session_finished':
      return patchSession(w, v, ev.sid, (s) => w.set(s, { finished: true }));
    case 'session_gone':
      return w.set(v, { sessions: w.del(v.sessions, ev.sid) });
    case 'session_held':
      return patchSession(w, v, ev.sid, (s) => w.set(s, { open: false }));
    case 'file_preserved': {
      const key = String(ev.token);
      return patchSession(w, v, ev.sid, (s) =>
        w.set(s, { order: [...s.order, key], files: w.put(s.files, key, { token: ev.token, handler: ev.handler, file: ev.file, data: ev.data, state: 'preserved', error: null }) }),
      );
    }
    case 'file_incoming': {
      const key = String(ev.token);
      return patchSession(w, v, ev.sid, (s) =>
        w.set(s, { order: [...s.order, key], files: w.put(s.files, key, { token: ev.token, handler: ev.handler, file: null, data: ev.data, state: 'incoming', error: null }) }),
      );
    }
    case 'file_unpreserved':
    case 'file_finished': {
      const key = String(ev.token);
      return patchSession(w, v, ev.sid, (s) => w.set(s, { order: s.order.filter((t) => t !== key), files: w.del(s.files, key) }));
    }
    case 'file_serialized':
      return patchEntry(w, v, ev.sid, String(ev.token), (e) => w.set(e, { state: 'serialized', data: ev.data }));
    case 'file_unserialized':
      return patchEntry(w, v, ev.sid, String(ev.token), (e) => w.set(e, { state: 'preserved', data: ev.data }));
    case 'file_retrieved':
      return patchEntry(w, v, ev.sid, String(ev.token), (e) =>
        ev.result === 'ok' ? w.set(e, { state: 'retrieved', file: ev.file ?? null, error: null }) : w.set(e, { state: 'retrieve_failed', error: ev.result }),
      );
    case 'handover':
      return w.set(v, { handover: ev.image });
    case 'step':
    case 'result':
    case 'callback':
    case 'kexec':
    case 'warn':
    case 'fault':
    case 'violation':
      return v;
  }
}

/** Fold a run of events onto a view. */
export function project(events: readonly LuoEvent[], from: WorldView = emptyView()): WorldView {
  let v = from;
  for (const ev of events) v = applyEvent(v, ev);
  return v;
}

// Rebuild the visible state from the event stream: applyEvent(view, ev) is pure and shares
// every record it does not change, so a view at any event is a checkpoint plus a replay.
import type { LuoEvent } from './events';
import type { FileEntryView, FlbView, SessionView, WorldView } from './view';

export function emptyView(): WorldView {
  return {
    gen: 0,
    profile: 'latest',
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
    handover: null,
    past: [],
  };
}

function without<K extends string | number, V>(rec: Record<K, V>, key: K): Record<K, V> {
  const next = { ...rec };
  delete next[key];
  return next;
}

function patchSession(v: WorldView, sid: number, f: (s: SessionView) => SessionView): WorldView {
  const s = v.sessions[sid];
  return s ? { ...v, sessions: { ...v.sessions, [sid]: f(s) } } : v;
}

function patchEntry(v: WorldView, sid: number, token: string, f: (e: FileEntryView) => FileEntryView): WorldView {
  return patchSession(v, sid, (s) => (s.files[token] ? { ...s, files: { ...s.files, [token]: f(s.files[token]) } } : s));
}

function patchFlb(v: WorldView, compatible: string, f: (x: FlbView) => FlbView): WorldView {
  const x = v.flbs[compatible];
  return x ? { ...v, flbs: { ...v.flbs, [compatible]: f(x) } } : v;
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

export function applyEvent(v: WorldView, ev: LuoEvent): WorldView {
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
      return { ...v, halted: true, panic: ev.reason, device: { open: false, deser: 'none' } };
    case 'handler_register':
      if (ev.result !== 'ok') return v;
      return { ...v, handlers: { ...v.handlers, [ev.compatible]: { compatible: ev.compatible, module: ev.module, accepts: ev.accepts, flbs: [] } } };
    case 'module':
      return v;
    case 'handler_unregister':
      return ev.result === 'ok' ? { ...v, handlers: without(v.handlers, ev.compatible) } : v;
    case 'flb_register': {
      let next = v.flbs[ev.compatible] ? v : { ...v, flbs: { ...v.flbs, [ev.compatible]: newFlbView(ev.compatible) } };
      if (ev.result !== 'ok') return next;
      next = patchFlb(next, ev.compatible, (f) => ({ ...f, users: ev.users, registered: true }));
      const h = next.handlers[ev.handler];
      return h ? { ...next, handlers: { ...next.handlers, [ev.handler]: { ...h, flbs: [...h.flbs, ev.compatible] } } } : next;
    }
    case 'flb_unregister': {
      if (ev.result !== 'ok') return v;
      const next = patchFlb(v, ev.compatible, (f) => ({ ...f, users: ev.users, registered: ev.users > 0 }));
      const h = next.handlers[ev.handler];
      return h ? { ...next, handlers: { ...next.handlers, [ev.handler]: { ...h, flbs: h.flbs.filter((c) => c !== ev.compatible) } } } : next;
    }
    case 'flb':
      return patchFlb(v, ev.compatible, (f) =>
        ev.side === 'outgoing'
          ? { ...f, outgoing: { count: ev.count, data: ev.data } }
          : { ...f, incoming: { count: ev.count, data: ev.data, retrieved: ev.retrieved ?? false, finished: ev.finished ?? false, error: ev.error ?? null } },
      );
    case 'file_new':
      return { ...v, files: { ...v.files, [ev.file]: { id: ev.file, kind: ev.fileKind, data: ev.data } } };
    case 'file_write': {
      const f = v.files[ev.file];
      return f ? { ...v, files: { ...v.files, [ev.file]: { ...f, data: ev.data } } } : v;
    }
    case 'file_release':
      return { ...v, files: without(v.files, ev.file) };
    case 'fd_open': {
      const next = { ...v, fds: { ...v.fds, [ev.fd]: ev.target } };
      return ev.target.kind === 'session' ? patchSession(next, ev.target.sid, (s) => (s.open ? s : { ...s, open: true })) : next;
    }
    case 'fd_close':
      return { ...v, fds: without(v.fds, ev.fd) };
    case 'device':
      return { ...v, device: { ...v.device, open: ev.action === 'open' } };
    case 'deserialize':
      return { ...v, device: { ...v.device, deser: ev.result === 'ok' ? 'ok' : 'failed' } };
    case 'session_new':
      return { ...v, sessions: { ...v.sessions, [ev.sid]: { sid: ev.sid, name: ev.name, dir: ev.dir, retrieved: false, finished: false, open: false, order: [], files: {} } } };
    case 'session_retrieved':
      return patchSession(v, ev.sid, (s) => ({ ...s, retrieved: true }));
    case 'session_finished':
      return patchSession(v, ev.sid, (s) => ({ ...s, finished: true }));
    case 'session_gone':
      return { ...v, sessions: without(v.sessions, ev.sid) };
    case 'session_held':
      return patchSession(v, ev.sid, (s) => ({ ...s, open: false }));
    case 'file_preserved': {
      const key = String(ev.token);
      return patchSession(v, ev.sid, (s) => ({
        ...s,
        order: [...s.order, key],
        files: { ...s.files, [key]: { token: ev.token, handler: ev.handler, file: ev.file, data: ev.data, state: 'preserved', error: null } },
      }));
    }
    case 'file_incoming': {
      const key = String(ev.token);
      return patchSession(v, ev.sid, (s) => ({
        ...s,
        order: [...s.order, key],
        files: { ...s.files, [key]: { token: ev.token, handler: ev.handler, file: null, data: ev.data, state: 'incoming', error: null } },
      }));
    }
    case 'file_unpreserved':
    case 'file_finished': {
      const key = String(ev.token);
      return patchSession(v, ev.sid, (s) => ({ ...s, order: s.order.filter((t) => t !== key), files: without(s.files, key) }));
    }
    case 'file_serialized':
      return patchEntry(v, ev.sid, String(ev.token), (e) => ({ ...e, state: 'serialized', data: ev.data }));
    case 'file_unserialized':
      return patchEntry(v, ev.sid, String(ev.token), (e) => ({ ...e, state: 'preserved', data: ev.data }));
    case 'file_retrieved':
      return patchEntry(v, ev.sid, String(ev.token), (e) =>
        ev.result === 'ok' ? { ...e, state: 'retrieved', file: ev.file ?? null, error: null } : { ...e, state: 'retrieve_failed', error: ev.result },
      );
    case 'handover':
      return { ...v, handover: ev.image };
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

// A deep copy of a run's state between two steps (engine.ts EngineState), for the explorer:
// it restores a state instead of replaying the steps that led there. Object identity inside
// the state is kept (a file's handler is the handler in the list, a session is the same in
// the lists, the name maps and the sid map). What no step ever changes in place is shared:
// the profile, the handover image, handler `accepts`/`ops`, faults, lists replaced whole.
import type { Binding, EngineState } from './engine';
import type { Agent, FileObj, Flb, Handler, Kernel, LoadedModule, LuoFile, Session } from './kernel';
import type { InvariantState } from './invariants';
import { copyModuleState } from './modules/state';

const noSink = () => {};

/** Identity-keeping copies of the few handlers and FLBs a state has (linear memo: they are few). */
class Memo {
  readonly handlersFrom: Handler[] = [];
  readonly handlersTo: Handler[] = [];
  readonly flbsFrom: Flb[] = [];
  readonly flbsTo: Flb[] = [];

  flb(f: Flb): Flb {
    const at = this.flbsFrom.indexOf(f);
    if (at >= 0) return this.flbsTo[at]!;
    const o = f.outgoing;
    const i = f.incoming;
    const c: Flb = {
      compatible: f.compatible,
      module: f.module,
      users: f.users,
      registered: f.registered,
      order: f.order,
      outgoing: { count: o.count, data: o.data, hasObj: o.hasObj, refs: o.refs, locked: o.locked },
      incoming: { count: i.count, data: i.data, hasObj: i.hasObj, retrieved: i.retrieved, finished: i.finished, error: i.error, locked: i.locked, gets: i.gets },
    };
    this.flbsFrom.push(f);
    this.flbsTo.push(c);
    return c;
  }

  handler(h: Handler): Handler {
    const at = this.handlersFrom.indexOf(h);
    if (at >= 0) return this.handlersTo[at]!;
    const c: Handler = {
      compatible: h.compatible,
      module: h.module,
      accepts: h.accepts,
      ops: h.ops,
      flbs: [],
      registered: h.registered,
      pins: h.pins,
      checksHandle: h.checksHandle,
      sizeAtPreserve: h.sizeAtPreserve,
    };
    this.handlersFrom.push(h);
    this.handlersTo.push(c);
    for (const f of h.flbs) c.flbs.push(this.flb(f));
    return c;
  }
}

function cloneFile(f: FileObj): FileObj {
  const c: FileObj = { id: f.id, kind: f.kind, refs: f.refs, inode: f.inode, data: f.data, frozen: f.frozen };
  if (f.sid !== undefined) c.sid = f.sid;
  return c;
}

function cloneAgent(a: Agent): Agent {
  const files = new Map<number, FileObj>();
  for (const [id, f] of a.files) files.set(id, cloneFile(f));
  return { fds: new Map(a.fds), free: a.free.slice(), top: a.top, files, incarnation: a.incarnation };
}

function cloneLuoFile(lf: LuoFile, memo: Memo): LuoFile {
  const c: LuoFile = {
    token: lf.token,
    tokenOut: lf.tokenOut,
    handler: memo.handler(lf.handler),
    kind: lf.kind,
    file: lf.file,
    xaId: lf.xaId,
    data: lf.data,
    retrieve: lf.retrieve,
    frozen: lf.frozen,
  };
  if (lf.payload !== undefined) c.payload = lf.payload;
  if (lf.size !== undefined) c.size = lf.size;
  if (lf.pagesLost !== undefined) c.pagesLost = lf.pagesLost;
  return c;
}

function cloneSession(s: Session, memo: Memo): Session {
  const files: LuoFile[] = [];
  for (const lf of s.files) files.push(cloneLuoFile(lf, memo));
  return { sid: s.sid, name: s.name, dir: s.dir, retrieved: s.retrieved, finished: s.finished, files, file: s.file };
}

function cloneModule(m: LoadedModule, memo: Memo): LoadedModule {
  return { ref: m.ref, id: m.id, handlers: m.handlers.map((h) => memo.handler(h)), flbs: m.flbs.slice(), testFlbs: m.testFlbs };
}

/** A copy of the kernel that shares nothing mutable with it; its sink does nothing until restored. */
export function cloneKernel(k: Kernel): Kernel {
  return copyKernel(k, new Memo());
}

function copyKernel(k: Kernel, memo: Memo): Kernel {
  const c = kernelFields(k, memo);
  copyModuleState(k, c); // the modules' own state (modules/state.ts), kept beside the kernel
  return c;
}

function kernelFields(k: Kernel, memo: Memo): Kernel {
  const handlers = k.handlers.map((h) => memo.handler(h));
  const flbs = new Map<string, Flb>();
  for (const [c, f] of k.flbs) flbs.set(c, memo.flb(f));
  const sessions = new Map<number, Session>();
  for (const [sid, s] of k.sessions) sessions.set(sid, cloneSession(s, memo));
  const same = (s: Session) => sessions.get(s.sid) ?? cloneSession(s, memo);
  const byName = (m: Map<string, Session>) => {
    const out = new Map<string, Session>();
    for (const [n, s] of m) out.set(n, same(s));
    return out;
  };
  const modules = new Map<string, LoadedModule>();
  for (const [id, m] of k.modules) modules.set(id, cloneModule(m, memo));
  return {
    profile: k.profile,
    patches: k.patches,
    enabled: k.enabled,
    gen: k.gen,
    halted: k.halted,
    liveupdateNum: k.liveupdateNum,
    device: { registered: k.device.registered, inUse: k.device.inUse, deser: k.device.deser },
    incoming: k.incoming,
    serialized: k.serialized,
    agent: cloneAgent(k.agent),
    outgoing: k.outgoing.map(same),
    incomingSessions: k.incomingSessions.map(same),
    outgoingByName: byName(k.outgoingByName),
    incomingByName: byName(k.incomingByName),
    sessions,
    handlers,
    flbs,
    preservedIds: new Set(k.preservedIds),
    modules,
    testHook: { active: k.testHook.active, firstUseDone: k.testHook.firstUseDone },
    custom: k.custom,
    faults: k.faults.slice(),
    bootModules: k.bootModules,
    counters: { ...k.counters },
    sink: noSink,
    pendingViolations: k.pendingViolations.slice(),
  };
}

function cloneInvariants(st: InvariantState, memo: Memo): InvariantState {
  const flbOut = new Map<string, { last: number; up: number; down: number; preserves: number; unpreserves: number }>();
  for (const [c, v] of st.flbOut) flbOut.set(c, { last: v.last, up: v.up, down: v.down, preserves: v.preserves, unpreserves: v.unpreserves });
  const perHandler = new Map<Handler, number>();
  for (const [h, n] of st.perHandler) perHandler.set(memo.handler(h), n);
  const holder = new Map<string, Handler>();
  for (const [key, h] of st.holder) holder.set(key, memo.handler(h));
  return {
    flbOut,
    finishes: new Map(st.finishes),
    perHandler,
    holder,
    outgoingSids: new Set(st.outgoingSids),
    perInode: new Map(st.perInode),
    inodeOf: new Map(st.inodeOf),
  };
}

/** A deep copy of a run's state: running steps on one never changes the other. */
export function cloneEngineState(s: EngineState): EngineState {
  const memo = new Memo();
  const kernel = copyKernel(s.kernel, memo);
  // bindings are replaced, never changed in place: a shallow copy of the map is a copy
  const names = new Map<string, Binding>(s.names);
  return { kernel, inv: cloneInvariants(s.inv, memo), names, next: s.next };
}

// The canonical form of an explorer state: a compact string that two states share exactly
// when they are the same up to renaming, so each distinct state is visited once.
//
// Renamed (by order of first appearance in a walk whose order depends on structure only):
//   - the engine's internal identities: file ids, inodes, session ids, handler objects,
//     serialized-data addresses (only "0x0" is special to the engine), FLB registration order
//     (only the relative order matters);
//   - with symmetry on, the scope's interchangeable pools: session slots (the name vm<i>, and
//     the fds s<i>, in<i>, in<i>t<t>, s<i>t<t> together), file slots of the same kind and data,
//     and tokens. The action table is the same under these renamings, so states that differ
//     only by them have the same futures.
// Kept: fd numbers, the name that owns each open fd, (the lowest free fd is handed out next, so they are observable; the free
// list and the never-used top are not kept since the open fds decide them), contents, counts,
// flags, list orders, compatibles, faults in order, the invariant checker's state and the
// explorer's ghost. Dropped: event counters and what can never be read again (bindings of an
// earlier process or kernel, finish counts of earlier generations, ids of gone sessions).
//
// The form is a byte string: unsigned varints, every list prefixed with its length, every
// string by its number in an intern table, sets sorted after renaming. Files and handlers are
// written in full where they first appear and by their canonical number after.
import type { EngineState } from '../engine/engine';
import type { Handler, Kernel, LuoFile, Session } from '../engine/kernel';
import { ZERO_HANDLE } from '../engine/file';
import type { TokenOut } from '../engine/events';
import type { Ghost } from './ghost';
import type { Pools } from './actions';
import type { ResolvedScope } from './scope';
import { moduleStateOf } from '../engine/modules/state';

export interface Canonizer {
  /** write the canonical form of a state; its bytes are bytes()[0 .. the length returned) */
  encode(st: EngineState, ghost: Ghost): number;
  /** the buffer encode() wrote (reused by the next call) */
  bytes(): Uint8Array;
  /** the canonical form as a string (tests, debugging) */
  key(st: EngineState, ghost: Ghost): string;
}

/** token numbers from here on are tokens outside the scope's pool (never made by its actions) */
const FOREIGN = 0x8000;

/** A map of a few numbers to numbers, cleared without reallocating (encode() runs per transition). */
class SmallMap {
  private keys: number[] = [];
  private values: number[] = [];
  size = 0;
  get(k: number): number | undefined {
    for (let i = 0; i < this.size; i++) if (this.keys[i] === k) return this.values[i];
    return undefined;
  }
  has(k: number): boolean {
    return this.get(k) !== undefined;
  }
  set(k: number, v: number): void {
    for (let i = 0; i < this.size; i++)
      if (this.keys[i] === k) {
        this.values[i] = v;
        return;
      }
    this.keys[this.size] = k;
    this.values[this.size++] = v;
  }
  clear(): void {
    this.size = 0;
  }
}

export function createCanonizer(scope: ResolvedScope, pools: Pools): Canonizer {
  const sym = scope.symmetry;
  const S = scope.sessions;
  const T = scope.tokens;
  const F = scope.files.length;
  const bigT = BigInt(T);
  // file slots are interchangeable only with slots of the same kind and data
  const classKeys: string[] = [];
  const classOf = scope.files.map((f) => {
    const key = `${f.kind}\u0000${f.data}`;
    let c = classKeys.indexOf(key);
    if (c < 0) c = classKeys.push(key) - 1;
    return c;
  });
  const sessMap = new Int16Array(S + 1);
  const fileMap = new Int16Array(F + 1);
  const classNext = new Int16Array(classKeys.length);
  const tokMap = new Int16Array(T + 1);
  let sessNext = 0;
  let tokNext = 0;
  const objs = new SmallMap();
  const inodes = new SmallMap();
  const sids = new SmallMap();
  const gone = new SmallMap();
  const handlers: Handler[] = [];
  let deadInodes = 0;
  const strings = new Map<string, number>();
  // numbers of a set, sorted before they are written (a stack: a set may be built inside another's walk)
  let nums = new Float64Array(256);
  let top = 0;
  const push = (x: number) => {
    if (top === nums.length) {
      const m = new Float64Array(nums.length * 2);
      m.set(nums);
      nums = m;
    }
    nums[top++] = x;
  };

  let buf = new Uint8Array(1 << 12);
  let n = 0;
  const room = (m: number) => {
    if (n + m <= buf.length) return;
    const b = new Uint8Array(Math.max(buf.length * 2, n + m));
    b.set(buf);
    buf = b;
  };
  /** an unsigned integer (varint) */
  const u = (x: number) => {
    room(10);
    while (x >= 0x80) {
      buf[n++] = (x & 0x7f) | 0x80;
      x = Math.floor(x / 128);
    }
    buf[n++] = x;
  };
  /** a signed integer (zigzag) */
  const i = (x: number) => u(x >= 0 ? x * 2 : -x * 2 - 1);
  const b = (x: boolean) => u(x ? 1 : 0);
  const str = (s: string) => {
    let id = strings.get(s);
    if (id === undefined) strings.set(s, (id = strings.size));
    u(id);
  };
  const optStr = (s: string | null | undefined) => (s === null || s === undefined ? u(0) : (u(1), str(s)));
  const handle = (pa: string | null) => u(pa === null ? 0 : pa === ZERO_HANDLE ? 1 : 2);

  const sessSlot = (i: number): number => {
    if (!sym) return i;
    if (sessMap[i]! < 0) sessMap[i] = sessNext++;
    return sessMap[i]!;
  };
  /** a session name: its slot, or the name itself when it is not a pool name */
  const sessName = (name: string) => {
    const s = pools.sessionSlot.get(name);
    if (s === undefined) {
      u(0);
      str(name);
    } else u(1 + sessSlot(s));
  };
  const fileSlot = (j: number): number => {
    if (!sym) return j;
    if (fileMap[j]! < 0) fileMap[j] = classNext[classOf[j - 1]!]!++;
    return fileMap[j]!;
  };
  const tokNum = (t: number): number => {
    if (!sym) return t;
    if (tokMap[t]! < 0) tokMap[t] = tokNext++;
    return tokMap[t]!;
  };
  /** a token: a pool token's canonical number (below FOREIGN), or FOREIGN + its interned text */
  const tokOf = (t: bigint | TokenOut): number => {
    // a pool token is a small number; a string token is one above 2^53 (formatToken), never one of the pool's
    const v = typeof t === 'number' ? t : typeof t === 'bigint' ? (t >= 1n && t <= bigT ? Number(t) : NaN) : Number(t);
    if (v >= 1 && v <= T && Number.isInteger(v)) return tokNum(v);
    const text = String(t);
    let id = strings.get(text);
    if (id === undefined) strings.set(text, (id = strings.size));
    return FOREIGN + id;
  };
  const tok = (t: bigint | TokenOut) => u(tokOf(t));
  const sid = (x: number): number => {
    let c = sids.get(x);
    if (c === undefined) sids.set(x, (c = sids.size));
    return c;
  };
  const handler = (h: Handler) => {
    const c = handlers.indexOf(h);
    if (c >= 0) return u(1 + c);
    handlers.push(h);
    u(0); // first appearance: in full (its number is its place in order of appearance)
    str(h.compatible);
    str(h.module);
    b(h.registered);
    i(h.pins);
    u(h.flbs.length);
    for (const f of h.flbs) str(f.compatible);
  };
  /** a file reference: 0 none, 1 released (+ its number), 2 seen (+ its number), 3 new (+ the file in full) */
  const file = (k: Kernel, id: number | null) => {
    if (id === null) return u(0);
    const c = objs.get(id);
    if (c !== undefined) {
      u(2);
      return u(c);
    }
    const f = k.agent.files.get(id);
    if (!f) {
      // a file LUO still points at after it was released: its id never comes back
      let g = gone.get(id);
      if (g === undefined) gone.set(id, (g = gone.size));
      u(1);
      return u(g);
    }
    objs.set(id, objs.size);
    inodes.set(f.inode, objs.size - 1);
    u(3);
    str(f.kind);
    i(f.refs);
    b(f.frozen);
    if (f.sid === undefined) u(0);
    else u(1 + sid(f.sid));
    str(f.data);
  };
  /** the live file with this inode, if any */
  const fileOfInode = (k: Kernel, x: number): number | null => {
    for (const f of k.agent.files.values()) if (f.inode === x) return f.id;
    return null;
  };
  /** canonical number of an inode once every live file is written: 2c for file c's, 2d+1 for dead inode d */
  const inode = (x: number): number => {
    const c = inodes.get(x);
    if (c !== undefined) return c >= 0 ? 2 * c : 2 * (-1 - c) + 1;
    inodes.set(x, -1 - deadInodes);
    return 2 * deadInodes++ + 1;
  };
  /** an xarray id ("inode:N" from get_id, "file:N", else a string), written where it stands */
  const xa = (k: Kernel, id: string | null) => {
    if (id === null) return u(0);
    if (id.startsWith('inode:')) {
      const x = Number(id.slice(6));
      const f = fileOfInode(k, x);
      if (f !== null) {
        u(1);
        return file(k, f);
      }
      u(2);
      return u(inode(x));
    }
    if (id.startsWith('file:')) {
      u(3);
      return file(k, Number(id.slice(5)));
    }
    u(4);
    str(id);
  };
  /** the same as a number, for sorting a set (every live file is written by then) */
  const xaNum = (id: string): number => {
    if (id.startsWith('inode:')) return 4 * inode(Number(id.slice(6)));
    if (id.startsWith('file:')) {
      const x = Number(id.slice(5));
      const c = objs.get(x);
      if (c !== undefined) return 4 * (2 * c) + 1;
      let g = gone.get(x);
      if (g === undefined) gone.set(x, (g = gone.size));
      return 4 * (2 * g + 1) + 1;
    }
    let t = strings.get(id);
    if (t === undefined) strings.set(id, (t = strings.size));
    return 4 * t + 2;
  };

  /** plain data of a module's own state (modules/state.ts), written as it is (not renamed) */
  const value = (x: unknown): void => {
    if (x === null || x === undefined) return u(0);
    switch (typeof x) {
      case 'boolean':
        u(1);
        return b(x);
      case 'number':
      case 'bigint':
        u(2);
        return str(String(x));
      case 'string':
        u(3);
        return str(x);
      default:
        break;
    }
    if (Array.isArray(x)) {
      u(4);
      u(x.length);
      for (const y of x) value(y);
    } else if (x instanceof Map) {
      u(5);
      u(x.size);
      for (const [key, y] of x) {
        value(key);
        value(y);
      }
    } else if (x instanceof Set) {
      u(6);
      u(x.size);
      for (const y of x) value(y);
    } else {
      const o = x as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      u(7);
      u(keys.length);
      for (const key of keys) {
        str(key);
        value(o[key]);
      }
    }
  };

  const luoFile = (k: Kernel, lf: LuoFile) => {
    tok(lf.tokenOut); // the same token as lf.token, without BigInt arithmetic
    handler(lf.handler);
    str(lf.kind);
    file(k, lf.file);
    xa(k, lf.xaId);
    handle(lf.data);
    if (typeof lf.retrieve === 'number') u(lf.retrieve);
    else {
      u(2);
      str(lf.retrieve);
    }
    b(lf.frozen);
    b(lf.pagesLost === true);
    u(lf.size === undefined ? 0 : 1 + lf.size);
    optStr(lf.payload);
  };
  const session = (k: Kernel, s: Session) => {
    u(sid(s.sid));
    sessName(s.name);
    b(s.retrieved);
    b(s.finished);
    file(k, s.file);
    u(s.files.length);
    for (const lf of s.files) luoFile(k, lf);
  };

  /** sort nums[from .. top) in place (insertion sort: a state's sets are small) */
  const sortRange = (from: number) => {
    for (let j = from + 1; j < top; j++) {
      const x = nums[j]!;
      let at = j - 1;
      while (at >= from && nums[at]! > x) {
        nums[at + 1] = nums[at]!;
        at--;
      }
      nums[at + 1] = x;
    }
  };
  /** write the numbers pushed since `from`, sorted, and pop them */
  const sortedNums = (from: number) => {
    sortRange(from);
    u(top - from);
    for (let j = from; j < top; j++) u(nums[j]!);
    top = from;
  };

  function kernelPart(k: Kernel) {
    str(k.profile.id);
    u(k.patches.length);
    for (const p of k.patches) str(p);
    b(k.enabled);
    u(k.gen);
    b(k.halted);
    u(k.liveupdateNum);
    b(k.device.registered);
    b(k.device.inUse);
    str(k.device.deser);
    b(k.serialized);
    b(k.testHook.active);
    b(k.testHook.firstUseDone);
    u(k.bootModules.length);
    for (const m of k.bootModules) str(m);
    const img = k.incoming;
    if (!img) u(0);
    else {
      u(1);
      str(img.format);
      u(img.liveupdateNum);
      u(img.sessions.length);
      for (const s of img.sessions) {
        sessName(s.name);
        u(s.files.length);
        for (const f of s.files) {
          str(f.compatible);
          handle(f.data);
          tok(f.token);
          str(f.kind);
          b(f.pagesLost === true);
          optStr(f.payload);
        }
      }
      if (!img.flbs) u(0);
      else {
        u(1 + img.flbs.length);
        for (const f of img.flbs) {
          str(f.name);
          handle(f.data);
          i(f.count);
        }
      }
    }
    // the open fds, lowest first, and what each refers to
    const fds = k.agent.fds;
    const from = top;
    for (const fd of fds.keys()) push(fd);
    sortRange(from);
    u(top - from);
    for (let j = from; j < top; j++) {
      u(nums[j]!);
      file(k, fds.get(nums[j]!)!);
    }
    top = from;
    u(k.handlers.length);
    for (const h of k.handlers) handler(h);
    u(k.outgoing.length);
    for (const s of k.outgoing) session(k, s);
    u(k.incomingSessions.length);
    for (const s of k.incomingSessions) session(k, s);
    const extra = k.sessions.size - k.outgoing.length - k.incomingSessions.length;
    u(extra);
    if (extra !== 0) for (const s of k.sessions.values()) if (!k.outgoing.includes(s) && !k.incomingSessions.includes(s)) session(k, s);
    // luo_flb_serialize() sorts the registered FLBs by registration order: only the rank matters
    const ranks = top;
    for (const f of k.flbs.values()) if (f.registered) push(f.order);
    sortRange(ranks);
    const rank = (order: number) => {
      for (let j = ranks; j < top; j++) if (nums[j] === order) return j - ranks;
      return -1;
    };
    u(k.flbs.size);
    for (const f of k.flbs.values()) {
      const o = f.outgoing;
      const x = f.incoming;
      str(f.compatible);
      str(f.module);
      u(f.users);
      u(f.registered ? 1 + rank(f.order) : 0);
      i(o.count);
      handle(o.data);
      b(o.hasObj);
      i(o.refs);
      b(o.locked);
      i(x.count);
      handle(x.data);
      b(x.hasObj);
      b(x.retrieved);
      b(x.finished);
      optStr(x.error);
      b(x.locked);
    }
    top = ranks;
    u(k.modules.size);
    for (const m of k.modules.values()) {
      str(m.id);
      str(m.ref);
      b(m.testFlbs);
      u(m.flbs.length);
      for (const f of m.flbs) str(f);
      u(m.handlers.length);
      for (const h of m.handlers) handler(h);
    }
    u(k.faults.length);
    for (const f of k.faults) {
      str(f.target);
      str(f.callback);
      optStr(f.errno);
      u(f.result === undefined ? 0 : f.result ? 2 : 1);
      if (f.session === undefined) u(0);
      else {
        u(1);
        sessName(f.session);
      }
      if (f.token === undefined) u(0);
      else {
        u(1);
        tok(f.token);
      }
    }
    // files nothing above reaches (a reference never dropped), in creation order
    u(k.agent.files.size - objs.size);
    if (k.agent.files.size > objs.size) for (const id of k.agent.files.keys()) if (!objs.has(id)) file(k, id);
    const ids = top;
    for (const x of k.preservedIds) push(xaNum(x));
    sortedNums(ids);
    const ms = moduleStateOf(k);
    value(ms.gen);
    value(ms.kho);
  }

  /** "sid/token" (the invariant checker's keys) as a number, parsed without substrings */
  const sessTok = (key: string): number => {
    let x = 0;
    let i = 0;
    for (; i < key.length && key.charCodeAt(i) !== 47; i++) x = x * 10 + key.charCodeAt(i) - 48;
    let t = 0;
    let digits = true;
    for (let j = i + 1; j < key.length; j++) {
      const c = key.charCodeAt(j) - 48;
      if (c < 0 || c > 9) digits = false;
      t = t * 10 + c;
    }
    return sid(x) * 0x10000 + (digits && i + 1 < key.length ? tokOf(t) : tokOf(key.slice(i + 1)));
  };

  function invariantPart(st: EngineState) {
    const inv = st.inv;
    const k = st.kernel;
    // FLB counters: only the last count and the (normally zero) gaps can change a later check
    u(inv.flbOut.size);
    if (inv.flbOut.size) {
      const flbs: string[] = [];
      for (const [c, v] of inv.flbOut) flbs.push(`${c}\u0000${v.last}\u0000${v.up - v.preserves}\u0000${v.down - v.unpreserves}`);
      flbs.sort();
      for (const x of flbs) str(x);
    }
    const fin: string[] = [];
    if (inv.finishes.size) {
      const gen = `${k.gen}/`;
      for (const [key, c] of inv.finishes) if (key.startsWith(gen)) fin.push(`${key}\u0000${c}`);
      fin.sort();
    }
    u(fin.length);
    for (const x of fin) str(x);
    // handler canonical numbers first (a handler seen only here is written in full now)
    for (const h of inv.perHandler.keys()) if (!handlers.includes(h)) handler(h);
    for (const h of inv.holder.values()) if (!handlers.includes(h)) handler(h);
    let from = top;
    for (const [h, c] of inv.perHandler) if (c !== 0) push(handlers.indexOf(h) * 0x10000 + (c + 0x8000));
    sortedNums(from);
    from = top;
    for (const [key, h] of inv.holder) push(sessTok(key) * 0x100 + handlers.indexOf(h));
    sortedNums(from);
    from = top;
    for (const [x, c] of inv.perInode) if (c !== 0) push(inode(x) * 0x10000 + (c + 0x8000));
    sortedNums(from);
    from = top;
    for (const [key, x] of inv.inodeOf) push(sessTok(key) * 0x10000 + inode(x));
    sortedNums(from);
  }

  /** a pool name as a number that says which name up to renaming */
  const nameNum = (name: string): number => {
    const at = pools.index.get(name);
    if (at === undefined) return 0;
    const x = pools.info[at]!;
    switch (x.kind) {
      case 'device':
        return 1;
      case 'dup':
        return 2;
      case 'out':
        return 3 + 8 * sessSlot(x.session);
      case 'in':
        return 4 + 8 * sessSlot(x.session);
      case 'file':
        return 5 + 8 * (classOf[x.file - 1]! * 64 + fileSlot(x.file));
      case 'got':
        return (x.from === 'in' ? 6 : 7) + 8 * (sessSlot(x.session) * 64 + tokNum(x.token));
    }
  };

  function namesPart(g: Ghost) {
    // each name that owns an open fd (ghost.ts; a stale binding never matters), ordered by fd
    // (a name-independent order of first appearance), then written as a sorted set
    const from = top;
    for (const [name, fd] of g.fds) push(fd * 0x10000 + (pools.index.get(name) ?? 0xffff));
    sortRange(from);
    for (let j = from; j < top; j++) {
      const at = nums[j]! % 0x10000;
      const fd = (nums[j]! - at) / 0x10000;
      nums[j] = (at === 0xffff ? 0 : nameNum(pools.names[at]!)) * 0x10000 + fd;
    }
    sortedNums(from);
  }

  function ghostPart(g: Ghost) {
    b(g.retrieved);
    for (const m of [g.outHeld, g.inHeld]) {
      u(m.size);
      if (m.size === 0) continue;
      const e = [...m].sort((a, c) => (a[0] < c[0] ? -1 : 1));
      for (const [c, x] of e) {
        str(c);
        u(x);
      }
    }
    const from = top;
    for (const [key, data] of g.expect) {
      const at = key.lastIndexOf('/');
      const name = key.slice(0, at);
      const slot = pools.sessionSlot.get(name);
      let d = strings.get(data);
      if (d === undefined) strings.set(data, (d = strings.size));
      push(((slot === undefined ? 0 : 1 + sessSlot(slot)) * 0x10000 + tokOf(key.slice(at + 1))) * 0x100000 + d);
    }
    sortedNums(from);
  }

  const latin1 = new TextDecoder('latin1');
  const encode = (st: EngineState, ghost: Ghost): number => {
      sessMap.fill(-1);
      fileMap.fill(-1);
      classNext.fill(0);
      tokMap.fill(-1);
      sessNext = 0;
      tokNext = 0;
      objs.clear();
      inodes.clear();
      sids.clear();
      gone.clear();
      handlers.length = 0;
      deadInodes = 0;
      n = 0;
      top = 0;
      kernelPart(st.kernel);
      invariantPart(st);
      namesPart(ghost);
      ghostPart(ghost);
      return n;
  };
  return {
    encode,
    bytes: () => buf,
    // windows-1252 decoding maps each byte to its own code point: distinct bytes, distinct strings
    key: (st, ghost) => latin1.decode(buf.subarray(0, encode(st, ghost))),
  };
}

// The simulated machine: one kernel generation's state, split by layer, plus the event sink.
// Each layer file (core, session, file, flb, handler, agent) owns its part of this record.
import type { CustomModule, OptionalHandlerOp, PatchId } from '../scenario/types';
import type { Errno } from './errno';
import type { EventBody, LuoEvent, SessionDir, TokenOut } from './events';
import type { HandoverImage } from './handover';
import type { Profile } from './profiles';

/** An open file description (struct file): what fds and LUO hold references to. */
export interface FileObj {
  id: number;
  /** 'device', 'session' or a file kind such as 'memfd' */
  kind: string;
  /** references: fds, plus LUO's own (fget at preserve, kept after retrieve) */
  refs: number;
  /** inode number: memfd get_id() identity */
  inode: number;
  data: string;
  /** shmem_freeze(): size may not change while preserved */
  frozen: boolean;
  /** for kind 'session' */
  sid?: number;
}

export interface Agent {
  /** fd number -> file id */
  fds: Map<number, number>;
  /** fds closed below `top`, ascending: the lowest is handed out first */
  free: number[];
  /** the lowest fd never used yet */
  top: number;
  files: Map<number, FileObj>;
  /** bumped when the process exits or the machine kexecs: older fd names go stale */
  incarnation: number;
}

export interface Handler {
  compatible: string;
  module: string;
  accepts: string[];
  ops: Set<OptionalHandlerOp>;
  /** linked FLBs in link order */
  flbs: Flb[];
  registered: boolean;
  /** module references taken for this handler (registration pin, or one per file on 7.1+) */
  pins: number;
  /** memfd: a zero serialized_data makes freeze() EINVAL and unpreserve() return early */
  checksHandle: boolean;
  /** memfd: the size is fixed at preserve (memfd_luo_ser.size) */
  sizeAtPreserve: boolean;
}

export interface FlbSide {
  count: number;
  data: string | null;
  hasObj: boolean;
}

export interface Flb {
  compatible: string;
  /** the module that defined it (owner) */
  module: string;
  /** number of handlers it is linked to */
  users: number;
  /** in the global FLB list (registration order) */
  registered: boolean;
  order: number;
  outgoing: FlbSide & { refs: number; locked: boolean };
  /** gets: get_incoming references not put back yet (the caller's bookkeeping, which the kernel trusts) */
  incoming: FlbSide & { retrieved: boolean; finished: boolean; error: Errno | null; locked: boolean; gets: number };
}

export interface LuoFile {
  token: bigint;
  tokenOut: TokenOut;
  handler: Handler;
  kind: string;
  /** the struct file LUO holds: the preserved file (outgoing) or the retrieved one (incoming) */
  file: number | null;
  /** key in luo_preserved_files (7.1+): get_id() or the struct file */
  xaId: string | null;
  /** serialized_data handle */
  data: string;
  /** content carried by the preserved pages (from the image, incoming side) */
  payload?: string;
  /** i_size recorded by preserve() (memfd_luo_preserve: ser->size); retrieve restores it */
  size?: number;
  /** its preserved pages were kho-unpreserved under it (the same memfd unpreserved in another session) */
  pagesLost?: boolean;
  /** retrieve_status: 0 never tried, 1 retrieved, or the remembered error */
  retrieve: 0 | 1 | Errno;
  frozen: boolean;
}

export interface Session {
  sid: number;
  name: string;
  dir: SessionDir;
  retrieved: boolean;
  finished: boolean;
  files: LuoFile[];
  /** the anon-inode file while userspace holds it */
  file: number | null;
}

export interface Fault {
  target: string;
  callback: string;
  errno?: Errno;
  result?: boolean;
  session?: string;
  token?: bigint;
}

export interface LoadedModule {
  ref: string;
  id: string;
  handlers: Handler[];
  /** FLBs this module defines (owner) */
  flbs: string[];
  testFlbs: boolean;
}

export interface Kernel {
  profile: Profile;
  patches: PatchId[];
  enabled: boolean;
  gen: number;
  halted: boolean;
  /** incoming liveupdate number (0 on a cold boot) */
  liveupdateNum: number;
  device: { registered: boolean; inUse: boolean; deser: 'none' | 'pending' | 'ok' | 'failed' };
  /** the image found at boot, consumed by deserialization */
  incoming: HandoverImage | null;
  /** latest: luo_session_serialize_rwsem held for write after a successful serialization */
  serialized: boolean;
  agent: Agent;
  outgoing: Session[];
  incomingSessions: Session[];
  /** name lookups of both lists (the kernel's strncmp walk, as an index) */
  outgoingByName: Map<string, Session>;
  incomingByName: Map<string, Session>;
  sessions: Map<number, Session>;
  /** registered handlers, registration order */
  handlers: Handler[];
  /** every FLB defined by a loaded module, by compatible */
  flbs: Map<string, Flb>;
  /** luo_preserved_files xarray (7.1+) */
  preservedIds: Set<string>;
  modules: Map<string, LoadedModule>;
  /** lib/tests/liveupdate.c is built in: new handlers get the test FLBs */
  testHook: { active: boolean; firstUseDone: boolean };
  custom: readonly CustomModule[];
  faults: Fault[];
  /** boot module list of this kernel (the default for the next kexec) */
  bootModules: string[];
  counters: { seq: number; step: number; nextFile: number; nextInode: number; nextSid: number; nextFlbOrder: number; nextPa: number };
  sink: (ev: LuoEvent) => void;
  /** violations noticed while a step runs (e.g. a callback on an unregistered handler) */
  pendingViolations: { rule: string; message: string }[];
}

/** Any session, outgoing or incoming (what luo_session_quiesce() and the int unregister check). */
export function sessionsExist(k: Kernel): boolean {
  return k.outgoing.length + k.incomingSessions.length > 0;
}

export function emit(k: Kernel, body: EventBody): void {
  // every body is a fresh literal: stamp it instead of copying it (the hot path)
  const ev = body as LuoEvent;
  ev.seq = k.counters.seq++;
  ev.step = k.counters.step;
  ev.gen = k.gen;
  k.sink(ev);
}

/** A fake physical address for serialized data (deterministic). */
export function allocPa(k: Kernel): string {
  const pa = 0x1_0000_0000 + k.counters.nextPa++ * 0x1000;
  return `0x${pa.toString(16)}`;
}

// The visible state of the simulated machine: what the graph, inspector and tests read.
// projection.ts rebuilds it from events; engineView() reads it off the kernel directly, and
// a property test checks that both agree after every step.
import type { KernelId, PatchId } from '../scenario/types';
import type { Result } from './errno';
import type { FdTarget, SessionDir, TokenOut } from './events';
import type { HandoverImage } from './handover';
import type { Kernel } from './kernel';

export type FileEntryState = 'preserved' | 'serialized' | 'incoming' | 'retrieved' | 'retrieve_failed';

export interface FileEntryView {
  token: TokenOut;
  handler: string;
  /** the struct file LUO holds (outgoing: the preserved file; incoming: the retrieved one) */
  file: number | null;
  data: string;
  state: FileEntryState;
  error: Result | null;
}

export interface SessionView {
  sid: number;
  name: string;
  dir: SessionDir;
  retrieved: boolean;
  finished: boolean;
  /** userspace holds an fd to it */
  open: boolean;
  /** token keys (String(token)) in preservation order */
  order: string[];
  files: Record<string, FileEntryView>;
}

export interface HandlerView {
  compatible: string;
  module: string;
  accepts: string[];
  /** linked FLB compatibles, link order */
  flbs: string[];
}

export interface FlbView {
  compatible: string;
  users: number;
  registered: boolean;
  outgoing: { count: number; data: string | null };
  incoming: { count: number; data: string | null; retrieved: boolean; finished: boolean; error: Result | null };
}

export interface FileView {
  id: number;
  kind: string;
  data: string;
}

/** A finished generation, kept for the graph's earlier lanes. */
export interface PastGeneration {
  gen: number;
  profile: KernelId;
  sessions: Record<number, SessionView>;
  handlers: Record<string, HandlerView>;
  flbs: Record<string, FlbView>;
  handover: HandoverImage | null;
}

export interface WorldView {
  gen: number;
  profile: KernelId;
  patches: PatchId[];
  liveupdate: boolean;
  liveupdateNum: number;
  halted: boolean;
  panic: string | null;
  device: { open: boolean; deser: 'none' | 'pending' | 'ok' | 'failed' };
  fds: Record<number, FdTarget>;
  files: Record<number, FileView>;
  sessions: Record<number, SessionView>;
  handlers: Record<string, HandlerView>;
  flbs: Record<string, FlbView>;
  /** loaded modules by id, in load order (module init/exit) */
  modules: string[];
  /** the image written at the last kexec (read by this generation at boot) */
  handover: HandoverImage | null;
  past: PastGeneration[];
}

/** The current generation's visible state, read off the kernel (past lanes excluded). */
export function engineView(k: Kernel): Omit<WorldView, 'past' | 'handover'> {
  const sessions: Record<number, SessionView> = {};
  for (const s of k.sessions.values()) {
    const files: Record<string, FileEntryView> = {};
    for (const lf of s.files) {
      const state: FileEntryState =
        lf.retrieve === 1 ? 'retrieved' : typeof lf.retrieve === 'string' ? 'retrieve_failed' : s.dir === 'incoming' ? 'incoming' : lf.frozen ? 'serialized' : 'preserved';
      files[String(lf.tokenOut)] = { token: lf.tokenOut, handler: lf.handler.compatible, file: lf.file, data: lf.data, state, error: typeof lf.retrieve === 'string' ? lf.retrieve : null };
    }
    sessions[s.sid] = { sid: s.sid, name: s.name, dir: s.dir, retrieved: s.retrieved, finished: s.finished, open: s.file !== null, order: s.files.map((f) => String(f.tokenOut)), files };
  }
  const handlers: Record<string, HandlerView> = {};
  for (const h of k.handlers) handlers[h.compatible] = { compatible: h.compatible, module: h.module, accepts: [...h.accepts], flbs: h.flbs.map((f) => f.compatible) };
  const flbs: Record<string, FlbView> = {};
  for (const f of k.flbs.values())
    flbs[f.compatible] = {
      compatible: f.compatible,
      users: f.users,
      registered: f.registered,
      outgoing: { count: f.outgoing.count, data: f.outgoing.data },
      incoming: { count: f.incoming.count, data: f.incoming.data, retrieved: f.incoming.retrieved, finished: f.incoming.finished, error: f.incoming.error },
    };
  const fds: Record<number, FdTarget> = {};
  for (const [fd, id] of k.agent.fds) {
    const f = k.agent.files.get(id)!;
    fds[fd] =
      f.kind === 'device' ? { kind: 'device' } : f.kind === 'session' ? { kind: 'session', sid: f.sid!, name: k.sessions.get(f.sid!)?.name ?? '' } : { kind: 'file', file: f.id, fileKind: f.kind };
  }
  const files: Record<number, FileView> = {};
  for (const f of k.agent.files.values()) if (f.kind !== 'device' && f.kind !== 'session') files[f.id] = { id: f.id, kind: f.kind, data: f.data };
  return {
    gen: k.gen,
    profile: k.profile.id,
    patches: [...k.patches],
    liveupdate: k.enabled,
    liveupdateNum: k.liveupdateNum,
    halted: k.halted,
    panic: null,
    device: { open: k.device.inUse, deser: k.device.deser },
    fds,
    files,
    sessions,
    handlers,
    flbs,
    modules: [...k.modules.keys()],
  };
}

// The event union: the only thing the engine emits. Every field is plain JSON, and the
// stream is complete enough to rebuild the visible state (projection.ts) at any event.
import type { KernelId, PatchId, StepOp } from '../scenario/types';
import type { Result } from './errno';
import type { HandoverImage } from './handover';

/** A token as printed: a number, or "0x…" above 2^53. */
export type TokenOut = number | string;

export type FileKind = string;

/** What an fd in the agent's table refers to. */
export type FdTarget =
  | { kind: 'device' }
  | { kind: 'session'; sid: number; name: string }
  | { kind: 'file'; file: number; fileKind: FileKind };

export type SessionDir = 'outgoing' | 'incoming';

/** What a step acted on, resolved when it ran (so a failure can be marked on that node). */
export interface StepTarget {
  /** the fd the call was made on (device, session or file) */
  fd?: number;
  /** the session that fd referred to */
  sid?: number;
  flb?: string;
  module?: string;
}

/** Owner of a callback: a file handler or an FLB. */
export type CallbackOwner = 'handler' | 'flb';

export type EventBody =
  /** A kernel generation starts (0 = cold boot, +1 per kexec). */
  | { type: 'boot'; profile: KernelId; patches: PatchId[]; liveupdate: boolean; liveupdateNum: number; incoming: 'none' | 'found' | 'ignored' }
  /** luo_early_startup() could not read the incoming data: luo_restore_fail() panics. */
  | { type: 'panic'; reason: string }
  /** A scenario step begins. */
  | { type: 'step'; op: StepOp; text: string }
  /** A scenario step returns (the syscall's or in-kernel call's result). */
  /** `data` (a read's content) is clipped to EVENT_DATA_CHARS; `dataLength` is then the whole length (content.ts) */
  | { type: 'result'; op: StepOp; result: Result | 'halted'; fd?: number; data?: string; dataLength?: number; name?: string; on?: StepTarget }
  /** initFailed: the module's init failed after its load and it unwound (it is not loaded) */
  | { type: 'module'; action: 'load' | 'unload'; module: string; result: Result; initFailed?: true }
  | { type: 'handler_register'; compatible: string; module: string; accepts: string[]; result: Result }
  | { type: 'handler_unregister'; compatible: string; result: Result }
  | { type: 'flb_register'; compatible: string; handler: string; result: Result; users: number }
  | { type: 'flb_unregister'; compatible: string; handler: string; result: Result; users: number }
  | { type: 'file_new'; file: number; fileKind: FileKind; data: string; dataLength?: number }
  | { type: 'file_write'; file: number; data: string; dataLength?: number }
  | { type: 'file_release'; file: number }
  | { type: 'fd_open'; fd: number; target: FdTarget }
  | { type: 'fd_close'; fd: number }
  | { type: 'device'; action: 'open' | 'release' }
  /** luo_session_deserialize() on the first open after a kexec. */
  | { type: 'deserialize'; result: Result; reason?: string }
  | { type: 'session_new'; sid: number; name: string; dir: SessionDir }
  | { type: 'session_retrieved'; sid: number }
  | { type: 'session_finished'; sid: number }
  /** A session object is freed (closed, finished and closed) or dropped at kexec. */
  | { type: 'session_gone'; sid: number; reason: 'closed' | 'kexec' }
  /** Close of a retrieved session whose finish failed: held until the next live update. */
  | { type: 'session_held'; sid: number; result: Result }
  | { type: 'file_preserved'; sid: number; token: TokenOut; file: number; handler: string; data: string }
  | { type: 'file_unpreserved'; sid: number; token: TokenOut }
  /** freeze() passed (or is absent) and the file's entry was written. */
  | { type: 'file_serialized'; sid: number; token: TokenOut; data: string }
  /** rollback of a failed serialization: the entry is cleared. */
  | { type: 'file_unserialized'; sid: number; token: TokenOut; data: string }
  /** A file recreated from the handover data at deserialization. */
  | { type: 'file_incoming'; sid: number; token: TokenOut; handler: string; data: string }
  | { type: 'file_retrieved'; sid: number; token: TokenOut; result: Result; file?: number }
  | { type: 'file_finished'; sid: number; token: TokenOut; retrieved: boolean }
  | { type: 'callback'; owner: CallbackOwner; compatible: string; callback: string; session?: string; token?: TokenOut; result?: Result | boolean; injected?: boolean }
  /** An FLB's outgoing or incoming state after a change. */
  | { type: 'flb'; compatible: string; side: 'outgoing' | 'incoming'; count: number; data: string | null; retrieved?: boolean; finished?: boolean; error?: Result | null; why: string }
  | { type: 'kexec'; phase: 'start' | 'serialize' | 'flb_serialize' | 'kho_finalize' | 'failed' | 'jump'; result?: Result }
  | { type: 'handover'; image: HandoverImage }
  /** A WARN or pr_err the simulated kernel would print. */
  | { type: 'warn'; message: string }
  /** An armed fault (inject) was consumed. */
  | { type: 'fault'; target: string; callback: string; action: 'armed' | 'fired' }
  /** An invariant of SPEC §6 failed after this step. */
  | { type: 'violation'; rule: string; message: string };

export type LuoEvent = EventBody & {
  seq: number;
  /** scenario step index (-1 for the cold boot before step 0) */
  step: number;
  gen: number;
};

export type EventType = LuoEvent['type'];

// Sessions (kernel/liveupdate/luo_session.c): the outgoing and incoming lists, names and
// limits, the file list each session owns, serialization at reboot and deserialization.
import type { Result } from './errno';
import type { HandoverFile, HandoverSession } from './handover';
import { installFd, newFile, type Release } from './agent';
import { emit, type FileObj, type Kernel, type LuoFile, type Session } from './kernel';
import { canFinishFile, finishFile, freezeFile, preserveFile, retrieveFile, unfreezeFile, unpreserveFile } from './file';
import { findHandler } from './handler';
import { warnIfWrongKind } from './ioctl';
import { MUTATED } from './mutations';
import { FILES_PER_BLOCK, KHO_MAX_BLOCKS, SESSION_NAME_LENGTH, SESSIONS_PER_BLOCK } from './profiles';
import { formatToken, parseToken } from '../scenario/token';

const utf8 = new TextEncoder();

/** The name as the kernel stores it: at most 64 bytes; before latest, truncated to 63 by strscpy. */
function byteLength(name: string): number {
  return utf8.encode(name).length;
}

function truncate63(name: string): string {
  let out = '';
  for (const ch of name) {
    if (byteLength(out + ch) > SESSION_NAME_LENGTH - 1) break;
    out += ch;
  }
  return out;
}

function blocksFor(n: number, perBlock: number): number {
  return Math.ceil(n / perBlock);
}

/** The session layer's state in a kernel that has just booted (luo_session_global). */
export function sessionState(): Pick<Kernel, 'outgoing' | 'incomingSessions' | 'outgoingByName' | 'incomingByName' | 'sessions'> {
  return { outgoing: [], incomingSessions: [], outgoingByName: new Map(), incomingByName: new Map(), sessions: new Map() };
}

function newSession(k: Kernel, name: string, dir: Session['dir']): Session {
  const s: Session = { sid: k.counters.nextSid++, name, dir, retrieved: false, finished: false, files: [], file: null };
  k.sessions.set(s.sid, s);
  emit(k, { type: 'session_new', sid: s.sid, name, dir });
  return s;
}

function openSessionFd(k: Kernel, s: Session): number {
  const f = newFile(k, 'session', '', { sid: s.sid });
  s.file = f.id;
  return installFd(k, f);
}

/** luo_session_create(): name check (latest), limit, duplicate name in the outgoing list. */
export function createSession(k: Kernel, rawName: string): { result: Result; fd?: number } {
  let name = rawName;
  const len = byteLength(rawName);
  if (k.profile.nameValidation) {
    if (len === 0 || len >= SESSION_NAME_LENGTH) return { result: 'EINVAL' };
  } else if (len >= SESSION_NAME_LENGTH) {
    name = truncate63(rawName);
  }
  const n = k.outgoing.length;
  if (k.profile.sessionMax !== null) {
    if (n >= k.profile.sessionMax) return { result: 'ENOMEM' }; // LUO_SESSION_MAX reached (sic, not ENOSPC)
  } else if (blocksFor(n + 1, SESSIONS_PER_BLOCK) > KHO_MAX_BLOCKS) {
    return { result: 'ENOSPC' };
  }
  if (k.outgoingByName.has(name)) return { result: 'EEXIST' };
  const s = newSession(k, name, 'outgoing');
  k.outgoing.push(s);
  k.outgoingByName.set(name, s);
  return { result: 'ok', fd: openSessionFd(k, s) };
}

/** luo_session_retrieve(): look up the incoming list; a second retrieve is EINVAL. */
export function retrieveSession(k: Kernel, name: string): { result: Result; fd?: number } {
  const s = k.incomingByName.get(name);
  if (!s) return { result: 'ENOENT' };
  if (s.retrieved) return { result: 'EINVAL' };
  s.retrieved = true;
  emit(k, { type: 'session_retrieved', sid: s.sid });
  return { result: 'ok', fd: openSessionFd(k, s) };
}

/** luo_session_preserve_fd(): token, capacity, fget, then the file layer. */
export function preserveFd(k: Kernel, s: Session, f: FileObj | null, token: bigint): Result {
  if (s.files.some((x) => x.token === token)) return 'EEXIST';
  const n = s.files.length;
  if (k.profile.fileMax !== null) {
    if (n >= k.profile.fileMax) return 'ENOSPC';
  } else if (blocksFor(n + 1, FILES_PER_BLOCK) > KHO_MAX_BLOCKS) {
    return 'ENOSPC';
  }
  if (!f) return 'EBADF';
  const { result, file } = preserveFile(k, s, f, token);
  if (file) s.files.push(file);
  return result;
}

/** The PRESERVE_FD ioctl on a session fd (luo_session_preserve_fd()). */
export function preserveFdIoctl(k: Kernel, s: Session, f: FileObj | null, token: bigint): Result {
  warnIfWrongKind(k, 'preserve_fd', s);
  return preserveFd(k, s, f, token);
}

/** The FINISH ioctl (luo_session_finish()): reserved must be 0 since 7.2, then luo_session_finish_one(). */
export function finishIoctl(k: Kernel, s: Session, reserved: number, release: Release): Result {
  if (k.profile.finishReserved && reserved !== 0) return 'EINVAL';
  warnIfWrongKind(k, 'finish', s);
  return finishSession(k, s, release);
}

/** The GET_NAME ioctl (luo_session_get_name(), since 7.2): reserved must be 0. */
export function getNameIoctl(s: Session, reserved: number): { result: Result; name?: string } {
  return reserved !== 0 ? { result: 'EINVAL' } : { result: 'ok', name: s.name };
}

/** luo_session_retrieve_fd(): token lookup, then the file layer. */
export function retrieveFd(k: Kernel, s: Session): (token: bigint) => { result: Result; file?: FileObj } {
  return (token) => {
    warnIfWrongKind(k, 'retrieve_fd', s);
    const lf = s.files.find((x) => x.token === token);
    if (!lf) return { result: 'ENOENT' };
    return retrieveFile(k, s, lf);
  };
}

/** luo_file_finish(): can_finish on every file, then finish last to first. */
export function finishSession(k: Kernel, s: Session, release: Release): Result {
  if (s.files.length > 0) {
    for (const lf of s.files) if (!canFinishFile(k, s, lf)) return 'EBUSY';
    for (const lf of [...s.files].reverse()) finishFile(k, s, lf, release);
    s.files = [];
  }
  if (!s.finished) {
    s.finished = true;
    emit(k, { type: 'session_finished', sid: s.sid });
  }
  return 'ok';
}

function removeSession(k: Kernel, s: Session, reason: 'closed' | 'kexec'): void {
  const list = s.dir === 'outgoing' ? k.outgoing : k.incomingSessions;
  const at = list.indexOf(s);
  if (at >= 0) list.splice(at, 1);
  const names = s.dir === 'outgoing' ? k.outgoingByName : k.incomingByName;
  if (names.get(s.name) === s) names.delete(s.name);
  k.sessions.delete(s.sid);
  emit(k, { type: 'session_gone', sid: s.sid, reason });
}

/** luo_session_release(): the last fd of a session closed. */
export function releaseSession(k: Kernel, s: Session, release: Release): void {
  s.file = null;
  if (s.dir === 'outgoing') {
    // luo_file_unpreserve_files(): last to first; nothing of it is handed over
    for (const lf of [...s.files].reverse()) unpreserveFile(k, s, lf, release);
    s.files = [];
    removeSession(k, s, 'closed');
    return;
  }
  const r = finishSession(k, s, release);
  if (r === 'ok') removeSession(k, s, 'closed');
  else emit(k, { type: 'session_held', sid: s.sid, result: r });
}

/** luo_session_serialize(): freeze every outgoing session's files; roll back on failure. */
export function serializeSessions(k: Kernel): { result: Result; sessions?: HandoverSession[] } {
  const out: HandoverSession[] = [];
  for (let si = 0; si < k.outgoing.length; si++) {
    const s = k.outgoing[si]!;
    const files: HandoverSession['files'] = [];
    for (let fi = 0; fi < s.files.length; fi++) {
      const lf = s.files[fi]!;
      const r = freezeFile(k, s, lf);
      if (r !== 'ok') {
        if (MUTATED['no-unfreeze-rollback']) return { result: r };
        unfreezeRange(k, s, fi);
        for (let back = si - 1; back >= 0; back--) unfreezeRange(k, k.outgoing[back]!, k.outgoing[back]!.files.length);
        return { result: r };
      }
      const f = lf.file === null ? undefined : k.agent.files.get(lf.file);
      const hf: HandoverFile = { compatible: lf.handler.compatible, data: lf.data, token: lf.tokenOut, kind: lf.kind };
      // the preserved folios: writes within the preserve-time size land in them; i_size comes back as recorded
      if (f && f.kind !== 'devnull') hf.payload = lf.size === undefined ? f.data : f.data.slice(0, lf.size);
      if (lf.pagesLost) hf.pagesLost = true;
      files.push(hf);
      emit(k, { type: 'file_serialized', sid: s.sid, token: lf.tokenOut, data: lf.data });
    }
    out.push({ name: s.name, files });
  }
  return { result: 'ok', sessions: out };
}

/** Unfreeze files [0, end) of a session, forward, and clear their entries. */
function unfreezeRange(k: Kernel, s: Session, end: number): void {
  for (const lf of s.files.slice(0, end)) {
    unfreezeFile(k, s, lf);
    emit(k, { type: 'file_unserialized', sid: s.sid, token: lf.tokenOut, data: lf.data });
  }
}

/** luo_session_deserialize(): rebuild incoming sessions; any error is final (open gives EIO). */
export function deserializeSessions(k: Kernel, sessions: HandoverSession[]): { result: Result; reason?: string } {
  for (const hs of sessions) {
    if (k.incomingByName.has(hs.name)) return { result: 'EEXIST', reason: `two incoming sessions named "${hs.name}"` };
    const s = newSession(k, hs.name, 'incoming');
    k.incomingSessions.push(s);
    k.incomingByName.set(hs.name, s);
    for (const hf of hs.files) {
      const h = findHandler(k, hf.compatible);
      if (!h) return { result: 'ENOENT', reason: `no registered handler has compatible "${hf.compatible}" (session "${hs.name}", token ${String(hf.token)})` };
      if (k.profile.pinPerFile) h.pins++;
      const token = parseToken(hf.token)!;
      const lf: LuoFile = { token, tokenOut: formatToken(token), handler: h, kind: hf.kind, file: null, xaId: null, data: hf.data, retrieve: 0, frozen: false, ...(hf.payload !== undefined ? { payload: hf.payload } : {}), ...(hf.pagesLost ? { pagesLost: true } : {}) };
      s.files.push(lf);
      emit(k, { type: 'file_incoming', sid: s.sid, token: lf.tokenOut, handler: h.compatible, data: hf.data });
    }
  }
  return { result: 'ok' };
}

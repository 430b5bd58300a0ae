// One preserved file driven through its handler's callbacks (kernel/liveupdate/luo_file.c).
// The session layer owns the file list, the token and capacity checks; this file does the rest.
import type { Errno, Result } from './errno';
import type { Site } from './callbacks';
import { handlerBool, handlerGetId, handlerInt, handlerVoid } from './callbacks';
import { putFile, newFile, type Release } from './agent';
import { allocPa, emit, type FileObj, type Handler, type Kernel, type LuoFile, type Session } from './kernel';
import { flbFileFinish, flbFilePreserve, flbFileUnpreserve } from './flb';
import { formatToken } from '../scenario/token';
import { kindHasContent } from './modules/catalog';

/** The file layer's state in a kernel that has just booted: luo_preserved_files is empty. */
export function fileState(): Pick<Kernel, 'preservedIds'> {
  return { preservedIds: new Set() };
}

export function siteOf(s: Session, token: bigint): Site {
  return { session: s.name, token, tokenOut: formatToken(token) };
}

/** Walk registered handlers in registration order; the first whose can_preserve() says yes. */
function chooseHandler(k: Kernel, f: FileObj, site: Site): Handler | null {
  for (const h of k.handlers) {
    if (handlerBool(k, h, 'can_preserve', site, h.accepts.includes(f.kind))) return h;
  }
  return null;
}

/** luo_preserve_file() after the session's own checks: handler, id, FLBs, preserve(). */
export function preserveFile(k: Kernel, s: Session, f: FileObj, token: bigint): { result: Result; file?: LuoFile } {
  const site: Site = { ...siteOf(s, token), file: f }; // module hooks read the file being preserved
  const h = chooseHandler(k, f, site);
  if (!h) return { result: 'ENOENT' };
  let xaId: string | null = null;
  if (k.profile.doublePreserve) {
    h.pins++; // try_module_get() per file
    xaId = handlerGetId(k, h, site, `inode:${f.inode}`) ?? `file:${f.id}`;
    if (k.preservedIds.has(xaId)) {
      h.pins--;
      return { result: 'EBUSY' };
    }
    k.preservedIds.add(xaId);
  }
  const unwind = () => {
    if (xaId !== null) {
      k.preservedIds.delete(xaId);
      h.pins--;
    }
  };
  if (k.profile.flb) {
    const r = flbFilePreserve(k, h, site);
    if (r !== 'ok') {
      unwind();
      return { result: r };
    }
  }
  const r = handlerInt(k, h, 'preserve', site)!;
  if (r !== 'ok') {
    if (k.profile.flb) flbFileUnpreserve(k, h, site);
    unwind();
    return { result: r };
  }
  f.refs++; // LUO keeps its own reference (fget)
  if (kindHasContent(f.kind)) f.frozen = true;
  const lf: LuoFile = { token, tokenOut: site.tokenOut!, handler: h, kind: f.kind, file: f.id, xaId, data: allocPa(k), retrieve: 0, frozen: false };
  if (h.sizeAtPreserve) lf.size = f.data.length; // memfd_luo_preserve(): ser->size = i_size_read()
  emit(k, { type: 'file_preserved', sid: s.sid, token: lf.tokenOut, file: f.id, handler: h.compatible, data: lf.data });
  return { result: 'ok', file: lf };
}

/** Undo one preservation: unpreserve(), FLBs in reverse, module put, drop LUO's reference. */
export function unpreserveFile(k: Kernel, s: Session, lf: LuoFile, release: Release): void {
  const site = siteOf(s, lf.token);
  handlerVoid(k, lf.handler, 'unpreserve', site);
  const f = lf.file === null ? undefined : k.agent.files.get(lf.file);
  // memfd_luo_unpreserve() returns at WARN_ON_ONCE(!serialized_data), before shmem_freeze(inode, false)
  const early = lf.handler.checksHandle && lf.data === ZERO_HANDLE;
  if (early)
    emit(k, { type: 'warn', message: `${lf.handler.compatible}: unpreserve() of token ${String(lf.tokenOut)} hits WARN_ON_ONCE(!serialized_data) and returns early: the memfd stays frozen (it can never grow again) and its pages stay pinned` });
  else if (lf.handler.checksHandle && f) unpreservePagesUnder(k, lf, f);
  if (k.profile.flb) flbFileUnpreserve(k, lf.handler, site);
  dropIdentity(k, lf);
  emit(k, { type: 'file_unpreserved', sid: s.sid, token: lf.tokenOut });
  if (f) {
    if (!early) f.frozen = false;
    putFile(k, f, release);
  }
  lf.file = null;
}

/** A zero serialized_data: what luo_file_unfreeze_one() leaves behind on 6.19/7.0. */
export const ZERO_HANDLE = '0x0';

/**
 * memfd_luo_unpreserve_folios() kho-unpreserves the inode's folios. Where the same memfd is
 * preserved in another session too (6.19/7.0 have no double-preservation check), that
 * session's entry now points at pages KHO no longer preserves.
 */
function unpreservePagesUnder(k: Kernel, gone: LuoFile, f: FileObj): void {
  for (const s of k.outgoing)
    for (const other of s.files) {
      if (other === gone || other.file === null || !other.handler.checksHandle || (other.size ?? 0) === 0) continue;
      if (k.agent.files.get(other.file)?.inode !== f.inode) continue;
      if (other.pagesLost) continue;
      other.pagesLost = true;
      emit(k, { type: 'warn', message: `the pages of the memfd behind token ${String(other.tokenOut)} of session "${s.name}" were just kho-unpreserved by the other session's unpreserve(): after a kexec its retrieve() cannot restore them (EIO)` });
    }
}

function dropIdentity(k: Kernel, lf: LuoFile): void {
  if (!k.profile.pinPerFile) return;
  if (lf.handler.pins > 0) lf.handler.pins--;
  if (lf.xaId !== null) k.preservedIds.delete(lf.xaId);
  lf.xaId = null;
}

/** freeze() at reboot; null when the handler has none (nothing to call). */
export function freezeFile(k: Kernel, s: Session, lf: LuoFile): Result {
  // memfd_luo_freeze(): WARN_ON_ONCE(!args->serialized_data) and -EINVAL
  const poisoned = lf.handler.checksHandle && lf.data === ZERO_HANDLE;
  const r = handlerInt(k, lf.handler, 'freeze', siteOf(s, lf.token), poisoned ? 'EINVAL' : 'ok') ?? 'ok';
  if (poisoned && r === 'EINVAL')
    emit(k, { type: 'warn', message: `${lf.handler.compatible}: freeze() of token ${String(lf.tokenOut)} hits WARN_ON_ONCE(!serialized_data): a rolled-back freeze reset its handle to 0, so every kexec fails here until the session is closed` });
  if (r === 'ok') lf.frozen = true;
  return r;
}

/** luo_file_unfreeze_one(): unfreeze(), then (6.19/7.0 only) serialized_data = 0. */
export function unfreezeFile(k: Kernel, s: Session, lf: LuoFile): void {
  handlerVoid(k, lf.handler, 'unfreeze', siteOf(s, lf.token));
  lf.frozen = false;
  if (k.profile.unfreezeZeroesHandle) lf.data = ZERO_HANDLE;
}

/** luo_retrieve_file() from the token lookup on: remembered errors, reuse, retrieve(). */
export function retrieveFile(k: Kernel, s: Session, lf: LuoFile): { result: Result; file?: FileObj } {
  if (typeof lf.retrieve === 'string' && k.profile.rememberRetrieveError) return { result: lf.retrieve };
  if (lf.retrieve === 1 && lf.file !== null) {
    const f = k.agent.files.get(lf.file);
    if (f) return { result: 'ok', file: f };
  }
  const site = siteOf(s, lf.token);
  // memfd_luo_retrieve_folios(): kho_restore_folio() fails on a page KHO no longer preserves: -EIO
  const lost = lf.pagesLost === true && lf.handler.checksHandle;
  const r = handlerInt(k, lf.handler, 'retrieve', site, lost ? 'EIO' : 'ok')!;
  if (lost && r === 'EIO')
    emit(k, { type: 'warn', message: `${lf.handler.compatible}: retrieve() of token ${String(lf.tokenOut)}: kho_restore_folio() finds a page that was not preserved (another session's unpreserve released it before the kexec): -EIO` });
  if (lf.data === ZERO_HANDLE) // luo_retrieve_file() passes the handle as it is; the handler decides
    emit(k, { type: 'warn', message: `${lf.handler.compatible}: retrieve() of token ${String(lf.tokenOut)} is passed serialized_data 0 (reset by a rolled-back freeze on 6.19/7.0)` });
  if (r !== 'ok') {
    lf.retrieve = r as Errno;
    emit(k, { type: 'file_retrieved', sid: s.sid, token: lf.tokenOut, result: r });
    return { result: r };
  }
  // outgoing data (no session-kind check before latest): the pages are the live file's
  const live = s.dir === 'outgoing' && lf.file !== null ? k.agent.files.get(lf.file)?.data : undefined;
  const f = newFile(k, lf.kind, lf.payload ?? live ?? '');
  f.refs++; // LUO keeps a reference until finish
  lf.file = f.id;
  lf.retrieve = 1;
  if (k.profile.doublePreserve) {
    // the retrieved file's id joins luo_preserved_files until finish
    lf.xaId = handlerGetId(k, lf.handler, site, `inode:${f.inode}`) ?? `file:${f.id}`;
    k.preservedIds.add(lf.xaId);
  }
  emit(k, { type: 'file_retrieved', sid: s.sid, token: lf.tokenOut, result: 'ok', file: f.id });
  return { result: 'ok', file: f };
}

/** can_finish() for one file (optional callback; absent means yes). */
export function canFinishFile(k: Kernel, s: Session, lf: LuoFile): boolean {
  return handlerBool(k, lf.handler, 'can_finish', siteOf(s, lf.token), true) ?? true;
}

/** finish(), FLB finish in reverse, module put, drop LUO's reference to a retrieved file. */
export function finishFile(k: Kernel, s: Session, lf: LuoFile, release: Release): void {
  const site = siteOf(s, lf.token);
  handlerVoid(k, lf.handler, 'finish', site);
  if (k.profile.flb) flbFileFinish(k, lf.handler, site);
  const retrieved = lf.retrieve === 1;
  dropIdentity(k, lf);
  emit(k, { type: 'file_finished', sid: s.sid, token: lf.tokenOut, retrieved });
  const f = retrieved && lf.file !== null ? k.agent.files.get(lf.file) : undefined;
  lf.file = null;
  if (f) putFile(k, f, release);
}

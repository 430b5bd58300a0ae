// The userspace agent: one process with an fd table, files with small contents, dup, close
// and exit. Releasing the last reference of a file calls back into the kernel (release()).
import type { Result } from './errno';
import type { FdTarget } from './events';
import { emit, type FileObj, type Kernel } from './kernel';
import { kindHasContent } from './modules/catalog';
import { fileRead, fileWrite } from './modules/hooks';
import { MUTATED } from './mutations';

export type Release = (k: Kernel, f: FileObj) => void;

export function newAgent(incarnation = 0) {
  return { fds: new Map<number, number>(), files: new Map<number, FileObj>(), incarnation, free: [] as number[], top: 3 };
}

export function newFile(k: Kernel, kind: string, data = '', extra: Partial<FileObj> = {}): FileObj {
  const f: FileObj = { id: k.counters.nextFile++, kind, refs: 0, inode: k.counters.nextInode++, data, frozen: false, ...extra };
  k.agent.files.set(f.id, f);
  if (kind !== 'device' && kind !== 'session') emit(k, { type: 'file_new', file: f.id, fileKind: kind, data });
  return f;
}

function target(k: Kernel, f: FileObj): FdTarget {
  if (f.kind === 'device') return { kind: 'device' };
  if (f.kind === 'session') return { kind: 'session', sid: f.sid!, name: k.sessions.get(f.sid!)?.name ?? '' };
  return { kind: 'file', file: f.id, fileKind: f.kind };
}

/** Install a file at the lowest free fd (0-2 are stdio). */
export function installFd(k: Kernel, f: FileObj): number {
  const a = k.agent;
  const fd = a.free.length ? a.free.shift()! : a.top++;
  a.fds.set(fd, f.id);
  f.refs++;
  emit(k, { type: 'fd_open', fd, target: target(k, f) });
  return fd;
}

export function fileOfFd(k: Kernel, fd: number | null): FileObj | null {
  if (fd === null) return null;
  const id = k.agent.fds.get(fd);
  return id === undefined ? null : (k.agent.files.get(id) ?? null);
}

/** fput(): drop one reference; the last one releases the file. */
export function putFile(k: Kernel, f: FileObj, release: Release): void {
  f.refs--;
  if (f.refs > 0) return;
  k.agent.files.delete(f.id);
  if (f.kind !== 'device' && f.kind !== 'session') emit(k, { type: 'file_release', file: f.id });
  release(k, f);
}

/** Keep the closed fd for reuse, in ascending order (closes usually come in order). */
function freeFd(k: Kernel, fd: number): void {
  const free = k.agent.free;
  let i = free.length;
  while (i > 0 && free[i - 1]! > fd) i--;
  free.splice(i, 0, fd);
}

export function closeFd(k: Kernel, fd: number | null, release: Release): Result {
  const f = fileOfFd(k, fd);
  if (!f || fd === null) return 'EBADF';
  k.agent.fds.delete(fd);
  freeFd(k, fd);
  emit(k, { type: 'fd_close', fd });
  if (!MUTATED['close-keeps-ref']) putFile(k, f, release);
  return 'ok';
}

export function dupFd(k: Kernel, fd: number | null): { result: Result; fd?: number } {
  const f = fileOfFd(k, fd);
  if (!f) return { result: 'EBADF' };
  return { result: 'ok', fd: installFd(k, f) };
}

/**
 * exit(): close_files() closes every fd, lowest first, but each last fput() only queues
 * ____fput() with task_work_add(), which pushes on the head of the list; exit_task_work()
 * then runs the list from its head, so the files are released highest fd first.
 */
export function exitAgent(k: Kernel, release: Release): void {
  const queued: FileObj[] = [];
  for (const fd of [...k.agent.fds.keys()].sort((a, b) => a - b)) closeFd(k, fd, (_k, f) => queued.push(f));
  for (const f of queued.reverse()) release(k, f);
  k.agent.incarnation++;
}

/** pwrite(fd, data, len, 0): overwrite from offset 0; a preserved memfd cannot grow. */
export function writeFd(k: Kernel, fd: number | null, data: string): Result {
  const f = fileOfFd(k, fd);
  if (!f) return 'EBADF';
  const own = fileWrite(k, f, data); // a module's file kind (eventfd, a frozen VFIO device): modules/hooks.ts
  if (own !== null) return own;
  if (!kindHasContent(f.kind)) return 'EINVAL';
  if (f.kind === 'devnull') return 'ok';
  if (f.frozen && data.length > f.data.length) return 'EPERM'; // shmem_freeze(): size is fixed while preserved
  f.data = data + f.data.slice(data.length);
  emit(k, { type: 'file_write', file: f.id, data: f.data });
  return 'ok';
}

/** pread(fd, buf, size, 0). */
export function readFd(k: Kernel, fd: number | null): { result: Result; data?: string } {
  const f = fileOfFd(k, fd);
  if (!f) return { result: 'EBADF' };
  const own = fileRead(k, f);
  if (own !== null) return own;
  if (!kindHasContent(f.kind)) return { result: 'EINVAL' };
  return { result: 'ok', data: f.kind === 'devnull' ? '' : f.data };
}

// eventfd (series v1, Jun 2026): handler eventfd-v1 for kind `eventfd` (catalog.ts). The LUO
// callbacks need no hook: preserve() snapshots {count, flags} (struct eventfd_luo_ser), freeze()
// refreshes the count (eventfd_luo_freeze(), WARN_ON_ONCE(!serialized_data) like memfd), and
// retrieve() creates a new eventfd with that count (eventfd_luo_retrieve()); the engine's
// payload (the file's data, taken at serialization after freeze) carries the count.
// What is modelled here is the file itself: `data` is the 64-bit counter in decimal
// (create_file data "5" = eventfd(5, EFD_NONBLOCK)); write adds, read returns it and resets
// it to 0 (not EFD_SEMAPHORE), a zero counter reads EAGAIN (non-blocking).
import type { Result } from '../errno';
import { emit, type FileObj, type Kernel } from '../kernel';

const MAX = 0xfffffffffffffffen; // ULLONG_MAX - 1

function count(f: FileObj): bigint {
  return /^\d+$/.test(f.data) ? BigInt(f.data) : 0n;
}

/** eventfd_write(): an 8-byte value; 0xffffffffffffffff is EINVAL; an overflowing add is EAGAIN. */
export function eventfdWrite(k: Kernel, f: FileObj, data: string): Result {
  if (!/^\d+$/.test(data)) return 'EINVAL';
  const v = BigInt(data);
  if (v > MAX) return 'EINVAL';
  if (MAX - count(f) < v) return 'EAGAIN';
  f.data = String(count(f) + v);
  emit(k, { type: 'file_write', file: f.id, data: f.data });
  return 'ok';
}

/** eventfd_read(): the counter, then 0; EAGAIN at 0. */
export function eventfdRead(k: Kernel, f: FileObj): { result: Result; data?: string } {
  const c = count(f);
  if (c === 0n) return { result: 'EAGAIN' };
  f.data = '0';
  emit(k, { type: 'file_write', file: f.id, data: f.data });
  return { result: 'ok', data: String(c) };
}

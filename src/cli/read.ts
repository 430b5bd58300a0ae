// Reading a scenario file with its size checked before and while reading: a FIFO, a device
// such as /dev/zero or a file that grows while it is read is refused, never read for ever.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { MAX_SCENARIO_TEXT_LENGTH } from '../scenario/validate';

/** The largest scenario file the command reads (bytes); the app's Import takes the same. */
export const MAX_SCENARIO_FILE_BYTES = MAX_SCENARIO_TEXT_LENGTH;

/** A reason the file is refused (not an internal error: exit status 2). */
export class FileRefused extends Error {}

function kindOf(st: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

const mb = (n: number) => `${(n / (1024 * 1024)).toLocaleString('en', { maximumFractionDigits: 1 })} MiB`;

/** The file's text (UTF-8), or throws FileRefused / the system error. */
export function readScenarioFile(path: string, limit = MAX_SCENARIO_FILE_BYTES): string {
  // stat before open: opening a FIFO for reading would block until a writer comes
  const before = statSync(path);
  if (!before.isFile()) throw new FileRefused(`it is ${kindOf(before)}, not a regular file`);
  if (before.size > limit) throw new FileRefused(`it is ${mb(before.size)}, over the limit of ${mb(limit)}`);
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileRefused(`it is ${kindOf(st)}, not a regular file`);
    if (st.size > limit) throw new FileRefused(`it is ${mb(st.size)}, over the limit of ${mb(limit)}`);
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw new FileRefused(`it grew past the limit of ${mb(limit)} while it was read`);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

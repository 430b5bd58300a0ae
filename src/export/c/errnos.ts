// Errno names the exported C maps to <errno.h> constants: the engine's, plus what a real
// kernel or libc may answer instead (so a mismatch prints a name, not a number).
import { ERRNO } from '../../engine/errno';

const EXTRA = ['ESRCH', 'EINTR', 'ENXIO', 'ENOEXEC', 'ECHILD', 'EACCES', 'ENOTBLK', 'EXDEV', 'ENOTDIR', 'EISDIR', 'ENFILE', 'EFBIG', 'ESPIPE', 'EROFS', 'EMLINK', 'EPIPE', 'ERANGE', 'EDEADLK', 'ENAMETOOLONG', 'ENOTEMPTY', 'EOVERFLOW', 'EBADFD', 'ECANCELED', 'EOWNERDEAD'];

/** Every errno name the C test knows, the engine's first. */
export const C_ERRNOS: readonly string[] = [...Object.keys(ERRNO), ...EXTRA.filter((e) => !(e in ERRNO))];

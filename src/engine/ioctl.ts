// ioctl dispatch (luo_ioctl() in luo_core.c, luo_session_ioctl() in luo_session.c): the
// common checks, in kernel order, before a command runs (notes §2.3).
import type { Errno } from './errno';
import { fileOfFd } from './agent';
import { emit, type Kernel, type Session } from './kernel';

export type DeviceIoctl = 'create_session' | 'retrieve_session';
export type SessionIoctl = 'preserve_fd' | 'retrieve_fd' | 'finish' | 'get_name';

/** _IOC_NR of each command; all are _IO(0xBA, nr). */
export const IOCTL_NR: Record<DeviceIoctl | SessionIoctl, number> = {
  create_session: 0x00,
  retrieve_session: 0x01,
  preserve_fd: 0x40,
  retrieve_fd: 0x41,
  finish: 0x42,
  get_name: 0x43,
};

/** Minimum accepted struct size: through the last field of each argument struct. */
export const IOCTL_MIN_SIZE: Record<DeviceIoctl | SessionIoctl, number> = {
  create_session: 72,
  retrieve_session: 72,
  preserve_fd: 16,
  retrieve_fd: 16,
  finish: 8,
  get_name: 72,
};

export const DEVICE_IOCTLS = 2;
export const SESSION_CMD_BASE = 0x40;

/** The command's target, or the errno the common checks gave. */
export type Dispatch = { errno: Errno } | { device: true } | { session: Session };

/** The session kind each command is meant for (luo_ioctl_type_valid(), since 7.2). */
function wrongKind(cmd: SessionIoctl, s: Session): boolean {
  if (cmd === 'preserve_fd') return s.dir !== 'outgoing';
  return (cmd === 'retrieve_fd' || cmd === 'finish') && s.dir !== 'incoming';
}

/** Before 7.2 nothing stops a command on the wrong kind of session: say so when it goes on. */
export function warnIfWrongKind(k: Kernel, cmd: SessionIoctl, s: Session): void {
  if (!k.profile.sessionKindGating && wrongKind(cmd, s))
    emit(k, { type: 'warn', message: `${cmd.toUpperCase()} on an ${s.dir} session: ${k.profile.id} has no session-kind check, so this runs on data it was not meant for (undefined behaviour in the kernel)` });
}

/** Resolve the fd and run the common checks; returns the target on success. */
export function dispatch(k: Kernel, fd: number | null, cmd: DeviceIoctl | SessionIoctl, size?: number): Dispatch {
  const f = fileOfFd(k, fd);
  if (!f) return { errno: 'EBADF' };
  const nr = IOCTL_NR[cmd];
  const sizeOk = (size ?? IOCTL_MIN_SIZE[cmd]) >= IOCTL_MIN_SIZE[cmd];
  if (f.kind === 'device') {
    if (nr >= DEVICE_IOCTLS) return { errno: 'EINVAL' }; // command index out of range
    if (!sizeOk) return { errno: 'EINVAL' };
    return { device: true };
  }
  if (f.kind === 'session') {
    if (nr < SESSION_CMD_BASE || nr - SESSION_CMD_BASE >= k.profile.sessionIoctls) return { errno: 'EINVAL' };
    const s = k.sessions.get(f.sid!);
    if (!s) return { errno: 'EBADF' };
    if (k.profile.sessionKindGating && wrongKind(cmd as SessionIoctl, s)) return { errno: 'EINVAL' };
    if (!sizeOk) return { errno: 'EINVAL' };
    return { session: s };
  }
  return { errno: 'ENOTTY' }; // not a LUO file: its own ioctl handler does not know the command
}

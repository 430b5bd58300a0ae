// ioctl dispatch (luo_ioctl() in luo_core.c, luo_session_ioctl() in luo_session.c): the
// common checks, in kernel order, before a command runs (notes §2.3).
import type { Result } from './errno';
import { fileOfFd } from './agent';
import type { Kernel, Session } from './kernel';

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

type Dispatch = { result: Result } | { result: 'ok'; device: true } | { result: 'ok'; session: Session };

/** Resolve the fd and run the common checks; returns the target on success. */
export function dispatch(k: Kernel, fd: number | null, cmd: DeviceIoctl | SessionIoctl, size?: number): Dispatch {
  const f = fileOfFd(k, fd);
  if (!f) return { result: 'EBADF' };
  const nr = IOCTL_NR[cmd];
  const sizeOk = (size ?? IOCTL_MIN_SIZE[cmd]) >= IOCTL_MIN_SIZE[cmd];
  if (f.kind === 'device') {
    if (nr >= DEVICE_IOCTLS) return { result: 'EINVAL' }; // command index out of range
    if (!sizeOk) return { result: 'EINVAL' };
    return { result: 'ok', device: true };
  }
  if (f.kind === 'session') {
    if (nr < SESSION_CMD_BASE || nr - SESSION_CMD_BASE >= k.profile.sessionIoctls) return { result: 'EINVAL' };
    const s = k.sessions.get(f.sid!);
    if (!s) return { result: 'EBADF' };
    if (k.profile.sessionKindGating) {
      // luo_ioctl_type_valid(): PRESERVE_FD outgoing only; RETRIEVE_FD and FINISH incoming only
      if (cmd === 'preserve_fd' && s.dir !== 'outgoing') return { result: 'EINVAL' };
      if ((cmd === 'retrieve_fd' || cmd === 'finish') && s.dir !== 'incoming') return { result: 'EINVAL' };
    }
    if (!sizeOk) return { result: 'EINVAL' };
    return { result: 'ok', session: s };
  }
  return { result: 'ENOTTY' }; // not a LUO file: its own ioctl handler does not know the command
}

// The Explain layer: every engine event in plain words (what happened and why), with the
// kernel function or callback it models (named as on the event's profile) and a doc link.
// Output is plain text only: names and titles from scenarios are copied in as they are, so a
// renderer must show them as text, never as markup.
import type { StepOp } from '../scenario/types';
import type { LuoEvent, TokenOut } from '../engine/events';
import type { Profile } from '../engine/profiles';
import { makeProfile } from '../engine/profiles';
import type { SessionView, WorldView } from '../engine/view';
import { applyEvent, emptyView } from '../engine/projection';
import { moduleStatusText } from '../engine/modules/catalog';

export type Tone = 'info' | 'ok' | 'error' | 'warn';

export interface Explanation {
  /** one or two plain sentences: what happened and WHY, for a person learning LUO */
  text: string;
  /** the kernel function(s) or callback modelled, named as on the event's profile */
  kernel: string;
  /** a short label for lists, e.g. "preserve() memfd-v1" */
  label: string;
  /** severity for styling */
  tone: Tone;
  /** a link into the kernel documentation when one fits */
  doc?: string;
}

export interface ExplainContext {
  /** the profile of the kernel generation the event belongs to */
  profile: Profile;
  /** the visible state just before the event */
  prev?: WorldView;
  /** the op of the scenario step the event belongs to, when known (explainEvents() fills it) */
  op?: StepOp;
}

// ---------------------------------------------------------------------------------------
// Documentation links (section ids are Sphinx's slugs of the page headings)

const DOC_CORE = 'https://docs.kernel.org/core-api/liveupdate.html';
const DOC_UAPI = 'https://docs.kernel.org/userspace-api/liveupdate.html';

export const DOCS = {
  core: DOC_CORE,
  sessions: `${DOC_CORE}#luo-sessions`,
  files: `${DOC_CORE}#luo-preserving-file-descriptors`,
  flb: `${DOC_CORE}#luo-file-lifecycle-bound-global-data`,
  abi: `${DOC_CORE}#live-update-orchestrator-abi`,
  uapi: DOC_UAPI,
} as const;

// ---------------------------------------------------------------------------------------
// Small helpers

type Ev<T extends LuoEvent['type']> = Extract<LuoEvent, { type: T }>;

const q = (s: string) => `"${s}"`;
const tok = (t: TokenOut) => `token ${String(t)}`;
/** A session for a short label: its name quoted, or its id when the view no longer has it. */
const sessionName = (prev: WorldView | undefined, sid: number) => {
  const n = sessionById(prev, sid)?.name;
  return n !== undefined ? JSON.stringify(n) : `id ${sid}`;
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** 6.19 and 7.0 pass `bool retrieved` in the op args; 7.1+ `int retrieve_status`. */
function retrieveArg(p: Profile): string {
  return p.id === '6.19' || p.id === '7.0' ? 'args.retrieved' : 'args.retrieve_status';
}

type FlbApi = 'get_incoming' | 'put_incoming' | 'get_outgoing' | 'put_outgoing';

/** The in-kernel FLB accessor as this profile spells it (lock-api-v6: _locked/_unlock). */
export function flbApiName(p: Profile, which: FlbApi): string {
  if (p.lockApiV6) {
    const side = which.endsWith('incoming') ? 'incoming' : 'outgoing';
    return `liveupdate_flb_${side}_${which.startsWith('get') ? 'locked' : 'unlock'}()`;
  }
  return `liveupdate_flb_${which}()`;
}

/** What liveupdate_reboot() runs on this profile, in order. */
function rebootSteps(p: Profile): string[] {
  return ['luo_session_serialize()', ...(p.flb ? ['luo_flb_serialize()'] : []), ...(p.khoFinalize ? ['kho_finalize()'] : [])];
}

function sessionById(prev: WorldView | undefined, sid: number | undefined): SessionView | undefined {
  return sid === undefined ? undefined : prev?.sessions[sid];
}

function sessionLabel(prev: WorldView | undefined, sid: number): string {
  const s = sessionById(prev, sid);
  return s ? `session ${q(s.name)}` : `session #${sid}`;
}

/** The session a callback ran for: callbacks carry the session name, not its id. */
function sessionByName(prev: WorldView | undefined, name: string | undefined, dir?: SessionView['dir']): SessionView | undefined {
  if (!prev || name === undefined) return undefined;
  const all = Object.values(prev.sessions).filter((s) => s.name === name && (dir === undefined || s.dir === dir));
  return all[all.length - 1];
}

function site(ev: { session?: string; token?: TokenOut }): string {
  const parts = [ev.token !== undefined ? tok(ev.token) : null, ev.session !== undefined ? `session ${q(ev.session)}` : null].filter((x): x is string => x !== null);
  return parts.length ? ` (${parts.join(' in ')})` : '';
}

/** The outgoing session a file is preserved in ("session \"x\""), or null. */
function preservedIn(prev: WorldView | undefined, file: number): string | null {
  if (!prev) return null;
  const s = Object.values(prev.sessions).find((x) => x.dir === 'outgoing' && Object.values(x.files).some((e) => e.file === file));
  return s ? `session ${q(s.name)}` : null;
}

const isMemfd = (compatible: string) => /^memfd-v\d+$/.test(compatible);

/** " Status: 7.4 queue — …" for a catalog module that is not mainline (modules/catalog.ts). */
function statusNote(module: string): string {
  const t = moduleStatusText(module);
  return t && !t.startsWith('mainline') ? ` Status: ${t}` : '';
}

function fileKindName(kind: string): string {
  switch (kind) {
    case 'memfd':
      return 'memfd';
    case 'devnull':
      return '/dev/null file';
    case 'regular':
      return 'regular file';
    case 'hugetlb-memfd':
      return 'hugetlb memfd';
    case 'guest-memfd':
      return 'guest_memfd';
    case 'iommufd':
      return 'iommufd';
    case 'vfio-cdev':
      return 'VFIO device (cdev)';
    case 'eventfd':
      return 'eventfd';
    case 'cpu':
      return 'CPU preserve file (/sys/devices/system/cpu/cpuN/preserve)';
    case 'kvm-vm':
      return 'KVM VM';
    case 'kvm-vcpu':
      return 'KVM vCPU';
    default:
      return `${kind} file`;
  }
}

/** "a memfd", "an iommufd". */
function aFile(kind: string): string {
  const name = fileKindName(kind);
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

function fileCreator(kind: string): string {
  switch (kind) {
    case 'memfd':
      return 'memfd_create()';
    case 'hugetlb-memfd':
      return 'memfd_create(MFD_HUGETLB)';
    case 'guest-memfd':
      return 'ioctl(KVM_CREATE_GUEST_MEMFD)';
    case 'devnull':
      return 'open("/dev/null")';
    case 'iommufd':
      return 'open("/dev/iommu")';
    case 'vfio-cdev':
      return 'open("/dev/vfio/devices/vfioN")';
    case 'eventfd':
      return 'eventfd()';
    case 'cpu':
      return 'open("/sys/devices/system/cpu/cpuN/preserve")';
    case 'kvm-vm':
      return 'ioctl(KVM_CREATE_VM)';
    case 'kvm-vcpu':
      return 'ioctl(KVM_CREATE_VCPU)';
    default:
      return 'open()';
  }
}

// ---------------------------------------------------------------------------------------
// Steps: what each op models

const OP_LABEL: Record<StepOp, string> = {
  open_device: 'open /dev/liveupdate',
  close: 'close()',
  create_session: 'CREATE_SESSION',
  retrieve_session: 'RETRIEVE_SESSION',
  preserve_fd: 'PRESERVE_FD',
  retrieve_fd: 'RETRIEVE_FD',
  finish: 'FINISH',
  get_name: 'GET_NAME',
  create_file: 'create file',
  write: 'write()',
  read: 'read()',
  dup: 'dup()',
  exit_agent: 'exit()',
  kexec: 'kexec reboot',
  register_module: 'load module',
  unregister_module: 'unload module',
  flb_get_incoming: 'flb_get_incoming',
  flb_put_incoming: 'flb_put_incoming',
  flb_get_outgoing: 'flb_get_outgoing',
  flb_put_outgoing: 'flb_put_outgoing',
  inject: 'inject fault',
};

/** The kernel function(s) a step op models, on this profile. */
export function opKernel(op: StepOp, p: Profile): string {
  switch (op) {
    case 'open_device':
      return 'luo_open() (first open after a kexec: luo_session_deserialize())';
    case 'close':
      return 'close() → fput(); the last reference runs luo_session_release() or luo_release()';
    case 'create_session':
      return 'LIVEUPDATE_IOCTL_CREATE_SESSION: luo_ioctl_create_session() → luo_session_create()';
    case 'retrieve_session':
      return 'LIVEUPDATE_IOCTL_RETRIEVE_SESSION: luo_ioctl_retrieve_session() → luo_session_retrieve()';
    case 'preserve_fd':
      return 'LIVEUPDATE_SESSION_PRESERVE_FD: luo_session_preserve_fd() → luo_preserve_file()';
    case 'retrieve_fd':
      return 'LIVEUPDATE_SESSION_RETRIEVE_FD: luo_session_retrieve_fd() → luo_retrieve_file()';
    case 'finish':
      return 'LIVEUPDATE_SESSION_FINISH: luo_session_finish() → luo_file_finish()';
    case 'get_name':
      return p.getName ? 'LIVEUPDATE_SESSION_GET_NAME (luo_session_ioctl())' : 'luo_session_ioctl() (no LIVEUPDATE_SESSION_GET_NAME on this profile)';
    case 'create_file':
      return 'memfd_create() / open() (userspace, no LUO call)';
    case 'write':
      return 'write() (userspace; shmem pages for a memfd)';
    case 'read':
      return 'read() (userspace)';
    case 'dup':
      return 'dup() (userspace)';
    case 'exit_agent':
      return 'exit() → every fd is closed (fput); luo_session_release() for sessions';
    case 'kexec':
      return `reboot(LINUX_REBOOT_CMD_KEXEC) → kernel_kexec() → liveupdate_reboot(): ${rebootSteps(p).join(', ')}`;
    case 'register_module':
      return `module init: liveupdate_register_file_handler()${p.flb ? ', liveupdate_register_flb()' : ''}`;
    case 'unregister_module':
      return `module exit: liveupdate_unregister_file_handler()${p.flb ? (p.unregisterReturnsInt ? ', liveupdate_unregister_flb()' : ' (with luo_flb_unregister_all())') : ''}`;
    case 'flb_get_incoming':
      return flbApiName(p, 'get_incoming');
    case 'flb_put_incoming':
      return flbApiName(p, 'put_incoming');
    case 'flb_get_outgoing':
      return flbApiName(p, 'get_outgoing');
    case 'flb_put_outgoing':
      return flbApiName(p, 'put_outgoing');
    case 'inject':
      return 'none: luoscope fault injection (the next matching callback fails once)';
  }
}

/** One sentence: what the op does and why a scenario would run it. */
export function opSummary(op: StepOp, p: Profile): string {
  switch (op) {
    case 'open_device':
      return 'Opens /dev/liveupdate, the LUO control device; it is exclusive (one opener at a time), and the first open after a kexec deserializes the sessions handed over by the previous kernel.';
    case 'close':
      return 'Closes an fd; when the last reference to a session goes, luo_session_release() runs: an outgoing session unpreserves its files, a retrieved incoming session is finished.';
    case 'create_session':
      return 'Creates a new, empty outgoing session: a named container whose preserved files are handed to the next kernel if its fd is still open at kexec time.';
    case 'retrieve_session':
      return 'Claims a session the previous kernel handed over, by name, from the incoming list; each incoming session can be retrieved only once.';
    case 'preserve_fd':
      return 'Hands a file to LUO under a token: LUO picks a file handler with can_preserve() and calls its preserve(), so the file can cross the next kexec.';
    case 'retrieve_fd':
      return "Asks for the file preserved under a token in this incoming session; the handler's retrieve() rebuilds it from the data the previous kernel handed over.";
    case 'finish':
      return 'Tells LUO that userspace is done with this incoming session: can_finish() is asked for every file, then finish() runs for each, last file first.';
    case 'get_name':
      return p.getName
        ? "Reads the session's name back with LIVEUPDATE_SESSION_GET_NAME (newest kernels only)."
        : `Asks for the session name with GET_NAME, an ioctl that ${p.id} does not have.`;
    case 'create_file':
      return 'Userspace creates a file to work with (a memfd or another kind); LUO is not involved yet.';
    case 'write':
      return 'Userspace writes into a file; a preserved memfd keeps its own pages preserved, so later writes still cross the kexec (but its size is frozen).';
    case 'read':
      return 'Userspace reads a file back, e.g. to check that memfd contents survived the kexec.';
    case 'dup':
      return 'Duplicates an fd: both fds refer to the same open file (and for a memfd to the same inode).';
    case 'exit_agent':
      return 'The agent process exits: the kernel closes all its fds, which has the same effect as closing each one (a session whose last fd goes is released).';
    case 'kexec':
      return `Reboots into the next kernel with kexec: liveupdate_reboot() first runs ${list(rebootSteps(p))}, and only what is written into the handover image crosses over.`;
    case 'register_module':
      return `Loads a module whose init registers its file handler(s)${p.flb ? ' and links its FLBs to them' : ''}.`;
    case 'unregister_module':
      return `Unloads a module whose exit unregisters its file handler(s)${p.flb ? ' and their FLB links' : ''}.`;
    case 'flb_get_incoming':
      return `An in-kernel user asks for an FLB's object from the previous kernel with ${flbApiName(p, 'get_incoming')}; the FLB is retrieved on demand the first time${
        p.lockApiV6 ? ', and the object comes back with the FLB mutex held' : p.flbIncomingRefcount ? ', and a reference is taken that must be put again' : ''
      }.`;
    case 'flb_put_incoming':
      return p.lockApiV6
        ? `${flbApiName(p, 'put_incoming')} stores the incoming object back and releases the FLB mutex.`
        : `${flbApiName(p, 'put_incoming')} drops a reference taken by get_incoming; the last reference (with every dependent file finished) runs the FLB's finish().`;
    case 'flb_get_outgoing':
      return p.lockApiV6
        ? `${flbApiName(p, 'get_outgoing')} returns the outgoing FLB object with the FLB mutex held.`
        : p.flbOutgoingRefcount
          ? `${flbApiName(p, 'get_outgoing')} returns the outgoing FLB object and takes a reference on it (outgoing-refcount patch), so it survives until put.`
          : `${flbApiName(p, 'get_outgoing')} returns the current outgoing FLB object (possibly none) without taking a reference.`;
    case 'flb_put_outgoing':
      return p.lockApiV6
        ? `${flbApiName(p, 'put_outgoing')} stores the outgoing object back and releases the FLB mutex.`
        : `${flbApiName(p, 'put_outgoing')} drops a reference on the outgoing FLB data; the last put runs the FLB's unpreserve().`;
    case 'inject':
      return 'Arms a fault: the next matching callback fails once. This is a luoscope testing aid, not a kernel feature.';
  }
}

function opDoc(op: StepOp): string | undefined {
  switch (op) {
    case 'open_device':
    case 'create_session':
    case 'retrieve_session':
    case 'preserve_fd':
    case 'retrieve_fd':
    case 'finish':
    case 'get_name':
      return DOCS.uapi;
    case 'close':
    case 'exit_agent':
      return DOCS.sessions;
    case 'kexec':
      return DOCS.core;
    case 'register_module':
    case 'unregister_module':
      return DOCS.files;
    case 'flb_get_incoming':
    case 'flb_put_incoming':
    case 'flb_get_outgoing':
    case 'flb_put_outgoing':
      return DOCS.flb;
    case 'create_file':
    case 'write':
    case 'read':
    case 'dup':
    case 'inject':
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// Errno: why THIS op gave THIS errno on THIS profile (notes §8)

const ERRNO_MEANING: Record<string, string> = {
  EPERM: 'operation not permitted',
  ENOENT: 'no such entry',
  EIO: 'I/O error',
  E2BIG: 'argument too big',
  EBADF: 'bad file descriptor',
  EAGAIN: 'try again',
  ENOMEM: 'out of memory',
  EFAULT: 'bad address',
  EBUSY: 'busy',
  EEXIST: 'already exists',
  ENODEV: 'no such device',
  EINVAL: 'invalid argument',
  EMFILE: 'too many open files',
  ENOTTY: 'inappropriate ioctl for device',
  ENOSPC: 'no space left',
  ENOSYS: 'function not implemented',
  ENODATA: 'no data available',
  EOPNOTSUPP: 'operation not supported',
  ETIMEDOUT: 'timed out',
};

interface IoctlInfo {
  name: string;
  on: 'device' | 'session';
  nr: number;
  min: number;
}

const IOCTLS: Partial<Record<StepOp, IoctlInfo>> = {
  create_session: { name: 'LIVEUPDATE_IOCTL_CREATE_SESSION', on: 'device', nr: 0x00, min: 72 },
  retrieve_session: { name: 'LIVEUPDATE_IOCTL_RETRIEVE_SESSION', on: 'device', nr: 0x01, min: 72 },
  preserve_fd: { name: 'LIVEUPDATE_SESSION_PRESERVE_FD', on: 'session', nr: 0x40, min: 16 },
  retrieve_fd: { name: 'LIVEUPDATE_SESSION_RETRIEVE_FD', on: 'session', nr: 0x41, min: 16 },
  finish: { name: 'LIVEUPDATE_SESSION_FINISH', on: 'session', nr: 0x42, min: 8 },
  get_name: { name: 'LIVEUPDATE_SESSION_GET_NAME', on: 'session', nr: 0x43, min: 72 },
};

const HALTED =
  'the kernel panicked at boot (luo_restore_fail(): the incoming LUO data could not be read), so the machine is halted and this step never ran';

/** The common dispatch EINVAL of an ioctl: wrong fd kind (index out of range) or size too small. */
function dispatchEinval(info: IoctlInfo): string {
  if (info.on === 'device')
    return `luo_ioctl() rejected the command before running it: either the fd is a session fd (session commands start at 0x40, so nr 0x0${info.nr} is out of range there) or the size field is below the minimum of ${info.min} bytes`;
  return `luo_session_ioctl() rejected the command before running it: either the fd is /dev/liveupdate itself (its table has only 2 device commands, so nr 0x${info.nr.toString(16)} is out of range) or the size field is below the minimum of ${info.min} bytes`;
}

/** Session-kind gating (luo_ioctl_type_valid(), since 7.2), or its absence. */
function gating(op: 'preserve_fd' | 'retrieve_fd' | 'finish', p: Profile): string {
  const want = op === 'preserve_fd' ? 'outgoing' : 'incoming (retrieved)';
  const other = op === 'preserve_fd' ? 'an incoming' : 'an outgoing';
  if (p.sessionKindGating)
    return `session-kind gating (since 7.2): luo_ioctl_type_valid() allows ${IOCTLS[op]!.name} only on an ${want} session, and this fd is ${other} session`;
  return `there is no session-kind check before 7.2, so a wrong-kind session is not the cause here`;
}

function commonIoctlErrno(op: StepOp, errno: string): string | null {
  const info = IOCTLS[op];
  if (!info) return null;
  switch (errno) {
    case 'EBADF':
      return op === 'preserve_fd'
        ? 'either the session fd or the fd to preserve is not open in this process (never opened, already closed, or lost when the process exited or the machine kexec\'d: a new kernel starts with an empty fd table); luo_preserve_file() does fget() on the file fd after the token and capacity checks'
        : `the ${info.on === 'device' ? '/dev/liveupdate' : 'session'} fd is not open in this process (never opened, already closed, or lost when the process exited or the machine kexec'd: a new kernel starts with an empty fd table)`;
    case 'ENOTTY':
      return `the fd is not a LUO ${info.on === 'device' ? 'device' : 'session'} fd (e.g. a memfd or /dev/null): ${info.name} goes to that file's own ioctl handler, which does not know it, and the VFS turns -ENOIOCTLCMD into ENOTTY (LUO itself gives ENOTTY when the nr is right but the rest of the command word is wrong)`;
    case 'EINVAL':
      return dispatchEinval(info);
    case 'E2BIG':
      return 'copy_struct_from_user(): the caller passed a struct larger than the kernel knows and the extra bytes are not all zero';
    case 'EFAULT':
      return 'a user pointer was bad: reading the size, copying the struct in, or copying the answer back (luo_ucmd_respond()) faulted';
    case 'EMFILE':
      return 'no free fd: the O_CLOEXEC fd for the result could not be reserved';
    default:
      return null;
  }
}

function enosys(op: StepOp, p: Profile): string {
  const conv = 'ENOSYS is luoscope\'s convention for "this API does not exist in this profile"';
  switch (op) {
    case 'flb_get_incoming':
    case 'flb_get_outgoing':
      return `${p.id} has no luo_flb.c: FLBs arrived in 7.0, so ${flbApiName(p, op === 'flb_get_incoming' ? 'get_incoming' : 'get_outgoing')} does not exist in this profile (${conv})`;
    case 'flb_put_incoming':
      return `liveupdate_flb_put_incoming() exists since 7.2, where get_incoming takes a reference; on ${p.id} get_incoming takes none, so there is nothing to put and the function does not exist in this profile (${conv})`;
    case 'flb_put_outgoing':
      return `liveupdate_flb_put_outgoing() exists since 7.2 ("Reference count outgoing FLB data", merged after 7.2-rc6; the flb-outgoing-refcount patch before), or as liveupdate_flb_outgoing_unlock() with lock-api-v6; this API does not exist in this profile (${conv})`;
    default:
      return `this API does not exist in this profile (${conv})`;
  }
}

/** Op-specific meanings; null falls back to the common dispatch errors and then a generic text. */
function specificErrno(op: StepOp, e: string, p: Profile): string | null {
  switch (op) {
    case 'open_device':
      switch (e) {
        case 'ENOENT':
          return 'LUO is disabled (liveupdate= is off on the command line, or KHO is off), so /dev/liveupdate was never registered and there is no device node to open';
        case 'EBUSY':
          return '/dev/liveupdate is exclusive: luo_open() found its in_use flag set because the device is already open (close that fd first)';
        case 'EIO':
          return 'luo_session_deserialize() failed on the first open after the kexec (e.g. no registered handler matches a handed-over compatible string); the failure is cached, so every later open gives EIO too';
        case 'EBADF':
          return 'there is no such fd';
      }
      return null;
    case 'close':
      return e === 'EBADF' ? 'the fd is not open in this process (already closed, or gone after exit or kexec)' : null;
    case 'create_session':
      switch (e) {
        case 'EINVAL':
          return p.nameValidation
            ? `the session name is empty or has no NUL within its 64 bytes: since 7.2 luo_session_create() checks strnlen(name, 64); otherwise ${dispatchEinval(IOCTLS.create_session!)}`
            : `${p.id} has no name check (an empty name is accepted and a 64-byte name is silently truncated to 63 characters), so this comes from dispatch: ${dispatchEinval(IOCTLS.create_session!)}`;
        case 'EEXIST':
          return 'an outgoing session with this name already exists (luo_session_insert() compares names over 64 bytes; names of incoming sessions do not count)';
        case 'ENOMEM':
          return p.sessionMax !== null
            ? `the outgoing list already holds LUO_SESSION_MAX = ${p.sessionMax} sessions, and ${p.id} reports that as ENOMEM (sic, not ENOSPC); or an allocation failed`
            : 'an allocation failed (since 7.2 the session limit gives ENOSPC, not ENOMEM)';
        case 'ENOSPC':
          return p.sessionMax === null
            ? 'the session block set would need more than 10000 blocks (KHO_MAX_BLOCKS, 51 sessions per block): the linked-block limit of the kho_block series (since 7.2)'
            : `${p.id} reports its session limit as ENOMEM, so ENOSPC is not expected here`;
      }
      return null;
    case 'retrieve_session':
      switch (e) {
        case 'ENOENT':
          return 'there is no incoming session with this name: the previous kernel did not hand one over (it was closed before the kexec, never created, or this is a cold boot — the selftests use this ENOENT to detect stage 1), or it was already finished and freed';
        case 'EINVAL':
          return `the session was already retrieved: session->retrieved stays true for as long as the session exists, even after its fd was closed if finish failed; otherwise ${dispatchEinval(IOCTLS.retrieve_session!)}`;
      }
      return null;
    case 'preserve_fd':
      switch (e) {
        case 'EEXIST':
          return 'this token is already used in this session (luo_token_is_used(); tokens are unique per session, the same token may be used in another session)';
        case 'ENOSPC':
          return p.fileMax !== null
            ? `the session already holds LUO_FILE_MAX = ${p.fileMax} files (2 pages of 64-byte entries), the fixed limit of ${p.id}`
            : 'the session\'s file block set would need more than 10000 blocks (63 files per block): the linked-block limit of the kho_block series (since 7.2)';
        case 'ENOENT':
          return `no registered handler accepted the file: LUO asked each handler's can_preserve() in registration order and none said yes (e.g. /dev/null or a regular file)${
            p.pinPerFile ? ", or the chosen handler's module is going away (try_module_get() failed)" : ''
          }`;
        case 'EBUSY':
          return p.doublePreserve
            ? 'the file is already preserved in a session (luo_preserved_files holds its id; memfd\'s get_id() is the inode, so a dup collides too)'
            : `${p.id} has no double-preservation check (it arrived in 7.1), so EBUSY here comes from a handler or FLB preserve() callback (e.g. an injected fault)`;
        case 'ENODEV':
          return p.format === 'luo-v5'
            ? "an FLB's owner module could not be pinned (it is being unloaded), or a callback returned ENODEV"
            : 'a handler or FLB preserve() callback returned ENODEV';
        case 'EINVAL':
          return p.sessionKindGating
            ? `${gating('preserve_fd', p)}; otherwise ${dispatchEinval(IOCTLS.preserve_fd!)}, or a preserve() callback returned EINVAL`
            : `${dispatchEinval(IOCTLS.preserve_fd!)}, or a preserve() callback returned EINVAL (${gating('preserve_fd', p)})`;
        case 'ENOMEM':
          return 'an allocation failed (the serialization buffer, the luo_file, or inside the handler\'s or an FLB\'s preserve()), and everything done for this file was unwound';
      }
      return null;
    case 'retrieve_fd':
      switch (e) {
        case 'ENOENT':
          return 'no file with this token is in the session: the token was never preserved there, or the session was already finished (FINISH empties the file list)';
        case 'EINVAL':
          return p.sessionKindGating
            ? `${gating('retrieve_fd', p)}; otherwise ${dispatchEinval(IOCTLS.retrieve_fd!)}, or the handler's retrieve() returned EINVAL${p.rememberRetrieveError ? ' (now or in an earlier attempt: the error is remembered)' : ''}`
            : `the handler's retrieve() returned EINVAL${
                p.id === '6.19' || p.id === '7.0' ? ' (e.g. serialized_data was reset to 0 by a rolled-back freeze, so there is nothing to restore)' : ' (now or in an earlier attempt: the error is remembered in retrieve_status)'
              }, or ${dispatchEinval(IOCTLS.retrieve_fd!)}`;
      }
      if (e in ERRNO_MEANING && !['EBADF', 'ENOTTY', 'E2BIG', 'EFAULT', 'EMFILE'].includes(e))
        return p.rememberRetrieveError
          ? `the handler's retrieve() failed with ${e}, now or in an earlier RETRIEVE_FD of this token: ${p.id} remembers the error in retrieve_status and returns it again without calling retrieve()`
          : `the handler's retrieve() failed with ${e}; ${p.id} does not remember the failure, so a later RETRIEVE_FD calls retrieve() again`;
      return null;
    case 'finish':
      switch (e) {
        case 'EBUSY':
          return "some file's can_finish() returned false, so luo_file_finish() stopped before calling any finish(): nothing is finished, and FINISH can be tried again later";
        case 'EINVAL': {
          const parts = [
            ...(p.sessionKindGating ? [gating('finish', p)] : []),
            ...(p.finishReserved ? ['the reserved field is not 0 (rejected since 7.2, "reject nonzero reserved value for SESSION_FINISH"; the finish-reserved patch before)'] : []),
            dispatchEinval(IOCTLS.finish!),
          ];
          return parts.join('; or ');
        }
      }
      return null;
    case 'get_name':
      if (e === 'EINVAL')
        return p.getName
          ? `the reserved field is not 0, or ${dispatchEinval(IOCTLS.get_name!)}`
          : `the GET_NAME ioctl arrived in 7.2: on ${p.id} the session ioctl table has ${p.sessionIoctls} entries, and nr 0x43 - 0x40 = 3 is out of range, so luo_session_ioctl() returns EINVAL (the kernel selftest get_session_name fails here)`;
      return null;
    case 'read':
    case 'write':
    case 'dup':
      switch (e) {
        case 'EBADF':
          return 'the fd is not open in this process';
        case 'EINVAL':
          return op === 'dup' ? null : `the fd refers to a file without readable/writable content here (the /dev/liveupdate device or a session's anon inode)`;
        case 'EPERM':
          return op === 'write'
            ? 'the memfd is preserved, and memfd-v1 preserve() called shmem_freeze(): its size cannot change while preserved, so a write that would grow it is refused'
            : null;
        case 'EMFILE':
          return op === 'dup' ? 'no free fd is left' : null;
      }
      return null;
    case 'kexec':
      if (e === 'EAGAIN')
        return p.khoFinalize
          ? 'kho_finalize() failed after serialization, and liveupdate_reboot() maps any kho_finalize() error to EAGAIN; unlike a freeze failure, nothing is unfrozen, so the files stay frozen although this kernel keeps running'
          : `a file handler's freeze() returned EAGAIN (since 7.1 there is no kho_finalize(), so that is the only source): the files frozen before it were unfrozen and the reboot was aborted`;
      if (e in ERRNO_MEANING)
        return `a file handler's freeze() returned ${e} during luo_session_serialize(): the files frozen before it got unfreeze() (earlier sessions too), the serialized entries were cleared, and reboot() failed with that errno, so the machine keeps running this kernel`;
      return null;
    case 'register_module':
      switch (e) {
        case 'EOPNOTSUPP':
          return 'LUO is disabled (liveupdate=off), so liveupdate_register_file_handler() and liveupdate_register_flb() return EOPNOTSUPP';
        case 'EBUSY':
          return p.quiesceOnRegister
            ? `${p.id} registers under luo_session_quiesce(), which fails while any incoming or outgoing session exists`
            : `${p.id} registers under luo_register_rwlock and does not refuse while sessions exist, so EBUSY is unexpected here`;
        case 'EEXIST':
          return 'a handler with the same compatible string is already registered, the FLB is already linked to this handler, another registered FLB has the same compatible, or the module is already loaded';
        case 'EINVAL':
          return 'a required op is missing, or liveupdate_register_flb() was called for a handler that is not registered';
        case 'ENOSPC':
          return 'the global FLB list already holds LUO_FLB_MAX = 63 FLBs (one page of 64-byte entries)';
        case 'EAGAIN':
          return p.quiesceOnRegister ? `try_module_get() on the owner failed (${p.id} pins the module for the handler's or FLB's lifetime)` : null;
        case 'ENOENT':
          return 'no module of that name exists in the catalog or among the scenario\'s custom modules';
        case 'ENOMEM':
          return 'allocating the FLB link failed';
      }
      return null;
    case 'unregister_module':
      switch (e) {
        case 'EOPNOTSUPP':
          return p.unregisterReturnsInt ? 'LUO is disabled, so the unregister functions return EOPNOTSUPP' : `on ${p.id} the unregister functions return void and cannot fail`;
        case 'EBUSY':
          return p.unregisterReturnsInt
            ? `${p.id} refuses to unregister a handler or FLB while any session exists (luo_session_quiesce())`
            : `on ${p.id} unregistering returns void and cannot report EBUSY`;
        case 'ENOENT':
          return `the module is not loaded${p.unregisterReturnsInt ? ', or an FLB was not linked to the handler' : ''}`;
      }
      return null;
    case 'flb_get_incoming':
      switch (e) {
        case 'EOPNOTSUPP':
          return `LUO is disabled, so ${flbApiName(p, 'get_incoming')} returns EOPNOTSUPP`;
        case 'ENODATA':
          return 'there is no incoming FLB data: either the FLB already finished (its last dependent file finished), or the previous kernel handed over no FLB area at all (a cold boot, or a kernel without FLBs)';
        case 'ENOENT':
          return "the previous kernel's FLB area has no entry with this FLB's compatible (no dependent file was preserved there, or it used another version string); or, in luoscope, no loaded module defines this FLB";
        case 'ENODEV':
          return "the FLB's owner module could not be pinned (it is being unloaded)";
      }
      if (e in ERRNO_MEANING)
        return `the FLB's retrieve() failed with ${e}${p.flbRetrieveStatus ? '; since 7.2 ("Remember FLB retrieve() status"; the flb-retrieve-status patch before) the error is remembered and returned again without calling retrieve()' : ''}`;
      return null;
    case 'flb_put_incoming':
      switch (e) {
        case 'EOPNOTSUPP':
          return 'LUO is disabled';
        case 'ENOENT':
          return 'no loaded module defines this FLB';
      }
      return null;
    case 'flb_get_outgoing':
      switch (e) {
        case 'EOPNOTSUPP':
          return `LUO is disabled, so ${flbApiName(p, 'get_outgoing')} returns EOPNOTSUPP`;
        case 'ENOENT':
          return p.lockApiV6
            ? 'liveupdate_flb_outgoing_locked() found no outgoing object (no dependent file is preserved), warns and returns ENOENT'
            : p.flbOutgoingRefcount
              ? 'since 7.2 (the outgoing refcount; the flb-outgoing-refcount patch before), get_outgoing returns ENOENT when there is no outgoing object: no file depending on this FLB is preserved'
              : 'no loaded module defines this FLB (without the outgoing-refcount patch get_outgoing itself never fails this way)';
      }
      return null;
    case 'flb_put_outgoing':
      switch (e) {
        case 'EOPNOTSUPP':
          return 'LUO is disabled';
        case 'ENOENT':
          return 'no loaded module defines this FLB';
      }
      return null;
    case 'create_file':
    case 'exit_agent':
    case 'inject':
      return null;
  }
}

/** Why this op gave this errno on this profile, as a lower-case clause ready for a sentence. */
export function explainErrno(op: StepOp, errno: string, profile: Profile): string {
  if (errno === 'ok') return 'no error: the call succeeded';
  if (errno === 'halted') return HALTED;
  if (errno === 'ENOSYS') return enosys(op, profile);
  const specific = specificErrno(op, errno, profile);
  if (specific) return specific;
  const common = commonIoctlErrno(op, errno);
  if (common) return common;
  const meaning = ERRNO_MEANING[errno];
  const fromCallback = op === 'preserve_fd' || op === 'kexec' || op === 'retrieve_fd' || op === 'flb_get_incoming';
  return `${OP_LABEL[op]} returned ${errno}${meaning ? ` (${meaning})` : ''}${fromCallback ? ', an error passed up from a handler or FLB callback (e.g. an injected fault)' : ''}`;
}

/** Upper-case the first letter (for a phrase that starts a sentence). */
function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function sentence(clause: string): string {
  const s = clause.charAt(0).toUpperCase() + clause.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

// ---------------------------------------------------------------------------------------
// Results of steps

function resultOk(ev: Ev<'result'>, p: Profile, prev: WorldView | undefined): string {
  const fdTarget = ev.fd !== undefined ? prev?.fds[ev.fd] : undefined;
  const onSession = sessionById(prev, ev.on?.sid);
  const sName = onSession ? `session ${q(onSession.name)}` : 'the session';
  switch (ev.op) {
    case 'open_device':
      return `/dev/liveupdate is open${ev.fd !== undefined ? ` as fd ${ev.fd}` : ''}; until this fd is closed, another open gives EBUSY.`;
    case 'close': {
      const sid = ev.on?.sid;
      if (sid === undefined) return 'The fd is closed. If it was a preserved file, the file itself lives on: LUO holds its own reference.';
      const s = prev?.sessions[sid];
      if (!s) return 'The session fd is closed; it was the last reference, so the session was released.';
      if (s.open) return `The fd is closed, but session ${q(s.name)} still has another fd open, so nothing else happened.`;
      return `The session fd is closed; session ${q(s.name)} is still in the incoming list, held until the next live update.`;
    }
    case 'create_session': {
      const name = fdTarget?.kind === 'session' ? `Session ${q(fdTarget.name)}` : 'A new session';
      return `${name} is now in the outgoing list${ev.fd !== undefined ? ` (fd ${ev.fd})` : ''}; files preserved in it cross the next kexec if this fd is still open then.`;
    }
    case 'retrieve_session': {
      const name = fdTarget?.kind === 'session' ? `Incoming session ${q(fdTarget.name)}` : 'The incoming session';
      return `${name} is retrieved${ev.fd !== undefined ? ` as fd ${ev.fd}` : ''}; its files can now be retrieved by token, and it cannot be retrieved a second time.`;
    }
    case 'preserve_fd':
      return `The file is preserved in ${sName}: LUO holds its own reference, so the caller may close its fd, and the file crosses the next kexec if the session is still open then.`;
    case 'retrieve_fd':
      return `The preserved file is back as fd ${ev.fd ?? '?'}; a second RETRIEVE_FD of the same token returns the same file.`;
    case 'finish':
      return `${onSession ? cap(sName) : 'The session'} is finished: every file's finish() ran; retrieved files now belong to userspace alone and files never retrieved were discarded.`;
    case 'get_name':
      return `GET_NAME returned the session name${ev.name !== undefined ? ` ${q(ev.name)}` : ''}.`;
    case 'create_file': {
      const kind = fdTarget?.kind === 'file' ? `a new ${fileKindName(fdTarget.fileKind)}` : 'a new file';
      return `${cap(kind)} is open${ev.fd !== undefined ? ` as fd ${ev.fd}` : ''}.`;
    }
    case 'write':
      return 'The data is written.';
    case 'read':
      return `Read back${ev.data !== undefined ? ` ${q(ev.data)}` : ''}.`;
    case 'dup':
      return `fd ${ev.fd ?? '?'} refers to the same open file as the original fd.`;
    case 'exit_agent':
      return 'The process is gone and all its fds are closed; a new agent process starts with an empty fd table.';
    case 'kexec':
      if (prev?.halted) return `The old kernel jumped, but generation ${prev.gen} (${p.id}) panicked at boot, so the machine is halted.`;
      return `The kexec went through: generation ${prev?.gen ?? '?'} (${p.id}) is running${prev && !prev.handover ? ', with no LUO data from the previous kernel' : ", with the previous kernel's handover image to read"}.`;
    case 'register_module':
      return 'The module is loaded and its handlers and FLBs are registered.';
    case 'unregister_module':
      return 'The module is unloaded and its handlers and FLB links are gone.';
    case 'flb_get_incoming':
      return p.lockApiV6
        ? 'The incoming FLB object was returned with the FLB mutex held; release it with liveupdate_flb_incoming_unlock().'
        : p.flbIncomingRefcount
          ? 'The incoming FLB object was returned and a reference taken; finish() cannot run until it is put with liveupdate_flb_put_incoming().'
          : 'The incoming FLB object was returned (no reference is taken on this profile).';
    case 'flb_put_incoming':
      return p.lockApiV6 ? 'The incoming object was stored back and the FLB mutex released.' : 'The incoming FLB reference was dropped.';
    case 'flb_get_outgoing':
      return p.lockApiV6
        ? 'The outgoing FLB object was returned with the FLB mutex held.'
        : p.flbOutgoingRefcount
          ? 'The outgoing FLB object was returned and a reference taken, so it stays until liveupdate_flb_put_outgoing().'
          : 'The current outgoing FLB object was returned (it may be none if no dependent file is preserved).';
    case 'flb_put_outgoing':
      return p.lockApiV6 ? 'The outgoing object was stored back and the FLB mutex released.' : 'The outgoing FLB reference was dropped.';
    case 'inject':
      return 'The fault is armed.';
  }
}

/**
 * The exact cause of a dispatch EINVAL when the state shows it (which fd the call was made
 * on, and what it referred to); null when only explainErrno()'s list of causes fits.
 */
function preciseEinval(ev: Ev<'result'>, p: Profile, prev: WorldView | undefined): string | null {
  const info = IOCTLS[ev.op];
  const fd = ev.on?.fd;
  if (!info || ev.result !== 'EINVAL' || fd === undefined || !prev) return null;
  const target = prev.fds[fd];
  if (!target) return null;
  if (info.on === 'device' && target.kind === 'session')
    return `fd ${fd} is session ${q(target.name)}, not /dev/liveupdate: luo_session_ioctl() only knows commands from 0x40 up, so ${info.name} (nr 0x0${info.nr}) is out of range`;
  if (target.kind === 'device' && ev.op === 'retrieve_session')
    return 'the session was already retrieved: session->retrieved stays true for as long as the session exists, even after its fd was closed if finish failed (unless the size field was below 72 bytes)';
  if (target.kind === 'device' && ev.op === 'create_session' && p.nameValidation)
    return 'the session name is empty or has no NUL within its 64 bytes: since 7.2 luo_session_create() checks strnlen(name, 64) (unless the size field was below 72 bytes)';
  if (info.on === 'session' && target.kind === 'device')
    return `fd ${fd} is /dev/liveupdate, not a session: luo_ioctl() has only 2 device commands, so ${info.name} (nr 0x${info.nr.toString(16)}) is out of range`;
  if (info.on === 'session' && target.kind === 'session' && p.sessionKindGating) {
    const s = prev.sessions[target.sid];
    if (!s) return null;
    const op = ev.op;
    if (op === 'preserve_fd' && s.dir !== 'outgoing') return gating(op, p);
    if ((op === 'retrieve_fd' || op === 'finish') && s.dir !== 'incoming') return gating(op, p);
  }
  return null;
}

function explainResult(ev: Ev<'result'>, p: Profile, prev: WorldView | undefined): Explanation {
  // a kexec's result is reported by the new generation, but the reboot ran on the old kernel
  const last = prev?.past[prev.past.length - 1];
  const ran = ev.op === 'kexec' && ev.result === 'ok' && last && last.gen === ev.gen - 1 ? makeProfile(last.profile) : p;
  const kernel = opKernel(ev.op, ran);
  const doc = opDoc(ev.op);
  const base = { kernel, ...(doc ? { doc } : {}) };
  if (ev.result === 'ok') return { ...base, text: resultOk(ev, p, prev), label: `${OP_LABEL[ev.op]} ok`, tone: 'ok' };
  if (ev.result === 'halted') return { ...base, text: `${sentence(HALTED)}`, label: `${OP_LABEL[ev.op]} halted`, tone: 'error' };
  return {
    ...base,
    text: `${OP_LABEL[ev.op]} failed with ${ev.result}: ${preciseEinval(ev, p, prev) ?? explainErrno(ev.op, ev.result, p)}.`,
    label: `${OP_LABEL[ev.op]} ${ev.result}`,
    tone: 'error',
  };
}

// ---------------------------------------------------------------------------------------
// Callbacks

function memfdNote(callback: string): string {
  switch (callback) {
    case 'can_preserve':
      return ' memfd-v1 accepts a shmem file with no links, which is what a memfd is.';
    case 'get_id':
      return ' memfd-v1 returns the inode, so two fds (or a dup) of one memfd count as the same file.';
    case 'preserve':
      return ' memfd-v1 freezes the file size (shmem_freeze()), pins and preserves every page, and records them in a preserved memfd_luo_ser.';
    case 'unpreserve':
      return ' memfd-v1 unfreezes the size, unpins the pages and frees its metadata.';
    case 'freeze':
      return ' memfd-v1 refreshes the saved file position; content written after preserve still counts, because the same pages are preserved.';
    case 'retrieve':
      return ' memfd-v1 creates a new memfd and puts the preserved pages back into its page cache.';
    case 'finish':
      return ' memfd-v1 does nothing for a retrieved file and frees the preserved pages of one that was never retrieved.';
    default:
      return '';
  }
}

function explainHandlerCallback(ev: Ev<'callback'>, p: Profile, prev: WorldView | undefined): Explanation {
  const c = ev.compatible;
  const cb = ev.callback;
  const at = site(ev);
  const inj = ev.injected ? ' (injected)' : '';
  const note = isMemfd(c) ? memfdNote(cb) : '';
  const h = prev?.handlers[c];
  const doc = DOCS.files;
  const failed = typeof ev.result === 'string' && ev.result !== 'ok';
  switch (cb) {
    case 'can_preserve': {
      const order = prev ? Object.keys(prev.handlers) : [];
      const i = order.indexOf(c);
      const pos = i >= 0 ? ` (handler ${i + 1} of ${order.length})` : '';
      const last = i >= 0 && i === order.length - 1;
      const yes = ev.result === true;
      const accepts = h && h.accepts.length ? ` It accepts ${list(h.accepts.map(fileKindName))}.` : '';
      const text = yes
        ? `PRESERVE_FD walks the registered handlers in registration order asking can_preserve(); ${c}${pos} said yes${inj}, and the first handler to say yes handles the file.${note}`
        : `PRESERVE_FD walks the registered handlers in registration order asking can_preserve(); ${c}${pos} said no${inj}, ${
            last ? 'and it was the last one, so no handler takes the file and PRESERVE_FD fails with ENOENT.' : 'so LUO asks the next handler.'
          }${yes ? '' : accepts}`;
      return { text, kernel: `${c} ->can_preserve() in luo_preserve_file()`, label: `can_preserve() ${c}: ${yes ? 'yes' : 'no'}`, tone: yes ? 'info' : last ? 'warn' : 'info', doc };
    }
    case 'get_id':
      return {
        text: `Double-preservation check (7.1+): ${c} ->get_id() gives the file's identity${at}, which LUO inserts into the global luo_preserved_files xarray; if it is already there the file is preserved in some session and PRESERVE_FD fails with EBUSY.${note}`,
        kernel: `${c} ->get_id() in luo_preserve_file()`,
        label: `get_id() ${c}`,
        tone: 'info',
        doc,
      };
    case 'preserve': {
      const flbs = h && h.flbs.length ? ` The FLBs it depends on (${list(h.flbs)}) were handled just before.` : '';
      if (failed) {
        const unwind = [p.flb ? 'FLB unpreserve in reverse' : null, p.doublePreserve ? 'xarray erase and module put' : null].filter((x): x is string => x !== null);
        return {
          text: `${c} ->preserve()${at} failed with ${String(ev.result)}${inj}: LUO unwinds what it did for this file${unwind.length ? ` (${list(unwind)})` : ''} and PRESERVE_FD returns ${String(ev.result)}.`,
          kernel: `${c} ->preserve() in luo_preserve_file()`,
          label: `preserve() ${c} ${String(ev.result)}`,
          tone: 'error',
          doc,
        };
      }
      return {
        text: `${c} ->preserve() saved this file's state for the next kernel${at} and set serialized_data, the handle that goes into the handover image.${note}${flbs}`,
        kernel: `${c} ->preserve() in luo_preserve_file()`,
        label: `preserve() ${c}`,
        tone: 'info',
        doc,
      };
    }
    case 'unpreserve':
      return {
        text: `The session was closed before the kexec (or its process exited), so LUO undoes the preservation${at}: ${c} ->unpreserve() releases what preserve() set up, and nothing of this file is handed over.${note}`,
        kernel: `${c} ->unpreserve() in luo_file_unpreserve_files()`,
        label: `unpreserve() ${c}`,
        tone: 'info',
        doc,
      };
    case 'freeze':
      if (failed)
        return {
          text: `${c} ->freeze()${at} failed with ${String(ev.result)}${inj}: serialization stops, the files frozen before it get unfreeze(), and reboot() returns ${String(ev.result)}, so the kexec does not happen.`,
          kernel: `${c} ->freeze() in luo_file_freeze() (luo_session_serialize())`,
          label: `freeze() ${c} ${String(ev.result)}`,
          tone: 'error',
          doc,
        };
      return {
        text: `At kexec, luo_session_serialize() calls freeze() for every preserved file in preservation order; ${c} could update serialized_data one last time before the entry${at} is written.${note}`,
        kernel: `${c} ->freeze() in luo_file_freeze() (luo_session_serialize())`,
        label: `freeze() ${c}`,
        tone: 'info',
        doc,
      };
    case 'unfreeze':
      return {
        text: `Rollback after a failed freeze: a later file's freeze() failed and the reboot is aborted, so ${c} ->unfreeze() undoes the freeze${at}; the file stays preserved in this kernel.`,
        kernel: `${c} ->unfreeze() in luo_file_unfreeze()`,
        label: `unfreeze() ${c}`,
        tone: 'warn',
        doc,
      };
    case 'retrieve':
      if (failed)
        return {
          text: `${c} ->retrieve()${at} failed with ${String(ev.result)}${inj}. ${
            p.rememberRetrieveError
              ? 'The error is remembered in retrieve_status: every later RETRIEVE_FD of this token returns it without calling retrieve() again.'
              : `${p.id} does not remember the failure (args.retrieved stays false), so a later RETRIEVE_FD calls retrieve() again.`
          }`,
          kernel: `${c} ->retrieve() in luo_retrieve_file()`,
          label: `retrieve() ${c} ${String(ev.result)}`,
          tone: 'error',
          doc,
        };
      return {
        text: `${c} ->retrieve() rebuilt the file from the serialized_data the previous kernel handed over${at}; LUO keeps a reference to it until finish, and a repeated RETRIEVE_FD reuses it.${note}`,
        kernel: `${c} ->retrieve() in luo_retrieve_file()`,
        label: `retrieve() ${c}`,
        tone: 'info',
        doc,
      };
    case 'can_finish': {
      const yes = ev.result !== false;
      return {
        text: yes
          ? `FINISH first asks every file whether it may finish; ${c} ->can_finish() said yes${at}.`
          : `${c} ->can_finish()${at} said no${inj}, so FINISH fails with EBUSY and nothing is finished (no finish() runs); it can be tried again later.`,
        kernel: `${c} ->can_finish() in luo_file_finish() (${retrieveArg(p)})`,
        label: `can_finish() ${c}: ${yes ? 'yes' : 'no'}`,
        tone: yes ? 'info' : 'warn',
        doc,
      };
    }
    case 'finish': {
      const entry = ev.token !== undefined ? sessionByName(prev, ev.session, 'incoming')?.files[String(ev.token)] : undefined;
      const state = entry ? (entry.state === 'retrieved' ? ' This file was retrieved, so its new owner keeps it.' : ' This file was never retrieved, so its preserved state is discarded.') : '';
      return {
        text: `FINISH, second pass (last file first): ${c} ->finish()${at}; ${retrieveArg(p)} tells the handler whether userspace retrieved the file.${state}${note}`,
        kernel: `${c} ->finish() in luo_file_finish() (${retrieveArg(p)})`,
        label: `finish() ${c}`,
        tone: 'info',
        doc,
      };
    }
    default:
      return {
        text: `${c} ->${cb}()${at} ran${ev.result !== undefined ? ` and returned ${String(ev.result)}` : ''}${inj}.`,
        kernel: `${c} ->${cb}()`,
        label: `${cb}() ${c}`,
        tone: failed || ev.result === false ? 'error' : 'info',
        doc,
      };
  }
}

function explainFlbCallback(ev: Ev<'callback'>, p: Profile, prev: WorldView | undefined): Explanation {
  const c = ev.compatible;
  const cb = ev.callback;
  const at = site(ev);
  const inj = ev.injected ? ' (injected)' : '';
  const failed = typeof ev.result === 'string' && ev.result !== 'ok';
  const doc = DOCS.flb;
  const f = prev?.flbs[c];
  switch (cb) {
    case 'preserve':
      if (failed)
        return {
          text: `FLB ${c} ->preserve()${at} failed with ${String(ev.result)}${inj}: the FLBs already handled for this file are rolled back in reverse and PRESERVE_FD returns ${String(ev.result)}.`,
          kernel: `FLB ${c} ->preserve() in luo_flb_file_preserve()`,
          label: `FLB preserve() ${c} ${String(ev.result)}`,
          tone: 'error',
          doc,
        };
      return {
        text: `The first file depending on FLB ${c} is being preserved${at} and the FLB's outgoing count is ${f ? f.outgoing.count : 0}, so LUO calls the FLB's preserve() once to set up the state that all dependent files share.`,
        kernel: `FLB ${c} ->preserve() in luo_flb_file_preserve()`,
        label: `FLB preserve() ${c}`,
        tone: 'info',
        doc,
      };
    case 'unpreserve':
      return {
        text: `The last user of FLB ${c}'s outgoing data went away${at}${f ? ` (count ${f.outgoing.count}→0)` : ''}, so the FLB's unpreserve() frees the shared state; nothing of it will be handed over.`,
        kernel: `FLB ${c} ->unpreserve() in ${p.flbOutgoingRefcount ? 'liveupdate_flb_put_outgoing()' : 'luo_flb_file_unpreserve()'}`,
        label: `FLB unpreserve() ${c}`,
        tone: 'info',
        doc,
      };
    case 'retrieve':
      if (failed)
        return {
          text: `FLB ${c} ->retrieve() failed with ${String(ev.result)}${inj}: the caller gets that error${
            p.flbRetrieveStatus ? ', and the kernel remembers it for every later call (since 7.2; the flb-retrieve-status patch before)' : ', and the next get_incoming will try retrieve() again'
          }.`,
          kernel: `FLB ${c} ->retrieve() in luo_flb_retrieve_one()`,
          label: `FLB retrieve() ${c} ${String(ev.result)}`,
          tone: 'error',
          doc,
        };
      return {
        text: `FLB ${c} is retrieved on demand (first ${flbApiName(p, 'get_incoming')}, or its last dependent file finishing): retrieve() rebuilds the shared object from the data the previous kernel serialized, and the incoming count is loaded from it.`,
        kernel: `FLB ${c} ->retrieve() in luo_flb_retrieve_one()`,
        label: `FLB retrieve() ${c}`,
        tone: 'info',
        doc,
      };
    case 'finish':
      return {
        text: `The last file depending on FLB ${c} finished${p.flbIncomingRefcount ? ' and every get_incoming reference was put' : ''}, so the FLB's finish() runs once; after it, get_incoming returns ENODATA.`,
        kernel: `FLB ${c} ->finish() in ${p.flbIncomingRefcount ? 'liveupdate_flb_put_incoming() (luo_flb_file_finish())' : 'luo_flb_file_finish()'}`,
        label: `FLB finish() ${c}`,
        tone: 'ok',
        doc,
      };
    default:
      return {
        text: `FLB ${c} ->${cb}()${at} ran${ev.result !== undefined ? ` and returned ${String(ev.result)}` : ''}${inj}.`,
        kernel: `FLB ${c} ->${cb}()`,
        label: `FLB ${cb}() ${c}`,
        tone: failed ? 'error' : 'info',
        doc,
      };
  }
}

// ---------------------------------------------------------------------------------------
// FLB state changes

function explainFlbState(ev: Ev<'flb'>, p: Profile, prev: WorldView | undefined): Explanation {
  const c = ev.compatible;
  const f = prev?.flbs[c];
  const doc = DOCS.flb;
  const why = ev.why;
  if (ev.side === 'outgoing') {
    const from = f?.outgoing.count;
    const arrow = from !== undefined ? `${from}→${ev.count}` : `${ev.count}`;
    const label = `FLB ${c} outgoing count ${arrow}`;
    const k = (fn: string) => ({ kernel: fn, label, doc });
    if (/mutex held/.test(why))
      return { ...k(flbApiName(p, 'get_outgoing')), text: `${flbApiName(p, 'get_outgoing')} returned FLB ${c}'s outgoing object with the FLB mutex held; it must be handed back with ${flbApiName(p, 'put_outgoing')}.`, tone: 'info' };
    if (/unlock/.test(why))
      return { ...k(flbApiName(p, 'put_outgoing')), text: `${flbApiName(p, 'put_outgoing')} stored FLB ${c}'s outgoing object back and released the FLB mutex.`, tone: 'info' };
    if (/get_outgoing/.test(why))
      return {
        ...k(flbApiName(p, 'get_outgoing')),
        text: `get_outgoing took a reference on FLB ${c}'s outgoing data (count now ${ev.count}); it lasts until ${flbApiName(p, 'put_outgoing')}, and a reference still held at reboot is counted as an extra user.`,
        tone: 'info',
      };
    if (/put_outgoing/.test(why))
      return ev.count === 0
        ? { ...k(flbApiName(p, 'put_outgoing')), text: `put_outgoing dropped the last reference to FLB ${c}'s outgoing data, so its unpreserve() ran and the count is 0.`, tone: 'info' }
        : { ...k(flbApiName(p, 'put_outgoing')), text: `put_outgoing dropped one reference to FLB ${c}'s outgoing data; ${ev.count} remain, so unpreserve() waits.`, tone: 'info' };
    if (/rollback/.test(why))
      return {
        ...k('luo_flb_file_preserve() (rollback)'),
        text: `PRESERVE_FD failed after FLB ${c} had been counted for the file, so that step is rolled back: the outgoing count is ${ev.count}${ev.count === 0 ? ' and the FLB\'s unpreserve() ran' : ''}.`,
        tone: 'warn',
      };
    const first = from !== undefined ? from === 0 && ev.count === 1 : /^first/.test(why);
    const up = from !== undefined ? ev.count > from : /preserved/.test(why) && !/unpreserved/.test(why);
    if (first)
      return {
        ...k('luo_flb_file_preserve() → FLB ->preserve()'),
        text: `The first file depending on ${c} was preserved, so that FLB's preserve() ran and its outgoing count is now 1.`,
        tone: 'info',
      };
    if (up)
      return {
        ...k('luo_flb_file_preserve()'),
        text: `Another file depending on ${c} was preserved, so its outgoing count is now ${ev.count} (counted across all sessions); preserve() ran only for the first.`,
        tone: 'info',
      };
    if (ev.count === 0)
      return {
        ...k('luo_flb_file_unpreserve() → FLB ->unpreserve()'),
        text: `The last file depending on ${c} was unpreserved, so that FLB's unpreserve() ran and its outgoing count is back to 0; it will not be handed over.`,
        tone: 'info',
      };
    return {
      ...k('luo_flb_file_unpreserve()'),
      text: `A file depending on ${c} was unpreserved: the outgoing count is now ${ev.count}, and unpreserve() waits for the last one.`,
      tone: 'info',
    };
  }
  // incoming
  const inc = f?.incoming;
  const from = inc?.count;
  const arrow = from !== undefined && from !== ev.count ? `${from}→${ev.count}` : `${ev.count}`;
  // the state as well as the count: a count that stays 0 says nothing by itself
  const label = `FLB ${c} incoming ${ev.finished ? 'finished' : ev.retrieved ? 'retrieved' : ev.error ? `retrieve ${String(ev.error)}` : 'not retrieved'}, count ${arrow}`;
  const k = (fn: string) => ({ kernel: fn, label, doc });
  if (ev.error && (/failed/.test(why) || inc?.error !== ev.error))
    return {
      ...k('luo_flb_retrieve_one() → FLB ->retrieve()'),
      text: `FLB ${c}'s retrieve() failed with ${ev.error}, so its incoming object is not available${p.flbRetrieveStatus ? '; the error is remembered and returned on every later call' : ''}.`,
      tone: 'error',
    };
  if (/retrieve\(\) failed/.test(why))
    return { ...k('luo_flb_retrieve_one() → FLB ->retrieve()'), text: `FLB ${c}'s retrieve() failed (${why}); the next get_incoming will try again.`, tone: 'error' };
  if (ev.finished && !(inc?.finished ?? false))
    return {
      ...k(`luo_flb_file_finish() → FLB ->finish()`),
      text: `The last dependent file finished${p.flbIncomingRefcount ? ' and no get_incoming reference is left' : ''}, so finish() ran for FLB ${c}: its incoming state is released and get_incoming now returns ENODATA.`,
      tone: 'ok',
    };
  if (ev.retrieved && !(inc?.retrieved ?? false))
    return {
      ...k('luo_flb_retrieve_one() → FLB ->retrieve()'),
      text: `FLB ${c} was retrieved from the previous kernel on demand: retrieve() ran with the serialized data and the incoming count was loaded as ${ev.count}, the number of dependent files the old kernel preserved.`,
      tone: 'info',
    };
  if (/mutex held/.test(why))
    return { ...k(flbApiName(p, 'get_incoming')), text: `${flbApiName(p, 'get_incoming')} returned FLB ${c}'s incoming object with the FLB mutex held; it must be handed back with ${flbApiName(p, 'put_incoming')}.`, tone: 'info' };
  if (/unlock/.test(why))
    return { ...k(flbApiName(p, 'put_incoming')), text: `${flbApiName(p, 'put_incoming')} stored FLB ${c}'s incoming object back and released the FLB mutex.`, tone: 'info' };
  if (/get_incoming/.test(why) || (from !== undefined && ev.count > from))
    return {
      ...k(flbApiName(p, 'get_incoming')),
      text: `get_incoming took a reference on FLB ${c}'s incoming object (count ${ev.count}); finish() cannot run until it is put again with ${flbApiName(p, 'put_incoming')}.`,
      tone: 'info',
    };
  if (ev.count < 0 || /negative|underflow|never/.test(why))
    return {
      ...k('luo_flb_file_finish()'),
      text: `A file depending on FLB ${c} finished before anyone retrieved the FLB, so its incoming count was never loaded from the handover data: the count went wrong (${ev.count}) and finish() will never run. FLB users should call get_incoming early.`,
      tone: 'warn',
    };
  if (/put_incoming/.test(why))
    return {
      ...k(flbApiName(p, 'put_incoming')),
      text: `put_incoming dropped a reference on FLB ${c}'s incoming object; ${ev.count} remain, so finish() waits.`,
      tone: 'info',
    };
  return {
    ...k('luo_flb_file_finish()'),
    text: `A file depending on FLB ${c} finished: its incoming count is now ${ev.count}, and finish() waits for the last one.`,
    tone: 'info',
  };
}

// ---------------------------------------------------------------------------------------
// Everything else

function formatName(format: string): string {
  switch (format) {
    case 'fdt-v1':
      return 'a one-page FDT with compatible "luo-v1" and no FLB node (6.19)';
    case 'fdt-v1+flb':
      return 'a one-page FDT with compatible "luo-v1" plus the "luo-flb" node';
    case 'luo-v5':
      return 'a raw struct luo_ser ("luo-v5") with sessions and files in linked blocks';
    default:
      return `format ${format}`;
  }
}

function explainKexec(ev: Ev<'kexec'>, p: Profile, prev: WorldView | undefined): Explanation {
  const doc = DOCS.core;
  const r = ev.result;
  switch (ev.phase) {
    case 'start':
      return prev && !prev.liveupdate
        ? { text: 'reboot(LINUX_REBOOT_CMD_KEXEC) with LUO disabled: liveupdate_reboot() does nothing, so the next kernel gets no LUO data.', kernel: 'kernel_kexec() → liveupdate_reboot() (no-op)', label: 'kexec start', tone: 'info', doc }
        : {
            text: `reboot(LINUX_REBOOT_CMD_KEXEC): kernel_kexec() calls liveupdate_reboot() before the machine goes down, which runs ${list(rebootSteps(p))}.`,
            kernel: `kernel_kexec() → liveupdate_reboot(): ${rebootSteps(p).join(', ')}`,
            label: 'kexec start',
            tone: 'info',
            doc,
          };
    case 'serialize': {
      const open = prev ? Object.values(prev.sessions).filter((s) => s.dir === 'outgoing').length : undefined;
      if (r && r !== 'ok')
        return {
          text: `luo_session_serialize() failed with ${r}: everything frozen so far was unfrozen, reboot() fails with ${r}, and the machine keeps running this kernel.`,
          kernel: 'luo_session_serialize()',
          label: `serialize ${r}`,
          tone: 'error',
          doc: DOCS.sessions,
        };
      return {
        text: `luo_session_serialize() froze and wrote every outgoing session${open !== undefined ? ` (${plural(open, 'session')})` : ''} into the handover image, in creation order${
          p.format === 'luo-v5' ? '; it keeps luo_session_serialize_rwsem held for write, so no session call can run any more in this kernel' : ''
        }.`,
        kernel: 'luo_session_serialize()',
        label: 'serialize sessions',
        tone: 'info',
        doc: DOCS.sessions,
      };
    }
    case 'flb_serialize':
      return {
        text: 'luo_flb_serialize() wrote every registered FLB with a non-zero outgoing count ({name, data, count}) into the FLB area; no FLB callback runs at reboot.',
        kernel: 'luo_flb_serialize()',
        label: 'serialize FLBs',
        tone: 'info',
        doc: DOCS.flb,
      };
    case 'kho_finalize':
      return r && r !== 'ok'
        ? {
            text: `kho_finalize() failed, and liveupdate_reboot() maps any kho_finalize() error to EAGAIN; unlike a freeze failure, nothing is unfrozen.`,
            kernel: 'kho_finalize()',
            label: `kho_finalize ${r}`,
            tone: 'error',
            doc,
          }
        : {
            text: `kho_finalize() sealed the KHO state so the next kernel can find it (${p.id} still has this step; later kernels made KHO stateless).`,
            kernel: 'kho_finalize()',
            label: 'kho_finalize',
            tone: 'info',
            doc,
          };
    case 'failed':
      return {
        text: `The kexec is aborted with ${r ?? 'an error'}: ${r ? explainErrno('kexec', r, p) : 'the reboot failed, and this kernel keeps running'}. Nothing is handed over.`,
        kernel: 'liveupdate_reboot() → reboot() returns the error',
        label: `kexec ${r ?? 'failed'}`,
        tone: 'error',
        doc,
      };
    case 'jump':
      return {
        text:
          prev && !prev.liveupdate
            ? 'Jump into the next kernel: every process and fd of this kernel is gone, and with LUO off nothing is handed over.'
            : 'Jump into the next kernel: every process and fd of this kernel is gone; only the handover image (carried by KHO) survives.',
        kernel: 'kernel_kexec() → machine_kexec()',
        label: 'kexec jump',
        tone: 'ok',
        doc,
      };
  }
}

/** Explain one event. `ctx.prev` is the state just before it; texts get more specific with it. */
export function explainEvent(ev: LuoEvent, ctx: ExplainContext): Explanation {
  const p = ctx.profile;
  const prev = ctx.prev;
  switch (ev.type) {
    case 'boot': {
      const patches = ev.patches.length ? ` with patches ${ev.patches.join(', ')}` : '';
      const kernel = ev.liveupdate ? 'luo_early_startup(), luo_late_startup(), liveupdate_ioctl_init()' : 'early_liveupdate_param() (liveupdate=off), luo_early_startup()';
      const label = `boot gen ${ev.gen}: ${ev.profile}`;
      if (!ev.liveupdate)
        return {
          text: `Generation ${ev.gen} boots ${ev.profile}${patches} with liveupdate=off: LUO is disabled, /dev/liveupdate is not registered (open gives ENOENT) and registrations give EOPNOTSUPP${
            ev.incoming === 'ignored' ? '; the handed-over LUO data is ignored' : ''
          }.`,
          kernel,
          label,
          tone: 'warn',
          doc: DOCS.core,
        };
      if (ev.incoming === 'found')
        return {
          text: `Generation ${ev.gen} boots ${ev.profile}${patches} after a kexec: luo_early_startup() found the previous kernel's "LUO" KHO subtree and read live-update number ${ev.liveupdateNum}; the incoming sessions are deserialized lazily, at the first open of /dev/liveupdate.`,
          kernel,
          label,
          tone: 'info',
          doc: DOCS.core,
        };
      return {
        text:
          ev.gen === 0
            ? `Cold boot of a ${ev.profile} kernel${patches} with liveupdate=on: luo_early_startup() finds no "LUO" KHO subtree, so nothing is incoming and the live-update number is 0.`
            : `Generation ${ev.gen} boots ${ev.profile}${patches}, but the previous kernel handed over no LUO data (it had LUO off), so nothing is incoming.`,
        kernel,
        label,
        tone: 'info',
        doc: DOCS.core,
      };
    }
    case 'panic':
      if (!ev.reason.startsWith('luo_restore_fail'))
        return {
          text: `Kernel panic: ${ev.reason}. A module's live update code calls panic() where it cannot go on safely (the PCI core, queued for 7.4, when the incoming pci_ser has another version, cannot be retrieved, or names a device that never finished); the machine halts and no later step runs.`,
          kernel: 'panic()',
          label: 'panic',
          tone: 'error',
          doc: DOCS.core,
        };
      return {
        text: `luo_early_startup() could not read the incoming LUO data, so luo_restore_fail() panics and the machine halts; no later step runs. Reason: ${ev.reason.replace(/^luo_restore_fail\(\):\s*/, '')}`,
        kernel: 'luo_early_startup() → luo_restore_fail() (panic)',
        label: 'boot panic',
        tone: 'error',
        doc: DOCS.abi,
      };
    case 'step':
      return {
        text: `Step ${ev.step + 1}: ${ev.text}. ${opSummary(ev.op, p)}`,
        kernel: opKernel(ev.op, p),
        label: ev.text,
        tone: 'info',
        ...(opDoc(ev.op) ? { doc: opDoc(ev.op) } : {}),
      };
    case 'result':
      return explainResult(ev, p, prev);
    case 'module': {
      const load = ev.action === 'load';
      const kernel = load ? `module init of ${ev.module}` : `module exit of ${ev.module}`;
      const label = `${load ? 'load' : 'unload'} ${ev.module}${ev.result === 'ok' ? '' : ` ${ev.result}`}`;
      if (ev.result === 'ok')
        return {
          text: load
            ? `Module ${q(ev.module)} is loaded; its init function registers its file handlers (and FLBs) with LUO, which is how LUO learns which files it can preserve.${statusNote(ev.module)}`
            : `Module ${q(ev.module)} is unloaded; its exit function has unregistered what it registered.`,
          kernel,
          label,
          tone: 'info',
          doc: DOCS.files,
        };
      return {
        text: `${load ? 'Loading' : 'Unloading'} module ${q(ev.module)} gave ${ev.result}: ${explainErrno(load ? 'register_module' : 'unregister_module', ev.result, p)}.`,
        kernel,
        label,
        tone: 'error',
        doc: DOCS.files,
      };
    }
    case 'handler_register': {
      const kernel = 'liveupdate_register_file_handler()';
      const label = `register ${ev.compatible}${ev.result === 'ok' ? '' : ` ${ev.result}`}`;
      if (ev.result === 'ok')
        return {
          text: `File handler ${ev.compatible} (module ${ev.module}) is registered: LUO will ask its can_preserve() about files${
            ev.accepts.length ? ` (it accepts ${list(ev.accepts.map(fileKindName))})` : ''
          }. Its compatible string is written with every file it preserves, and the next kernel needs a handler with exactly that string.`,
          kernel,
          label,
          tone: 'info',
          doc: DOCS.files,
        };
      return {
        text: `Registering file handler ${ev.compatible} failed with ${ev.result}: ${
          ev.result === 'EEXIST' ? 'a handler with this compatible string is already registered' : explainErrno('register_module', ev.result, p)
        }.`,
        kernel,
        label,
        tone: 'error',
        doc: DOCS.files,
      };
    }
    case 'handler_unregister': {
      const kernel = `liveupdate_unregister_file_handler()${p.unregisterReturnsInt ? '' : ' (void; luo_flb_unregister_all())'}`;
      const label = `unregister ${ev.compatible}${ev.result === 'ok' ? '' : ` ${ev.result}`}`;
      if (ev.result === 'ok')
        return {
          text: `File handler ${ev.compatible} is unregistered${p.unregisterReturnsInt ? '' : ' together with all its FLB links'}; files with its compatible string can no longer be preserved${
            p.pinPerFile ? ' (files already preserved keep the module pinned)' : ''
          }, and a kexec image naming it could not be deserialized without it.`,
          kernel,
          label,
          tone: 'info',
          doc: DOCS.files,
        };
      return { text: `Unregistering ${ev.compatible} failed with ${ev.result}: ${explainErrno('unregister_module', ev.result, p)}.`, kernel, label, tone: 'error', doc: DOCS.files };
    }
    case 'flb_register': {
      const kernel = 'liveupdate_register_flb()';
      const label = `link FLB ${ev.compatible}${ev.result === 'ok' ? '' : ` ${ev.result}`}`;
      if (ev.result === 'ok')
        return {
          text: `FLB ${ev.compatible} is linked to handler ${ev.handler}${ev.users === 1 ? ' (its first link: it joins the global FLB list)' : ` (now linked to ${plural(ev.users, 'handler')})`}; its preserve() will run when the first file of any linked handler is preserved.`,
          kernel,
          label,
          tone: 'info',
          doc: DOCS.flb,
        };
      const testEexist = ev.result === 'EEXIST' && /^liveupdate-test-flb-v0$/.test(ev.compatible);
      return {
        text: testEexist
          ? `Linking FLB ${ev.compatible} to ${ev.handler} a second time gives EEXIST, as lib/tests/liveupdate.c expects: it checks that a duplicate link is refused.`
          : `Linking FLB ${ev.compatible} to ${ev.handler} failed with ${ev.result}: ${
              ev.result === 'EEXIST' ? 'it is already linked to this handler, or another registered FLB has the same compatible' : explainErrno('register_module', ev.result, p)
            }.`,
        kernel,
        label,
        tone: testEexist ? 'info' : 'error',
        doc: DOCS.flb,
      };
    }
    case 'flb_unregister': {
      const kernel = `liveupdate_unregister_flb()${p.unregisterReturnsInt ? '' : ' (void)'}`;
      const label = `unlink FLB ${ev.compatible}${ev.result === 'ok' ? '' : ` ${ev.result}`}`;
      if (ev.result === 'ok')
        return {
          text: `FLB ${ev.compatible} is unlinked from handler ${ev.handler}${ev.users === 0 ? '; no handler uses it any more, so it leaves the global FLB list' : ` (still linked to ${plural(ev.users, 'handler')})`}.`,
          kernel,
          label,
          tone: 'info',
          doc: DOCS.flb,
        };
      return {
        text: `Unlinking FLB ${ev.compatible} from ${ev.handler} failed with ${ev.result}: ${
          ev.result === 'ENOENT' ? 'it was not linked to that handler' : explainErrno('unregister_module', ev.result, p)
        }.`,
        kernel,
        label,
        tone: 'error',
        doc: DOCS.flb,
      };
    }
    case 'file_new':
      if (ctx.op === 'retrieve_fd')
        return {
          text: `The handler's retrieve() created file #${ev.file}, a new ${fileKindName(ev.fileKind)}${ev.data ? ` holding ${q(ev.data)}` : ''}, from the state the previous kernel preserved; this is how the content crosses the kexec.`,
          kernel: ev.fileKind === 'memfd' ? 'memfd_luo retrieve(): memfd_alloc_file()' : '->retrieve() of the file handler',
          label: `new ${ev.fileKind} #${ev.file}`,
          tone: 'info',
          doc: DOCS.files,
        };
      return {
        text: `Userspace created file #${ev.file}, ${aFile(ev.fileKind)}${ev.data ? ` holding ${q(ev.data)}` : ''}. LUO does not know about it until it is preserved.`,
        kernel: fileCreator(ev.fileKind),
        label: `new ${ev.fileKind} #${ev.file}`,
        tone: 'info',
      };
    case 'file_write': {
      const preserved = preservedIn(prev, ev.file) !== null;
      return {
        text: `File #${ev.file} now holds ${q(ev.data)}.${preserved ? ' It is preserved, and preserve() keeps the file\'s own pages, so this change crosses the kexec too.' : ''}`,
        kernel: 'write()',
        label: `write #${ev.file}`,
        tone: 'info',
      };
    }
    case 'file_release':
      return {
        text: `The last reference to file #${ev.file} was dropped, so it is freed (a preserved or retrieved file stays alive while LUO holds its own reference).`,
        kernel: 'fput() → release',
        label: `free #${ev.file}`,
        tone: 'info',
      };
    case 'fd_open': {
      const t = ev.target;
      const what =
        t.kind === 'device'
          ? '/dev/liveupdate'
          : t.kind === 'session'
            ? `session ${q(t.name)} (an anon inode named "[luo_session] ${t.name}")`
            : `file #${t.file} (${fileKindName(t.fileKind)})`;
      return { text: `fd ${ev.fd} now refers to ${what}.`, kernel: 'fd_install()', label: `fd ${ev.fd} open`, tone: 'info' };
    }
    case 'fd_close': {
      const t = prev?.fds[ev.fd];
      const more =
        t?.kind === 'session'
          ? ` It referred to session ${q(t.name)}; if that was its last reference, luo_session_release() runs next.`
          : t?.kind === 'device'
            ? ' It referred to /dev/liveupdate; luo_release() runs when its last reference goes.'
            : t?.kind === 'file'
              ? ` It referred to file #${t.file}${preservedIn(prev, t.file) ? `, which stays alive: it is preserved in ${preservedIn(prev, t.file)} and LUO holds its own reference` : ''}.`
              : '';
      return { text: `fd ${ev.fd} is closed.${more}`, kernel: 'close()', label: `fd ${ev.fd} closed`, tone: 'info' };
    }
    case 'device':
      return ev.action === 'open'
        ? {
            text: 'luo_open() set the device\'s in_use flag: /dev/liveupdate is exclusive, so a second open fails with EBUSY until this one is closed.',
            kernel: 'luo_open()',
            label: 'device open',
            tone: 'info',
            doc: DOCS.uapi,
          }
        : {
            text: 'luo_release() cleared the in_use flag. Closing the device does not touch any session: sessions live on their own fds.',
            kernel: 'luo_release()',
            label: 'device released',
            tone: 'info',
            doc: DOCS.uapi,
          };
    case 'deserialize': {
      if (ev.result === 'ok') {
        const n = prev ? Object.values(prev.sessions).filter((s) => s.dir === 'incoming').length : undefined;
        return {
          text: `First open after the kexec: luo_session_deserialize() rebuilt ${n !== undefined ? plural(n, 'incoming session') : 'the incoming sessions'} and ${n === 1 ? 'its' : 'their'} files from the handover data, to be retrieved by name.`,
          kernel: 'luo_session_deserialize()',
          label: 'deserialize ok',
          tone: 'ok',
          doc: DOCS.sessions,
        };
      }
      return {
        text: `luo_session_deserialize() failed${ev.reason ? ` (${ev.reason})` : ''}: the open returns EIO, and so will every later open, because the failure is cached and never retried.`,
        kernel: 'luo_session_deserialize() → luo_file_deserialize()',
        label: `deserialize ${ev.result}`,
        tone: 'error',
        doc: DOCS.sessions,
      };
    }
    case 'session_new':
      return ev.dir === 'outgoing'
        ? {
            text: `luo_session_create() added the empty outgoing session ${q(ev.name)}; it is handed over at kexec only if its fd is still open then.`,
            kernel: 'luo_session_create() → luo_session_insert()',
            label: `new session ${ev.name}`,
            tone: 'info',
            doc: DOCS.sessions,
          }
        : {
            text: `luo_session_deserialize() recreated the incoming session ${q(ev.name)} from the previous kernel's data; userspace claims it with RETRIEVE_SESSION.`,
            kernel: 'luo_session_deserialize()',
            label: `incoming session ${ev.name}`,
            tone: 'info',
            doc: DOCS.sessions,
          };
    case 'session_retrieved':
      return {
        text: `Incoming ${sessionLabel(prev, ev.sid)} is now marked retrieved, so another RETRIEVE_SESSION for it gives EINVAL.`,
        kernel: 'luo_session_retrieve()',
        label: `session ${sessionName(prev, ev.sid)} retrieved`,
        tone: 'info',
        doc: DOCS.sessions,
      };
    case 'session_finished':
      return {
        text: `${cap(sessionLabel(prev, ev.sid))} is finished: LUO let go of its files. It stays, empty, until its fd is closed; a second FINISH returns 0 and RETRIEVE_FD gives ENOENT.`,
        kernel: 'luo_session_finish() → luo_file_finish()',
        label: `session ${sessionName(prev, ev.sid)} finished`,
        tone: 'ok',
        doc: DOCS.sessions,
      };
    case 'session_gone': {
      const s = sessionById(prev, ev.sid);
      const name = s ? q(s.name) : `#${ev.sid}`;
      const text =
        ev.reason === 'kexec'
          ? `Session ${name} is dropped at the kexec: ${s?.dir === 'incoming' ? 'incoming sessions are never serialized again, so whatever it still held is discarded' : 'it was not handed over'}.`
          : s?.dir === 'incoming'
            ? `Incoming session ${name} is finished and its fd closed, so luo_session_release() freed it.`
            : `Outgoing session ${name} lost its last fd before the kexec, so luo_session_release() unpreserved its files and freed it: nothing of it is handed over.`;
      return {
        text,
        kernel: ev.reason === 'kexec' ? 'liveupdate_reboot() (not serialized)' : 'luo_session_release()',
        label: `session ${s?.name ?? `#${ev.sid}`} gone`,
        tone: ev.reason === 'closed' && s?.dir === 'outgoing' && Object.keys(s.files).length > 0 ? 'warn' : 'info',
        doc: DOCS.sessions,
      };
    }
    case 'session_held':
      return {
        text: `Closing retrieved ${sessionLabel(prev, ev.sid)} ran finish once more and it failed (${ev.result}: a can_finish() said no): the session stays in the incoming list without an fd, can never be retrieved again (EINVAL), and is held until the next live update.`,
        kernel: 'luo_session_release() → luo_session_finish_one()',
        label: `session held (${ev.result})`,
        tone: 'warn',
        doc: DOCS.sessions,
      };
    case 'file_preserved': {
      const already = p.doublePreserve ? null : preservedIn(prev, ev.file);
      return {
        text: `File #${ev.file} is preserved in ${sessionLabel(prev, ev.sid)} under ${tok(ev.token)}, handled by ${ev.handler} (serialized_data ${ev.data}). ${
          already
            ? `It was already preserved in ${already}: ${p.id} has no double-preservation check (added in 7.1), so the same file is now preserved twice.`
            : 'LUO holds its own reference, so the caller may close its fd.'
        }`,
        kernel: 'luo_preserve_file()',
        label: `${tok(ev.token)} preserved in ${sessionName(prev, ev.sid)}`,
        tone: already ? 'warn' : 'ok',
        doc: DOCS.files,
      };
    }
    case 'file_unpreserved':
      return {
        text: `${cap(tok(ev.token))} left ${sessionLabel(prev, ev.sid)}: LUO dropped its reference${p.doublePreserve ? ', its module pin and its entry in luo_preserved_files' : ''}; the file is no longer preserved.`,
        kernel: 'luo_file_unpreserve_files()',
        label: `${tok(ev.token)} unpreserved from ${sessionName(prev, ev.sid)}`,
        tone: 'info',
        doc: DOCS.files,
      };
    case 'file_serialized':
      return {
        text: `${cap(tok(ev.token))} of ${sessionLabel(prev, ev.sid)} is written into the handover image as {compatible, serialized_data ${ev.data}, token}: this entry is what the next kernel deserializes.`,
        kernel: 'luo_file_freeze() (luo_session_serialize())',
        label: `${tok(ev.token)} of ${sessionName(prev, ev.sid)} serialized`,
        tone: 'info',
        doc: DOCS.abi,
      };
    case 'file_unserialized':
      return {
        text: `Rollback: the reboot is aborted, so the serialized entry for ${tok(ev.token)} of ${sessionLabel(prev, ev.sid)} is cleared${
          p.id === '6.19' || p.id === '7.0' ? ` and its serialized_data is reset to ${ev.data} (6.19/7.0 behaviour, removed in 7.1)` : ''
        }; the file stays preserved in this kernel.`,
        kernel: 'luo_file_unfreeze()',
        label: `unserialized ${tok(ev.token)}`,
        tone: 'warn',
        doc: DOCS.files,
      };
    case 'file_incoming':
      return {
        text: `${cap(tok(ev.token))} of ${sessionLabel(prev, ev.sid)} is recreated as an incoming entry, matched by its exact compatible string to the registered handler ${ev.handler}${
          p.pinPerFile ? ' (whose module is pinned for it)' : ''
        }; no callback runs until RETRIEVE_FD or FINISH.`,
        kernel: 'luo_file_deserialize()',
        label: `${tok(ev.token)} incoming in ${sessionName(prev, ev.sid)}`,
        tone: 'info',
        doc: DOCS.files,
      };
    case 'file_retrieved':
      return ev.result === 'ok'
        ? {
            text: `${cap(tok(ev.token))} of ${sessionLabel(prev, ev.sid)} is retrieved${ev.file !== undefined ? ` as file #${ev.file}` : ''}; LUO keeps a reference until finish${
              p.doublePreserve ? ' and records its id in luo_preserved_files' : ''
            }.`,
            kernel: 'luo_retrieve_file()',
            label: `${tok(ev.token)} of ${sessionName(prev, ev.sid)} retrieved`,
            tone: 'ok',
            doc: DOCS.files,
          }
        : {
            text: `Retrieving ${tok(ev.token)} of ${sessionLabel(prev, ev.sid)} failed with ${ev.result}. ${
              p.rememberRetrieveError ? 'The error is remembered (retrieve_status < 0) and returned again by every later RETRIEVE_FD.' : 'It is not remembered, so a later RETRIEVE_FD tries again.'
            }`,
            kernel: 'luo_retrieve_file()',
            label: `retrieve ${tok(ev.token)} ${ev.result}`,
            tone: 'error',
            doc: DOCS.files,
          };
    case 'file_finished':
      return {
        text: ev.retrieved
          ? `${cap(tok(ev.token))} of ${sessionLabel(prev, ev.sid)} is finished: the retrieved file now belongs to userspace alone (LUO dropped its reference).`
          : `${cap(tok(ev.token))} of ${sessionLabel(prev, ev.sid)} is finished without ever being retrieved, so its preserved state is discarded.`,
        kernel: 'luo_file_finish()',
        label: `${tok(ev.token)} of ${sessionName(prev, ev.sid)} finished`,
        tone: 'info',
        doc: DOCS.files,
      };
    case 'callback':
      return ev.owner === 'flb' ? explainFlbCallback(ev, p, prev) : explainHandlerCallback(ev, p, prev);
    case 'flb':
      return explainFlbState(ev, p, prev);
    case 'kexec':
      return explainKexec(ev, p, prev);
    case 'handover': {
      const img = ev.image;
      const files = img.sessions.reduce((n, s) => n + s.files.length, 0);
      const flbs = img.flbs === null ? 'no FLB area' : plural(img.flbs.length, 'FLB');
      return {
        text: `The handover image is complete in the KHO subtree "LUO": ${formatName(img.format)}, live-update number ${img.liveupdateNum}, ${plural(img.sessions.length, 'session')} with ${plural(files, 'file')}, ${flbs}. This is all that crosses the kexec.`,
        kernel: `liveupdate_reboot() → KHO subtree "LUO" (${img.compatible})`,
        label: `handover ${img.compatible} #${img.liveupdateNum}`,
        tone: 'ok',
        doc: DOCS.abi,
      };
    }
    case 'warn':
      return { text: `The kernel would print a warning: ${ev.message}`, kernel: 'WARN() / pr_warn()', label: 'warning', tone: 'warn' };
    case 'fault': {
      const what = ev.target === 'kho' ? `${ev.callback === 'finalize' ? 'kho_finalize' : ev.callback}()` : `${ev.target} ${ev.callback}()`;
      return ev.action === 'armed'
        ? {
            text: `A fault is armed: the next ${what} call will fail once. This is luoscope's fault injection, not a kernel feature.`,
            kernel: 'none (luoscope fault injection)',
            label: `armed ${what}`,
            tone: 'warn',
          }
        : {
            text: `The armed fault fires: this ${what} call fails as requested, so the kernel's error path runs next.`,
            kernel: ev.target === 'kho' ? 'kho_finalize() (injected failure)' : `${ev.target} ->${ev.callback}() (injected failure)`,
            label: `fault ${what}`,
            tone: 'warn',
          };
    }
    case 'violation':
      return {
        text: `Invariant ${ev.rule} does not hold after this step: ${ev.message}. luoscope checks these after every step and reports them instead of fixing anything.`,
        kernel: 'none (luoscope invariant check)',
        label: `violation ${ev.rule}`,
        tone: 'error',
      };
    default:
      return assertNever(ev);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexplained event ${JSON.stringify(x)}`);
}

/** Explain a whole event log: tracks each generation's profile and the state before each event. */
export function explainEvents(events: readonly LuoEvent[], initial: WorldView = emptyView()): Explanation[] {
  let view = initial;
  let profile = makeProfile(view.profile, view.patches);
  let op: StepOp | undefined;
  return events.map((ev) => {
    if (ev.type === 'boot') profile = makeProfile(ev.profile, ev.patches);
    if (ev.type === 'step') op = ev.op;
    else if (ev.step < 0) op = undefined;
    const ex = explainEvent(ev, { profile, prev: view, ...(op ? { op } : {}) });
    view = applyEvent(view, ev);
    return ex;
  });
}

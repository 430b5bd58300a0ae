// Kernel profiles and patches as data: which checks and APIs each LUO version has
// (../shared/reference/kernel-luo-notes.md §0 and the per-ioctl version notes).
import type { PatchId, ProfileId } from '../scenario/types';

/** The serialized layout a kernel writes and expects to read at boot (notes §7). */
export type HandoverFormat = 'fdt-v1' | 'fdt-v1+flb' | 'luo-v5';

export interface Profile {
  id: ProfileId;
  patches: readonly PatchId[];
  /** LUO_SESSION_MAX before the linked-block series; null = block limit (ENOSPC) */
  sessionMax: number | null;
  /** LUO_FILE_MAX per session before the linked-block series; null = block limit */
  fileMax: number | null;
  /** luo_flb.c exists (7.0+) */
  flb: boolean;
  /** prevent double management: xarray of preserved file ids, EBUSY (7.1+) */
  doublePreserve: boolean;
  /** LIVEUPDATE_SESSION_GET_NAME exists (latest) */
  getName: boolean;
  /** strnlen name check at CREATE_SESSION: EINVAL for "" and no NUL (latest) */
  nameValidation: boolean;
  /** luo_ioctl_type_valid: incoming/outgoing gating of session ioctls (latest) */
  sessionKindGating: boolean;
  /** a failed RETRIEVE_FD is remembered in retrieve_status (7.1+) */
  rememberRetrieveError: boolean;
  /** registration needs luo_session_quiesce(): EBUSY while sessions exist (6.19, 7.0) */
  quiesceOnRegister: boolean;
  /** unregister functions return int (6.19, 7.0) rather than void */
  unregisterReturnsInt: boolean;
  /** module pinned per preserved file (7.1+) rather than at handler registration */
  pinPerFile: boolean;
  /** liveupdate_flb_get_incoming takes a reference; liveupdate_flb_put_incoming exists (latest) */
  flbIncomingRefcount: boolean;
  /** kho_finalize() at reboot, mapped to EAGAIN on failure (6.19-7.1) */
  khoFinalize: boolean;
  /** P: get_outgoing takes a reference, ENOENT when nothing preserved; put_outgoing */
  flbOutgoingRefcount: boolean;
  /** P: a failed FLB retrieve() is remembered */
  flbRetrieveStatus: boolean;
  /** P: FINISH with reserved != 0 gives EINVAL */
  finishReserved: boolean;
  /** Nov 2025 mailing-list API: _locked/_unlock accessors */
  lockApiV6: boolean;
  /** number of session ioctls in the dispatch table (3 before GET_NAME, 4 with it) */
  sessionIoctls: number;
  format: HandoverFormat;
}

/** Session entries per linked block: (PAGE_SIZE - 16) / 80. */
export const SESSIONS_PER_BLOCK = 51;
/** File entries per linked block: (PAGE_SIZE - 16) / 64. */
export const FILES_PER_BLOCK = 63;
/** KHO_MAX_BLOCKS: a block set may grow to this many blocks, then ENOSPC. */
export const KHO_MAX_BLOCKS = 10000;
/** LUO_FLB_MAX = (4096 - 16) / 64. */
export const LUO_FLB_MAX = 63;
/** LIVEUPDATE_SESSION_NAME_LENGTH, including the NUL. */
export const SESSION_NAME_LENGTH = 64;

export function makeProfile(id: ProfileId, patches: readonly PatchId[] = []): Profile {
  const has = (p: PatchId) => id === 'latest' && patches.includes(p);
  const atLeast71 = id === '7.1' || id === 'latest';
  const latest = id === 'latest';
  return {
    id,
    patches: latest ? [...patches] : [],
    sessionMax: latest ? null : 819,
    fileMax: latest ? null : 128,
    flb: id !== '6.19',
    doublePreserve: atLeast71,
    getName: latest,
    nameValidation: latest,
    sessionKindGating: latest,
    rememberRetrieveError: atLeast71,
    quiesceOnRegister: !atLeast71,
    unregisterReturnsInt: !atLeast71,
    pinPerFile: atLeast71,
    flbIncomingRefcount: latest && !has('lock-api-v6'),
    khoFinalize: !latest,
    flbOutgoingRefcount: has('flb-outgoing-refcount'),
    flbRetrieveStatus: has('flb-retrieve-status'),
    finishReserved: has('finish-reserved'),
    lockApiV6: has('lock-api-v6'),
    sessionIoctls: latest ? 4 : 3,
    format: latest ? 'luo-v5' : id === '6.19' ? 'fdt-v1' : 'fdt-v1+flb',
  };
}

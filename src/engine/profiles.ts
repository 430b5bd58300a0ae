// Kernel profiles and patches as data: which checks and APIs each LUO version has
// (../shared/reference/kernel-luo-notes.md §0 and the per-ioctl version notes).
import type { KernelId, PatchId } from '../scenario/types';

/** The serialized layout a kernel writes and expects to read at boot (notes §7). */
export type HandoverFormat = 'fdt-v1' | 'fdt-v1+flb' | 'luo-v5';

export interface Profile {
  id: KernelId;
  /** the patches listed that this kernel lacks (built-in and inapplicable ones dropped) */
  patches: readonly PatchId[];
  /** LUO_SESSION_MAX before the linked-block series; null = block limit (ENOSPC) */
  sessionMax: number | null;
  /** LUO_FILE_MAX per session before the linked-block series; null = block limit */
  fileMax: number | null;
  /** luo_flb.c exists (7.0+) */
  flb: boolean;
  /** prevent double management: xarray of preserved file ids, EBUSY (7.1+) */
  doublePreserve: boolean;
  /** LIVEUPDATE_SESSION_GET_NAME exists (since 7.2) */
  getName: boolean;
  /** strnlen name check at CREATE_SESSION: EINVAL for "" and no NUL (since 7.2) */
  nameValidation: boolean;
  /** luo_ioctl_type_valid: incoming/outgoing gating of session ioctls (since 7.2) */
  sessionKindGating: boolean;
  /** a failed RETRIEVE_FD is remembered in retrieve_status (7.1+) */
  rememberRetrieveError: boolean;
  /** registration needs luo_session_quiesce(): EBUSY while sessions exist (6.19, 7.0) */
  quiesceOnRegister: boolean;
  /** unregister functions return int (6.19, 7.0) rather than void */
  unregisterReturnsInt: boolean;
  /** module pinned per preserved file (7.1+) rather than at handler registration */
  pinPerFile: boolean;
  /** liveupdate_flb_get_incoming takes a reference; liveupdate_flb_put_incoming exists (since 7.2) */
  flbIncomingRefcount: boolean;
  /** kho_finalize() at reboot, mapped to EAGAIN on failure (6.19, 7.0; gone in 7.1) */
  khoFinalize: boolean;
  /** since 7.2 (patch before): get_outgoing takes a reference, ENOENT when nothing preserved; put_outgoing */
  flbOutgoingRefcount: boolean;
  /** since 7.2 (patch before): a failed FLB retrieve() is remembered */
  flbRetrieveStatus: boolean;
  /** since 7.2 (patch before): FINISH with reserved != 0 gives EINVAL */
  finishReserved: boolean;
  /** Nov 2025 mailing-list API: _locked/_unlock accessors */
  lockApiV6: boolean;
  /** luo_file_unfreeze_one() sets serialized_data to 0 after unfreeze (6.19, 7.0) */
  unfreezeZeroesHandle: boolean;
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

/** Where each kernel stands in the release order (v1-latest sits between 7.1 and 7.2). */
export const RANK: Record<KernelId, number> = { '6.19': 0, '7.0': 1, '7.1': 2, 'v1-latest': 3, '7.2': 4, '7.3': 5 };

/** How a kernel is named to people: the release, or what the format-1 `latest` was. */
export function kernelName(id: KernelId): string {
  return id === 'v1-latest' ? "v1 'latest' (7.2-rc next tree, without the three late fixes)" : `Linux ${id}`;
}

/** The three fixes merged right after 7.2-rc6 (tag liveupdate-fixes-2026-08-03): built in from 7.2. */
export const MAINLINE_FROM_72: readonly PatchId[] = ['finish-reserved', 'flb-outgoing-refcount', 'flb-retrieve-status'];

/** A patch that the kernel already has (listing it is a warning, not an error). */
export function patchBuiltIn(id: KernelId, p: PatchId): boolean {
  return RANK[id] >= RANK['7.2'] && MAINLINE_FROM_72.includes(p);
}

/** A patch that means nothing on this kernel (the FLB patches before luo_flb.c existed). */
export function patchInapplicable(id: KernelId, p: PatchId): boolean {
  return id === '6.19' && p !== 'finish-reserved';
}

/** Build a kernel's profile: what the release has, plus the patches it lacks and lists. */
export function makeProfile(id: KernelId, patches: readonly PatchId[] = []): Profile {
  const at = (r: KernelId) => RANK[id] >= RANK[r];
  const listed = patches.filter((p) => !patchBuiltIn(id, p) && !patchInapplicable(id, p));
  const has = (p: PatchId) => listed.includes(p) || patchBuiltIn(id, p);
  const blocks = at('v1-latest'); // kho_block series: raw luo-v5 image, no fixed limits (7.2)
  return {
    id,
    patches: listed,
    sessionMax: blocks ? null : 819,
    fileMax: blocks ? null : 128,
    flb: at('7.0'),
    doublePreserve: at('7.1'),
    getName: blocks,
    nameValidation: blocks,
    sessionKindGating: blocks,
    rememberRetrieveError: at('7.1'),
    quiesceOnRegister: !at('7.1'),
    unregisterReturnsInt: !at('7.1'),
    pinPerFile: at('7.1'),
    flbIncomingRefcount: blocks && !has('lock-api-v6'),
    khoFinalize: !at('7.1'),
    flbOutgoingRefcount: has('flb-outgoing-refcount'),
    flbRetrieveStatus: has('flb-retrieve-status'),
    finishReserved: has('finish-reserved'),
    lockApiV6: has('lock-api-v6'),
    unfreezeZeroesHandle: !at('7.1'),
    sessionIoctls: blocks ? 4 : 3,
    format: blocks ? 'luo-v5' : id === '6.19' ? 'fdt-v1' : 'fdt-v1+flb',
  };
}

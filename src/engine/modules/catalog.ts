// The module catalog (SPEC §1.2): which handlers and FLBs each simulated module registers.
import type { CustomModule, OptionalHandlerOp } from '../../scenario/types';
import { parseModuleRef } from '../../scenario/catalog-ids';

export interface HandlerDef {
  compatible: string;
  /** file kinds its can_preserve() accepts */
  accepts: string[];
  /** FLB compatibles the module links to this handler, in link order */
  flbs: string[];
  /** optional callbacks it implements */
  ops: OptionalHandlerOp[];
  /** freeze()/unpreserve() start with WARN_ON_ONCE(!serialized_data) (mm/memfd_luo.c) */
  checksHandle?: boolean;
  /** preserve() records i_size; retrieve() restores exactly that size (memfd_luo_ser.size) */
  sizeAtPreserve?: boolean;
}

/**
 * Where a module's LUO support stands (kernel-luo-2026.md §2): merged, queued for the next
 * merge window, a posted series, an RFC, an older proposal, or the scenario's own module.
 */
export type ModuleStatus = 'mainline' | 'mainline test module' | '7.4 queue' | 'series' | 'RFC' | 'proposed' | 'custom';

export interface ModuleDef {
  id: string;
  status: ModuleStatus;
  handlers: HandlerDef[];
  /** lib/tests/liveupdate.c: links the test FLBs to every handler */
  testFlbs?: string[];
  /** FLBs the module defines without linking them itself (the PCI core's "pci": drivers link it) */
  flbs?: string[];
  /** where (and when) its LUO support landed or was posted, and what we read: shown by Explain and the inspector */
  landed?: string;
}

export const TEST_FLBS = ['liveupdate-test-flb-v0', 'liveupdate-test-flb-v1', 'liveupdate-test-flb-v2'];

// Proposed handlers are not merged; the optional callbacks given here are our assumption.
// The 2026 modules (pci, eventfd, cpu, kvm) follow the series read for kernel-luo-2026.md §2;
// their behaviour beyond registration lives in ./pci.ts, ./eventfd.ts and ./cpu.ts (hooks.ts).
const CATALOG: Record<string, ModuleDef> = {
  memfd: {
    id: 'memfd',
    status: 'mainline',
    // mm/memfd_luo.c: freeze refreshes pos; get_id is the inode (7.1+); no unfreeze, no can_finish
    handlers: [{ compatible: 'memfd-v1', accepts: ['memfd'], flbs: [], ops: ['freeze', 'get_id'], checksHandle: true, sizeAtPreserve: true }],
  },
  'test-flbs': { id: 'test-flbs', status: 'mainline test module', handlers: [], testFlbs: TEST_FLBS },
  hugetlb: {
    id: 'hugetlb',
    status: 'proposed',
    handlers: [{ compatible: 'hugetlb-memfd-v1', accepts: ['hugetlb-memfd'], flbs: ['hugetlb-v1'], ops: ['freeze', 'get_id'] }],
  },
  'guest-memfd': {
    id: 'guest-memfd',
    status: 'proposed',
    handlers: [{ compatible: 'guest-memfd-v1', accepts: ['guest-memfd'], flbs: ['hugetlb-v1'], ops: ['freeze', 'get_id'] }],
  },
  iommufd: {
    id: 'iommufd',
    status: 'proposed',
    handlers: [{ compatible: 'iommufd-v1', accepts: ['iommufd'], flbs: ['iommu-core-v1'], ops: ['freeze', 'unfreeze', 'get_id'] }],
  },
  'vfio-pci': {
    id: 'vfio-pci',
    status: 'series',
    landed:
      'vfio-pci live update series (v5, Jul 2026, not merged): vfio_pci_liveupdate_{can_preserve,preserve,unpreserve,freeze,retrieve,can_finish,finish}; with the PCI core (7.4 queue) it links the FLB "pci" through pci_liveupdate_register_flb(). vfio-pci-v2 adds reset_works to vfio_pci_core_device_ser.',
    // v1 keeps the callbacks we assumed before the series was read (unfreeze, get_id): the lessons
    // and tours rely on them. vfio-pci@v2 is the series' own set (pci.ts: VFIO_V2_OPS).
    handlers: [
      { compatible: 'vfio-pci-v1', accepts: ['vfio-cdev'], flbs: ['pci-v1', 'iommu-core-v1'], ops: ['freeze', 'unfreeze', 'can_finish', 'get_id'] },
    ],
  },
  pci: {
    id: 'pci',
    status: '7.4 queue',
    landed:
      'PCI core live update (drivers/pci/liveupdate.c, branch lu-pci-preservation, v9, queued for 7.4): FLB "pci" with pci_flb_{preserve,unpreserve,retrieve,finish}; pci_liveupdate_preserve/unpreserve/finish(). Needs liveupdate_flb_put_outgoing() and _put_incoming() (7.2).',
    handlers: [],
    flbs: ['pci'],
  },
  eventfd: {
    id: 'eventfd',
    status: 'series',
    landed: 'eventfd live update series (v1, Jun 2026, not merged): eventfd_luo_{can_preserve,preserve,freeze,unpreserve,retrieve,finish}, ABI struct eventfd_luo_ser {count, flags}.',
    // freeze() refreshes the count and starts with WARN_ON_ONCE(!serialized_data), as memfd's does
    handlers: [{ compatible: 'eventfd-v1', accepts: ['eventfd'], flbs: [], ops: ['freeze'], checksHandle: true }],
  },
  cpu: {
    id: 'cpu',
    status: 'RFC',
    landed:
      'OrphanVM RFC (v1, Sep 2026): cpu_fh_v1 for /sys/devices/system/cpu/cpuN/preserve with FLB cpu_flb_v1 (include/linux/kho/abi/cpu.h), no freeze; and the vCPU handler kvm_vcpu_luo_v1.',
    handlers: [
      { compatible: 'cpu_fh_v1', accepts: ['cpu'], flbs: ['cpu_flb_v1'], ops: [] },
      { compatible: 'kvm_vcpu_luo_v1', accepts: ['kvm-vcpu'], flbs: [], ops: [] },
    ],
  },
  kvm: {
    id: 'kvm',
    status: 'series',
    landed: 'KVM / guest_memfd live update series (v4, Jul 2026, KVM_CAP_LUO, not merged): handlers kvm_vm_luo_v1 and guest_memfd_luo_v1; their optional callbacks are not modelled (our assumption: none).',
    handlers: [
      { compatible: 'kvm_vm_luo_v1', accepts: ['kvm-vm'], flbs: [], ops: [] },
      { compatible: 'guest_memfd_luo_v1', accepts: ['guest-memfd'], flbs: [], ops: [] },
    ],
  },
};

/** Kinds of file the agent can create; those no handler accepts still exist (devnull, regular). */
export const FILE_KINDS = ['memfd', 'hugetlb-memfd', 'guest-memfd', 'vfio-cdev', 'iommufd', 'eventfd', 'cpu', 'kvm-vm', 'kvm-vcpu', 'devnull', 'regular'];

/** Kinds whose files carry data that read/write see and a preserve carries across. */
export function kindHasContent(kind: string): boolean {
  return kind === 'memfd' || kind === 'hugetlb-memfd' || kind === 'guest-memfd' || kind === 'regular' || kind === 'devnull';
}

/** "memfd-v1" at version 2 is "memfd-v2", "cpu_fh_v1" is "cpu_fh_v2"; a compatible without a version gets "-vN". */
export function bumpCompatible(compatible: string, version: number): string {
  const m = /^(.*)([-_])v\d+$/.exec(compatible);
  return m ? `${m[1]}${m[2]}v${version}` : `${compatible}-v${version}`;
}

function customDef(c: CustomModule): ModuleDef {
  return {
    id: c.id,
    status: 'custom',
    handlers: [{ compatible: c.handler, accepts: [...c.accepts], flbs: [...(c.flbs ?? [])], ops: [...(c.ops ?? [])] }],
  };
}

/** Resolve "memfd", "memfd@v2" or a custom module id into what that module registers. */
export function resolveModule(ref: string, custom: readonly CustomModule[] = []): ModuleDef | null {
  const parsed = parseModuleRef(ref);
  const c = custom.find((m) => m.id === (parsed?.id ?? ref));
  const base = c ? customDef(c) : parsed ? CATALOG[parsed.id] : undefined;
  if (!base) return null;
  const version = parsed?.version ?? null;
  if (version === null) return base;
  const special = versionedSpecially(base, version);
  if (special) return special;
  const bump = (s: string) => bumpCompatible(s, version);
  return {
    ...base,
    handlers: base.handlers.map((h) => ({ ...h, compatible: bump(h.compatible), flbs: h.flbs.map(bump) })),
  };
}

/**
 * Versions that do not rename every compatible (decisions in the README):
 * - pci@vN: N is the pci_ser format version the PCI core writes and accepts (default 2); the
 *   FLB compatible stays "pci" (the PCI core moved from compatible strings to a version field).
 * - vfio-pci@vN: only the handler is renamed; its FLBs belong to the PCI and IOMMU cores. v2 has
 *   the series' callbacks (no unfreeze, no get_id) and carries reset_works.
 */
function versionedSpecially(base: ModuleDef, version: number): ModuleDef | null {
  if (base.id === 'pci') return base;
  if (base.id === 'vfio-pci')
    return {
      ...base,
      handlers: base.handlers.map((h) => ({ ...h, compatible: bumpCompatible(h.compatible, version), ...(version >= 2 ? { ops: ['freeze', 'can_finish'] as OptionalHandlerOp[] } : {}) })),
    };
  return null;
}

/** A module's status and where it landed, in one line ("7.4 queue: …"), for Explain and the inspector. */
export function moduleStatusText(id: string): string | null {
  const def = CATALOG[id.split('@')[0]!];
  if (!def) return null;
  return def.landed ? `${def.status} — ${def.landed}` : def.status;
}

export function catalogModule(id: string): ModuleDef | undefined {
  return CATALOG[id];
}

export const CATALOG_IDS = Object.keys(CATALOG);

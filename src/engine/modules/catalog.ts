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

export interface ModuleDef {
  id: string;
  status: 'mainline' | 'mainline test module' | 'proposed' | 'custom';
  handlers: HandlerDef[];
  /** lib/tests/liveupdate.c: links the test FLBs to every handler */
  testFlbs?: string[];
}

export const TEST_FLBS = ['liveupdate-test-flb-v0', 'liveupdate-test-flb-v1', 'liveupdate-test-flb-v2'];

// Proposed handlers are not merged; the optional callbacks given here are our assumption.
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
    status: 'proposed',
    handlers: [
      { compatible: 'vfio-pci-v1', accepts: ['vfio-cdev'], flbs: ['pci-v1', 'iommu-core-v1'], ops: ['freeze', 'unfreeze', 'can_finish', 'get_id'] },
    ],
  },
};

/** Kinds of file the agent can create; those no handler accepts still exist (devnull, regular). */
export const FILE_KINDS = ['memfd', 'hugetlb-memfd', 'guest-memfd', 'vfio-cdev', 'iommufd', 'devnull', 'regular'];

/** Kinds whose files carry data that read/write see and a preserve carries across. */
export function kindHasContent(kind: string): boolean {
  return kind === 'memfd' || kind === 'hugetlb-memfd' || kind === 'guest-memfd' || kind === 'regular' || kind === 'devnull';
}

/** "memfd-v1" at version 2 is "memfd-v2"; a compatible without "-vN" gets one appended. */
export function bumpCompatible(compatible: string, version: number): string {
  const m = /^(.*)-v\d+$/.exec(compatible);
  return m ? `${m[1]}-v${version}` : `${compatible}-v${version}`;
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
  const bump = (s: string) => bumpCompatible(s, version);
  return {
    ...base,
    handlers: base.handlers.map((h) => ({ ...h, compatible: bump(h.compatible), flbs: h.flbs.map(bump) })),
  };
}

export function catalogModule(id: string): ModuleDef | undefined {
  return CATALOG[id];
}

export const CATALOG_IDS = Object.keys(CATALOG);

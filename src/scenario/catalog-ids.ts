// Module ids of the built-in catalog (SPEC §1.2) and the module-ref syntax used by
// boot.modules, kexec.modules and register_module/unregister_module: "memfd" or "memfd@v2".

export const CATALOG_MODULE_IDS = ['memfd', 'test-flbs', 'hugetlb', 'guest-memfd', 'iommufd', 'vfio-pci', 'pci', 'eventfd', 'cpu', 'kvm'] as const;
export type CatalogModuleId = (typeof CATALOG_MODULE_IDS)[number];

/** Catalog modules that take no "@vN" version (they register no handler compatible). */
export const UNVERSIONED_MODULE_IDS: readonly CatalogModuleId[] = ['test-flbs'];

export function isCatalogModuleId(id: string): id is CatalogModuleId {
  return (CATALOG_MODULE_IDS as readonly string[]).includes(id);
}

/** Syntax of a module id (catalog or custom): letters, digits, ".", "_", "-"; no "@". */
export const MODULE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface ModuleRef {
  id: string;
  /** the N of "@vN" (an integer ≥ 1), or null when the ref names no version (the default, v1) */
  version: number | null;
}

/**
 * Parses "id" or "id@vN" (N an integer ≥ 1 without leading zeros). Returns null for anything
 * else, and for a version on a module that takes none ("test-flbs@v2"). It does not check that
 * the id exists: the validator does that against the catalog and the scenario's customModules.
 */
export function parseModuleRef(ref: string): ModuleRef | null {
  if (typeof ref !== 'string') return null;
  const m = /^([^@]*)(?:@(.*))?$/s.exec(ref);
  if (!m) return null;
  const id = m[1]!;
  if (!MODULE_ID_PATTERN.test(id)) return null;
  if (m[2] === undefined) return { id, version: null };
  if ((UNVERSIONED_MODULE_IDS as readonly string[]).includes(id)) return null;
  const v = /^v([1-9][0-9]*)$/.exec(m[2]);
  if (!v) return null;
  const version = Number(v[1]);
  return Number.isSafeInteger(version) ? { id, version } : null;
}

/** The inverse of parseModuleRef. */
export function formatModuleRef(ref: ModuleRef): string {
  return ref.version === null ? ref.id : `${ref.id}@v${ref.version}`;
}

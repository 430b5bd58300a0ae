// Module-owned state kept beside the engine objects it belongs to (decision in the README): the
// layers' records in kernel.ts stay as they are, and each module file owns its own state.
//  - genState: what one kernel generation's driver knows (a struct pci_dev's live-update fields,
//    a VFIO device's frozen flag, a CPU's online state). A new generation starts empty.
//  - khoMemory: what a module preserved with kho_alloc_preserve() and finds again after the kexec
//    by the handle LUO passed it (struct pci_ser, vfio_pci_core_device_ser). Keys carry the
//    generation that wrote them; the next kernel reads generation - 1.
import type { Kernel } from '../kernel';

const perGen = new WeakMap<Kernel, { gen: number; m: Map<string, unknown> }>();
const kho = new WeakMap<Kernel, Map<string, unknown>>();

export function genState<T>(k: Kernel, key: string, init: () => T): T {
  let g = perGen.get(k);
  if (!g || g.gen !== k.gen) {
    g = { gen: k.gen, m: new Map() };
    perGen.set(k, g);
  }
  if (!g.m.has(key)) g.m.set(key, init());
  return g.m.get(key) as T;
}

export function khoMemory(k: Kernel): Map<string, unknown> {
  let m = kho.get(k);
  if (!m) {
    m = new Map();
    kho.set(k, m);
  }
  return m;
}

/**
 * For a copy of a run's state (engine/snapshot.ts): give `to` a deep copy of `from`'s module
 * state (plain data, Maps and Sets), so a restored run goes on with the same devices and cores.
 */
export function copyModuleState(from: Kernel, to: Kernel): void {
  const g = perGen.get(from);
  if (g) perGen.set(to, { gen: g.gen, m: structuredClone(g.m) });
  const m = kho.get(from);
  if (m) kho.set(to, structuredClone(m));
}

/** A kernel's module state as it stands, for the explorer's canonical form (explore/canon.ts). */
export function moduleStateOf(k: Kernel): { gen: ReadonlyMap<string, unknown> | null; kho: ReadonlyMap<string, unknown> | null } {
  const g = perGen.get(k);
  return { gen: g && g.gen === k.gen ? g.m : null, kho: kho.get(k) ?? null };
}

// The PCI core's live update support (7.4 queue) and vfio-pci's use of it: our own model of
// drivers/pci/liveupdate.c (branch lu-pci-preservation, v9) and drivers/vfio/pci/
// vfio_pci_liveupdate.c (vfio series v5), written from kernel-luo-2026.md §2 and confirmed in
// the posted code (function names cited; no kernel source is copied).
//
// DECISIONS (also in the README):
// - A device is described in the `data` of its `create_file` (kind vfio-cdev): a BDF, then
//   flags: `vf`, `acs-quirk`, `frozen`, `no-reset`, `bridge=<bdf>[,<bdf>…]` (upstream bridges,
//   nearest first). No BDF: the device is `dev#<inode>` on the root bus. Unknown words are
//   ignored. `frozen` means pci_liveupdate_freeze() already ran for it (pci_device_shutdown()).
// - The PCI core is the catalog module `pci` (status "7.4 queue"); it loads on a kernel that has
//   the two calls it needs, liveupdate_flb_put_outgoing() and liveupdate_flb_put_incoming()
//   (7.2, 7.3, or v1-latest with patch flb-outgoing-refcount); elsewhere its load fails with
//   ENOENT (an unknown symbol) and a warning naming the call.
// - vfio-pci links the FLB "pci" instead of "pci-v1" when this kernel has `pci` (in its boot
//   list or loaded), as pci_liveupdate_register_flb() does; only then does it call the PCI core.
// - `pci@vN` writes and accepts pci_ser version N (default 2); the compatible stays "pci".
// - Panics (version mismatch, failed retrieve, devices never finished) halt the machine with
//   the reason, like a boot panic (panic.ts).
import type { Errno, Result } from '../errno';
import { emit, type FileObj, type Flb, type Handler, type Kernel, type LoadedModule } from '../kernel';
import type { Site } from '../callbacks';
import type { ModuleDef } from './catalog';
import { parseModuleRef } from '../../scenario/catalog-ids';
import { genState, khoMemory } from './state';
import { kernelPanic } from './panic';
import { getIncoming, newFlb, putIncomingApi } from '../flb';

/** PCI_LUO_FLB_COMPATIBLE */
export const PCI_FLB = 'pci';
/** PCI_LUO_FLB_VERSION of the v9 series (an earlier posting had 1). */
export const PCI_FLB_VERSION = 2;

export interface PciDevice {
  bdf: string;
  vf: boolean;
  acsQuirk: boolean;
  frozen: boolean;
  resetWorks: boolean;
  /** upstream bridges, nearest first */
  bridges: string[];
}

const BDF = /^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])$/;

function normBdf(s: string): string | null {
  const m = BDF.exec(s);
  if (!m) return null;
  return `${(m[1] ?? '0000').toLowerCase()}:${m[2]!.toLowerCase()}:${m[3]!.toLowerCase()}.${m[4]}`;
}

/** The device behind a vfio-cdev file, from its create_file data (see DECISIONS). */
export function deviceOf(f: Pick<FileObj, 'data' | 'inode'>): PciDevice {
  const dev: PciDevice = { bdf: `dev#${f.inode}`, vf: false, acsQuirk: false, frozen: false, resetWorks: true, bridges: [] };
  let named = false;
  for (const word of f.data.split(/\s+/).filter(Boolean)) {
    const b = normBdf(word);
    if (b && !named) {
      dev.bdf = b;
      named = true;
    } else if (word === 'vf') dev.vf = true;
    else if (word === 'acs-quirk') dev.acsQuirk = true;
    else if (word === 'frozen') dev.frozen = true;
    else if (word === 'no-reset') dev.resetWorks = false;
    else if (word.startsWith('bridge=')) dev.bridges.push(...word.slice(7).split(',').map((x) => normBdf(x) ?? x).filter(Boolean));
  }
  return dev;
}

/** struct pci_ser: its version and the preserved devices (dev_ser refcounts, by BDF). */
interface PciSer {
  version: number;
  devices: Map<string, number>;
}

const nrDevices = (ser: PciSer) => [...ser.devices.values()].filter((n) => n > 0).length;

function say(k: Kernel, message: string): void {
  emit(k, { type: 'warn', message });
}

/** The pci_ser version this kernel's PCI core writes and accepts (pci@vN, default 2). */
function pciVersion(k: Kernel): number {
  const ref = k.modules.get('pci')?.ref;
  return (ref ? parseModuleRef(ref)?.version : null) ?? PCI_FLB_VERSION;
}

const outKey = (gen: number) => `pci:${gen}`;
const vfioKey = (gen: number, s: Site) => `vfio:${gen}:${s.session ?? ''}/${String(s.tokenOut ?? '')}`;

function outgoingSer(k: Kernel): PciSer | undefined {
  return khoMemory(k).get(outKey(k.gen)) as PciSer | undefined;
}

function incomingSer(k: Kernel): { ser: PciSer | null } {
  return genState(k, 'pci.incoming', () => ({ ser: null as PciSer | null }));
}

// ---------------------------------------------------------------------------------------------
// The FLB "pci": pci_flb_preserve / _unpreserve / _retrieve / _finish

export const PCI_FLB_HOOKS = {
  /** pci_flb_preserve(): allocate and preserve an empty struct pci_ser of this kernel's version. */
  preserve(k: Kernel): { result?: Result } {
    khoMemory(k).set(outKey(k.gen), { version: pciVersion(k), devices: new Map() } satisfies PciSer);
    return {};
  },
  /** pci_flb_unpreserve(): WARN_ON(nr_devices), free it. */
  unpreserve(k: Kernel): void {
    const ser = outgoingSer(k);
    if (ser && nrDevices(ser) > 0) say(k, `PCI: liveupdate: pci_flb_unpreserve(): WARN_ON(nr_devices): ${nrDevices(ser)} device(s) still recorded`);
    khoMemory(k).delete(outKey(k.gen));
  },
  /** pci_flb_retrieve(): any failure is fatal (a version mismatch panics). */
  retrieve(k: Kernel): { result?: Result } {
    const ser = khoMemory(k).get(outKey(k.gen - 1)) as PciSer | undefined;
    const mine = pciVersion(k);
    const theirs = ser?.version ?? 0;
    if (theirs !== mine) kernelPanic(k, `PCI: liveupdate: pci_flb_retrieve(): Incoming PCI FLB version (v${theirs}) is incompatible with this kernel (v${mine})`);
    incomingSer(k).ser = { version: theirs, devices: new Map(ser!.devices) };
    return {};
  },
  /** pci_flb_finish() → pci_check_all_devices_finished(): a device never finished panics. */
  finish(k: Kernel): void {
    const inc = incomingSer(k).ser;
    const left = inc ? [...inc.devices].filter(([, n]) => n > 0).map(([b]) => b) : [];
    if (left.length) {
      for (const b of left) say(k, `PCI: liveupdate: ${b} was never finished!`);
      kernelPanic(k, `PCI: liveupdate: pci_flb_finish(): ${left.length} preserved device(s) were never finished!`);
    }
    incomingSer(k).ser = null;
  },
};

// ---------------------------------------------------------------------------------------------
// The module `pci` (the PCI core, built in)

export const PCI_MODULE_HOOKS = {
  /** The series calls liveupdate_flb_put_outgoing() and liveupdate_flb_put_incoming(). */
  unavailable(k: Kernel): string | null {
    if (!k.profile.flb) return `${k.profile.id} has no FLBs (luo_flb.c): the PCI core's live update support (7.4 queue) needs them`;
    if (!k.profile.flbOutgoingRefcount) return `${k.profile.id} has no liveupdate_flb_put_outgoing() (7.2, or patch flb-outgoing-refcount): the PCI core (7.4 queue) calls it`;
    if (!k.profile.flbIncomingRefcount) return `${k.profile.id} has no liveupdate_flb_put_incoming() (7.2): the PCI core (7.4 queue) calls it`;
    return null;
  },
  /**
   * The PCI core defines the FLB (drivers link it), then enumerates: pci_liveupdate_setup_device()
   * → liveupdate_flb_get_incoming(): ENODATA/ENOENT/EOPNOTSUPP mean nothing incoming; any other
   * error panics (pci_liveupdate_flb_get_incoming()).
   */
  loaded(k: Kernel, mod: LoadedModule): void {
    let flb = k.flbs.get(PCI_FLB);
    if (!flb) {
      flb = newFlb(PCI_FLB, 'pci');
      k.flbs.set(PCI_FLB, flb);
      mod.flbs.push(PCI_FLB);
    }
    const r = getIncoming(k, flb);
    if (r === 'ENODATA' || r === 'ENOENT' || r === 'EOPNOTSUPP') return;
    if (r !== 'ok') kernelPanic(k, `PCI: liveupdate: pci_liveupdate_flb_get_incoming(): Failed to retrieve incoming FLB data (-${r})`);
    const inc = incomingSer(k).ser;
    for (const [b, n] of inc?.devices ?? []) if (n > 0) say(k, `pci ${b}: Device was preserved by previous kernel across Live Update`);
    putIncomingApi(k, flb);
  },
};

/** This kernel has the PCI core's live update support (module `pci` loaded or in its boot list). */
export function kernelHasPci(k: Kernel): boolean {
  if (k.modules.has('pci')) return true;
  return k.bootModules.some((m) => parseModuleRef(m)?.id === 'pci') && PCI_MODULE_HOOKS.unavailable(k) === null;
}

// ---------------------------------------------------------------------------------------------
// pci_liveupdate_preserve() / _unpreserve() / _finish(): the device and its upstream bridges

function path(dev: PciDevice): string[] {
  return [dev.bdf, ...dev.bridges];
}

function unpreservePath(k: Kernel, ser: PciSer, bdfs: string[]): void {
  for (const b of bdfs) {
    const n = ser.devices.get(b) ?? 0;
    if (n <= 0) {
      say(k, `pci ${b}: Cannot unpreserve device that is not preserved`);
      return;
    }
    ser.devices.set(b, n - 1);
    if (n === 1) ser.devices.delete(b);
  }
}

/** pci_liveupdate_preserve(dev): the checks in the series' order; the path is rolled back on error. */
export function pciPreserve(k: Kernel, flb: Flb | undefined, dev: PciDevice): Result {
  if (dev.vf) {
    say(k, `pci ${dev.bdf}: Cannot preserve Virtual Functions`);
    return 'EINVAL';
  }
  const ser = outgoingSer(k);
  if (!flb?.outgoing.hasObj || !ser) return 'ENOENT'; // pci_liveupdate_flb_get_outgoing(): no object
  const bdfs = path(dev);
  for (let i = 0; i < bdfs.length; i++) {
    const b = bdfs[i]!;
    const endpoint = i === 0;
    let err: Errno | null = null;
    if (endpoint && dev.frozen) {
      say(k, `pci ${b}: Cannot preserve device after it is frozen!`);
      err = 'EINVAL';
    } else if ((ser.devices.get(b) ?? 0) > 0) {
      if (endpoint) {
        say(k, `pci ${b}: Device is already preserved`);
        err = 'EBUSY';
      } else ser.devices.set(b, ser.devices.get(b)! + 1); // bridges: once per downstream device
    } else if (endpoint && dev.acsQuirk) {
      say(k, `pci ${b}: Refusing to preserve device that relies on ACS quirks`);
      err = 'EINVAL';
    } else {
      ser.devices.set(b, 1);
    }
    if (err) {
      unpreservePath(k, ser, bdfs.slice(0, i));
      return err;
    }
  }
  return 'ok';
}

/** pci_liveupdate_unpreserve(dev). */
export function pciUnpreserve(k: Kernel, dev: PciDevice): void {
  const ser = outgoingSer(k);
  if (!ser) {
    say(k, `pci ${dev.bdf}: Cannot unpreserve device without outgoing Live Update state`);
    return;
  }
  if (dev.frozen) {
    say(k, `pci ${dev.bdf}: Cannot unpreserve device after it is frozen!`);
    return;
  }
  unpreservePath(k, ser, path(dev));
}

/** pci_liveupdate_finish(dev): each device on the path once; nr_devices drops when one reaches 0. */
export function pciFinish(k: Kernel, bdfs: string[]): void {
  const inc = incomingSer(k).ser;
  if (!inc) {
    say(k, `pci ${bdfs[0]}: Cannot finish preserving device without incoming FLB`);
    return;
  }
  for (const b of bdfs) {
    const n = inc.devices.get(b) ?? 0;
    if (n <= 0) {
      say(k, `pci ${b}: Cannot finish preserving an unpreserved device`);
      return;
    }
    inc.devices.set(b, n - 1);
  }
}

/** The outgoing devices and their refcounts (tests, inspector). */
export function pciOutgoing(k: Kernel): Record<string, number> {
  return Object.fromEntries(outgoingSer(k)?.devices ?? []);
}

/** The incoming devices not finished yet and their refcounts (tests). */
export function pciIncoming(k: Kernel): Record<string, number> {
  return Object.fromEntries([...(incomingSer(k).ser?.devices ?? [])].filter(([, n]) => n > 0));
}

// ---------------------------------------------------------------------------------------------
// vfio-pci with the PCI core (vfio_pci_liveupdate_*)

interface VfioSer {
  path: string[];
  /** vfio-pci-v2: vfio_pci_core_device_ser.reset_works */
  resetWorks?: boolean;
}

const linkedFlb = (h: Handler) => h.flbs.find((f) => f.compatible === PCI_FLB);
const isV2 = (h: Handler) => !/-v1$/.test(h.compatible);
/** The series' behaviour: linked to the PCI core, or the v2 ABI. */
const seriesModel = (h: Handler) => linkedFlb(h) !== undefined || isV2(h);

function frozenDevices(k: Kernel): Set<string> {
  return genState(k, 'vfio.frozen', () => new Set<string>());
}

function outgoingFile(k: Kernel, s: Site): FileObj | undefined {
  const lf = k.outgoingByName.get(s.session ?? '')?.files.find((x) => x.token === s.token);
  return lf?.file === null || lf?.file === undefined ? undefined : k.agent.files.get(lf.file);
}

export const VFIO_HOOKS = {
  /** vfio_pci_liveupdate_can_preserve(): only non-VFs ("for now"). */
  can_preserve(k: Kernel, h: Handler, s: Site): boolean {
    return !(seriesModel(h) && s.file?.kind === 'vfio-cdev' && deviceOf(s.file).vf);
  },
  /** vfio_pci_liveupdate_preserve(): pci_liveupdate_preserve(), then the ser {domain, bdf[, reset_works]}. */
  preserve(k: Kernel, h: Handler, s: Site): { result?: Result } {
    const flb = linkedFlb(h);
    if (!flb || !s.file) return {};
    const dev = deviceOf(s.file);
    const r = pciPreserve(k, flb, dev);
    if (r !== 'ok') return { result: r };
    khoMemory(k).set(vfioKey(k.gen, s), { path: path(dev), ...(isV2(h) ? { resetWorks: dev.resetWorks } : {}) } satisfies VfioSer);
    return {};
  },
  /** vfio_pci_liveupdate_unpreserve(): pci_liveupdate_unpreserve(), free the ser. */
  unpreserve(k: Kernel, h: Handler, s: Site): void {
    if (!linkedFlb(h)) return;
    const f = outgoingFile(k, s);
    if (f) pciUnpreserve(k, deviceOf(f));
    khoMemory(k).delete(vfioKey(k.gen, s));
  },
  /**
   * vfio_pci_liveupdate_freeze(): reset, bus mastering off (PCI_COMMAND = INTX_DISABLE), then
   * liveupdate_frozen: ioctl, read, write and mmap fail with EIO "irrespective of liveupdate
   * freeze failing or succeeding" (there is no unfreeze in the series).
   */
  freeze(k: Kernel, h: Handler, s: Site): { result?: Result; after?: () => void } {
    if (!seriesModel(h)) return {};
    const f = outgoingFile(k, s);
    if (!f) return {};
    const dev = deviceOf(f);
    frozenDevices(k).add(dev.bdf);
    return { after: () => say(k, `vfio-pci ${dev.bdf}: freeze() reset the device and cleared bus mastering; its fd now fails ioctl/read/write/mmap with EIO until the next kernel retrieves it (a failed kexec leaves it so)`) };
  },
  /** vfio_pci_liveupdate_retrieve(): find the device by the ser's BDF and open a new cdev file. */
  retrieve(k: Kernel, h: Handler, s: Site): { result?: Result; after?: () => void } {
    if (!seriesModel(h)) return {};
    const ser = khoMemory(k).get(vfioKey(k.gen - 1, s)) as VfioSer | undefined;
    if (!ser) return {};
    if (ser.resetWorks === undefined) return {};
    return { after: () => say(k, `vfio-pci ${ser.path[0]}: reset_works=${String(ser.resetWorks)} comes from the previous kernel (vfio-pci-v2): no reset probe on a device that may be running`) };
  },
  /** vfio_pci_liveupdate_finish(): pci_liveupdate_finish(dev), free the ser. */
  finish(k: Kernel, h: Handler, s: Site): void {
    if (!linkedFlb(h)) return;
    const ser = khoMemory(k).get(vfioKey(k.gen - 1, s)) as VfioSer | undefined;
    if (ser) pciFinish(k, ser.path);
  },
};

/** vfio_pci_rw() and the ioctls after freeze: -EIO (vfio_pci_dev_is_frozen()). */
export function vfioIoBlocked(k: Kernel, f: FileObj): Errno | null {
  if (f.kind !== 'vfio-cdev') return null;
  return frozenDevices(k).has(deviceOf(f).bdf) ? 'EIO' : null;
}

/** vfio-pci links the PCI core's FLB where this kernel has it (pci_liveupdate_register_flb()). */
export function adaptVfio(k: Kernel, def: ModuleDef): ModuleDef {
  if (!kernelHasPci(k)) return def;
  return { ...def, handlers: def.handlers.map((h) => ({ ...h, flbs: h.flbs.map((c) => (/^pci-v\d+$/.test(c) ? PCI_FLB : c)) })) };
}

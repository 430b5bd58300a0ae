// Module behaviour hooks: where a catalog module's own model of its callbacks plugs into the
// engine. callbacks.ts asks here for a handler's or an FLB's behaviour (the one place callbacks
// are emitted and faults consumed); handler.ts for what a module needs and does at load; agent.ts
// for file I/O a module's file kind defines. A hook runs only when no fault was injected for that
// call (an injected fault replaces the callback's body) and, for int callbacks, when the
// generic checks passed; modules without hooks behave exactly as before.
import type { Errno, Result } from '../errno';
import type { FileObj, Flb, Handler, Kernel, LoadedModule } from '../kernel';
import type { Site } from '../callbacks';
import type { ModuleDef } from './catalog';
import { adaptVfio, PCI_FLB_HOOKS, PCI_MODULE_HOOKS, VFIO_HOOKS, vfioIoBlocked } from './pci';
import { CPU_HOOKS, cpuModuleLoaded } from './cpu';
import { eventfdRead, eventfdWrite } from './eventfd';

/** What an int callback's model decided: its result (default: the generic one) and what it prints afterwards. */
export interface HookOutcome {
  result?: Result;
  after?: () => void;
}

type IntHook = (k: Kernel, h: Handler, s: Site) => HookOutcome;
type VoidHook = (k: Kernel, h: Handler, s: Site) => void;

interface HandlerHooks {
  can_preserve?: (k: Kernel, h: Handler, s: Site) => boolean;
  preserve?: IntHook;
  freeze?: IntHook;
  retrieve?: IntHook;
  unpreserve?: VoidHook;
  finish?: VoidHook;
}

function handlerHooks(h: Handler): HandlerHooks | undefined {
  switch (h.module) {
    case 'vfio-pci':
      return VFIO_HOOKS;
    case 'cpu':
      return CPU_HOOKS;
    default:
      return undefined;
  }
}

export function handlerIntHook(k: Kernel, h: Handler, callback: 'preserve' | 'freeze' | 'retrieve', s: Site): HookOutcome {
  return handlerHooks(h)?.[callback]?.(k, h, s) ?? {};
}

export function handlerBoolHook(k: Kernel, h: Handler, callback: 'can_preserve' | 'can_finish', s: Site): boolean {
  if (callback !== 'can_preserve') return true;
  return handlerHooks(h)?.can_preserve?.(k, h, s) ?? true;
}

export function handlerVoidHook(k: Kernel, h: Handler, callback: 'unpreserve' | 'unfreeze' | 'finish', s: Site): void {
  if (callback === 'unfreeze') return;
  handlerHooks(h)?.[callback]?.(k, h, s);
}

export function flbIntHook(k: Kernel, flb: Flb, callback: 'preserve' | 'retrieve'): HookOutcome {
  if (flb.compatible !== 'pci') return {};
  return PCI_FLB_HOOKS[callback](k);
}

export function flbVoidHook(k: Kernel, flb: Flb, callback: 'unpreserve' | 'finish'): void {
  if (flb.compatible === 'pci') PCI_FLB_HOOKS[callback](k);
}

/** Why this kernel cannot load the module (its load fails ENOENT: an unknown symbol), or null. */
export function moduleUnavailable(k: Kernel, def: ModuleDef): string | null {
  return def.id === 'pci' ? PCI_MODULE_HOOKS.unavailable(k) : null;
}

/** The module as this kernel registers it (vfio-pci links the PCI core's FLB where there is one). */
export function adaptModule(k: Kernel, def: ModuleDef): ModuleDef {
  return def.id === 'vfio-pci' ? adaptVfio(k, def) : def;
}

/** After a module's init registered its handlers (the PCI core enumerates devices). */
export function moduleLoaded(k: Kernel, def: ModuleDef, mod: LoadedModule): void {
  if (def.id === 'pci') PCI_MODULE_HOOKS.loaded(k, mod);
  if (def.id === 'cpu') cpuModuleLoaded(k, mod);
}

/** read()/write() on a file whose module defines them; null: the agent's generic I/O. */
export function fileRead(k: Kernel, f: FileObj): { result: Result; data?: string } | null {
  if (f.kind === 'eventfd') return eventfdRead(k, f);
  const blocked: Errno | null = vfioIoBlocked(k, f);
  return blocked ? { result: blocked } : null;
}

export function fileWrite(k: Kernel, f: FileObj, data: string): Result | null {
  if (f.kind === 'eventfd') return eventfdWrite(k, f, data);
  return vfioIoBlocked(k, f);
}

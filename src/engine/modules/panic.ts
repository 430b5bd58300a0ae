// A kernel panic outside luo_early_startup(): a module's callback calls panic() (the PCI core's
// FLB does, kernel-luo-2026.md §1 "7.4 queued"). panic() never returns, so neither does this: the
// machine halts with the reason (the same `panic` event and `halted` state as a boot panic in
// core.ts) and the step that ran into it unwinds; engine.ts reports that step and every later one
// as "halted".
import { emit, type Kernel } from '../kernel';

export class KernelPanic extends Error {
  constructor(readonly reason: string) {
    super(`Kernel panic - not syncing: ${reason}`);
  }
}

export function kernelPanic(k: Kernel, reason: string): never {
  k.halted = true;
  emit(k, { type: 'panic', reason });
  throw new KernelPanic(reason);
}

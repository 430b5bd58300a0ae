// Physical CPU preservation, the OrphanVM RFC (v1, Sep 2026): handler cpu_fh_v1 for the file
// /sys/devices/system/cpu/cpuN/preserve (kind `cpu`, data "cpuN"), FLB cpu_flb_v1, no freeze
// (include/linux/kho/abi/cpu.h; the RFC's design document). Our model of what the core does:
// preserve() takes it offline (remove_cpu()) and parks it (cpu_preserved_park(), not present to
// the scheduler); it stays parked across the kexec; FINISH in the next kernel brings it back
// online. unpreserve() bringing it back before a kexec is our assumption (the RFC's undo path
// was not read).
import { emit, type Handler, type Kernel, type LoadedModule } from '../kernel';
import { getIncoming, putIncomingApi } from '../flb';
import type { Site } from '../callbacks';
import { genState, khoMemory } from './state';

export type CpuState = 'online' | 'parked';

function cpuName(data: string): string {
  const m = /(?:cpu)?(\d+)/.exec(data);
  return m ? `cpu${m[1]}` : 'cpu?';
}

/** The cores parked in this generation: the ones this kernel parked, and those the previous one handed over. */
function parked(k: Kernel): Set<string> {
  return genState(k, 'cpu.parked', () => new Set((khoMemory(k).get(`cpu:${k.gen - 1}`) as string[] | undefined) ?? []));
}

function handedOver(k: Kernel): string[] {
  let list = khoMemory(k).get(`cpu:${k.gen}`) as string[] | undefined;
  if (!list) khoMemory(k).set(`cpu:${k.gen}`, (list = []));
  return list;
}

const say = (k: Kernel, message: string) => emit(k, { type: 'warn', message });
const isCpu = (h: Handler) => /^cpu_fh_v\d+$/.test(h.compatible);

function outgoingCpu(k: Kernel, s: Site): string | null {
  const lf = k.outgoingByName.get(s.session ?? '')?.files.find((x) => x.token === s.token);
  const f = lf?.file === null || lf?.file === undefined ? undefined : k.agent.files.get(lf.file);
  return f ? cpuName(f.data) : null;
}

function incomingCpu(k: Kernel, s: Site): string | null {
  const lf = k.incomingByName.get(s.session ?? '')?.files.find((x) => x.token === s.token);
  return lf?.payload !== undefined ? cpuName(lf.payload) : null;
}

export const CPU_HOOKS = {
  preserve(k: Kernel, h: Handler, s: Site): { after?: () => void } {
    if (!isCpu(h) || !s.file) return {};
    const cpu = cpuName(s.file.data);
    parked(k).add(cpu);
    handedOver(k).push(cpu);
    return { after: () => say(k, `${cpu}: remove_cpu() took it offline and cpu_preserved_park() parked it; it is no longer present to this kernel`) };
  },
  unpreserve(k: Kernel, h: Handler, s: Site): void {
    if (!isCpu(h)) return;
    const cpu = outgoingCpu(k, s);
    if (!cpu) return;
    parked(k).delete(cpu);
    const list = handedOver(k);
    const i = list.indexOf(cpu);
    if (i >= 0) list.splice(i, 1);
    say(k, `${cpu}: unpreserved, brought back online (our assumption for the RFC's undo path)`);
  },
  finish(k: Kernel, h: Handler, s: Site): void {
    if (!isCpu(h)) return;
    const cpu = incomingCpu(k, s);
    if (!cpu || !parked(k).delete(cpu)) return;
    say(k, `${cpu}: FINISH brought the parked core back online`);
  },
};

/** Whether a core is online or parked in the current generation (tests, inspector). */
export function cpuState(k: Kernel, cpu: string): CpuState {
  return parked(k).has(cpuName(cpu)) ? 'parked' : 'online';
}

/**
 * The RFC retrieves its FLB at early boot (cpu_preserved_flb_retrieve() in its design notes):
 * get_incoming once, and on kernels whose get_incoming takes a reference, put it back.
 */
export function cpuModuleLoaded(k: Kernel, mod: LoadedModule): void {
  for (const h of mod.handlers)
    for (const flb of h.flbs) {
      if (flb.module !== 'cpu') continue;
      const r = getIncoming(k, flb);
      if (r === 'ok' && k.profile.flbIncomingRefcount) putIncomingApi(k, flb);
    }
}

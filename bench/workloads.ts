// Scenario generators for the benchmarks (deterministic, no randomness unless seeded).
import type { CustomModule, Scenario, Step } from '../src/scenario/types';

export interface RoundsOptions {
  /** kernel generations: create + preserve, kexec, retrieve + finish in the next one */
  rounds: number;
  sessions: number;
  filesPerSession: number;
  /** file kinds, cycled over the files */
  kinds?: string[];
  modules?: string[];
  customModules?: CustomModule[];
  title?: string;
  /** the last generation only retrieves and finishes (no new sessions, no kexec at the end) */
  lastRetrieveOnly?: boolean;
}

const CONTENT = new Set(['memfd', 'hugetlb-memfd', 'guest-memfd', 'regular', 'devnull']);

/**
 * The shape of the kernel's stress selftests, repeated: each generation opens /dev/liveupdate,
 * retrieves every session the previous one preserved (RETRIEVE_FD + read of each file, then
 * FINISH and close), creates its own sessions, creates and preserves memfds (closing each fd as
 * luo_stress_files does), closes the device and kexecs.
 */
export function roundsScenario(o: RoundsOptions): Scenario {
  const kinds = o.kinds ?? ['memfd'];
  const steps: Step[] = [];
  const data = (g: number, i: number, j: number) => `g${g}-s${i}-f${j}`;
  for (let g = 0; g < o.rounds; g++) {
    steps.push({ op: 'open_device', as: 'luo' });
    if (g > 0) {
      for (let i = 0; i < o.sessions; i++) {
        steps.push({ op: 'retrieve_session', device: 'luo', name: `g${g - 1}-s${i}`, as: `r${i}` });
        for (let j = 0; j < o.filesPerSession; j++) {
          const kind = kinds[(i * o.filesPerSession + j) % kinds.length]!;
          steps.push({ op: 'retrieve_fd', session: `r${i}`, token: j, as: `rf${i}_${j}` });
          if (CONTENT.has(kind)) steps.push({ op: 'read', fd: `rf${i}_${j}`, data: data(g - 1, i, j) });
          steps.push({ op: 'close', fd: `rf${i}_${j}` });
        }
        steps.push({ op: 'finish', session: `r${i}` }, { op: 'close', fd: `r${i}` });
      }
    }
    if (o.lastRetrieveOnly && g === o.rounds - 1 && g > 0) break;
    for (let i = 0; i < o.sessions; i++) {
      steps.push({ op: 'create_session', device: 'luo', name: `g${g}-s${i}`, as: `s${i}` });
      for (let j = 0; j < o.filesPerSession; j++) {
        const kind = kinds[(i * o.filesPerSession + j) % kinds.length]!;
        steps.push(
          { op: 'create_file', kind, as: `f${i}_${j}`, data: data(g, i, j) },
          { op: 'preserve_fd', session: `s${i}`, fd: `f${i}_${j}`, token: j },
          { op: 'close', fd: `f${i}_${j}` },
        );
      }
    }
    steps.push({ op: 'close', fd: 'luo' }, { op: 'kexec' });
  }
  return {
    format: 'luoscope-scenario',
    version: 1,
    title: o.title ?? `${o.rounds} kexecs × ${o.sessions} sessions × ${o.filesPerSession} files`,
    kernel: { profile: 'latest', patches: [], liveupdate: true },
    boot: { modules: o.modules ?? ['memfd', 'test-flbs'] },
    ...(o.customModules ? { customModules: o.customModules } : {}),
    steps,
  };
}

/** The engine workload: the stress selftests' operations, 8 generations of 40 sessions × 12 memfds. */
export function mixedScenario(scale = 1): Scenario {
  return roundsScenario({ rounds: 8 * scale, sessions: 40, filesPerSession: 12, title: `mixed stress workload ×${scale}` });
}

/** 6 handlers (5 catalog + 1 custom) and 4 FLBs (hugetlb-v1, iommu-core-v1, pci-v1, bench-flb-v1). */
export const FRAME_MODULES = ['memfd', 'hugetlb', 'guest-memfd', 'iommufd', 'vfio-pci', 'benchdrv'];
export const FRAME_CUSTOM: CustomModule[] = [{ id: 'benchdrv', handler: 'benchdrv-v1', accepts: ['regular'], flbs: ['bench-flb-v1'], ops: ['freeze'] }];
export const FRAME_KINDS = ['memfd', 'hugetlb-memfd', 'guest-memfd', 'iommufd', 'vfio-cdev', 'regular', 'memfd', 'hugetlb-memfd'];

/** 50 sessions × 8 files = 400 files on 6 handlers and 4 FLBs, carried across one kexec and retrieved. */
export function frameScenario(): Scenario {
  return roundsScenario({
    rounds: 2,
    sessions: 50,
    filesPerSession: 8,
    kinds: FRAME_KINDS,
    modules: FRAME_MODULES,
    customModules: FRAME_CUSTOM,
    lastRetrieveOnly: true,
    title: '50 sessions, 400 files, 6 handlers, 4 FLBs',
  });
}

/** A timeline of about `events` events: generations of 20 sessions × 10 files. */
export function seekScenario(rounds: number): Scenario {
  return roundsScenario({ rounds, sessions: 20, filesPerSession: 10, kinds: ['memfd', 'memfd', 'hugetlb-memfd', 'guest-memfd'], modules: ['memfd', 'hugetlb', 'guest-memfd', 'test-flbs'], lastRetrieveOnly: true, title: `seek timeline (${rounds} generations)` });
}

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

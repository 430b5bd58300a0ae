// Random but well-formed scenarios for property tests and benchmarks: every fd name used
// was introduced earlier, values are drawn from small pools so steps collide often.
import type { ProfileId, Scenario, Step } from './types';

/** One choice per step: [op selector, a, b] (non-negative integers). */
export type Pick = readonly [number, number, number];

const KINDS = ['memfd', 'memfd', 'hugetlb-memfd', 'guest-memfd', 'devnull', 'vfio-cdev', 'iommufd'];
const NAMES = ['vm1', 'vm2', 'vm3', '', 'cache'];
const ERRNOS = ['ENOMEM', 'EIO', 'EINVAL', 'EBUSY'];
const HANDLERS = ['memfd-v1', 'hugetlb-memfd-v1', 'guest-memfd-v1', 'vfio-pci-v1', 'iommufd-v1'];
const FLBS = ['hugetlb-v1', 'iommu-core-v1', 'pci-v1', 'liveupdate-test-flb-v0'];
const MODULES = ['memfd', 'hugetlb', 'guest-memfd', 'iommufd', 'vfio-pci', 'memfd@v2'];
const PROFILES: ProfileId[] = ['6.19', '7.0', '7.1', 'latest', '7.2', '7.3'];

export function randomScenario(profile: ProfileId, picks: readonly Pick[], opts: { modules?: string[]; kexecs?: boolean } = {}): Scenario {
  const devices: string[] = [];
  const sessions: string[] = [];
  const files: string[] = [];
  let n = 0;
  const fresh = (p: string) => `${p}${n++}`;
  const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
  const steps: Step[] = [];
  for (const [sel, a, b] of picks) {
    const op = sel % 22;
    if (op <= 1 || devices.length === 0) {
      const as = fresh('d');
      devices.push(as);
      steps.push({ op: 'open_device', as });
    } else if (op <= 4) {
      const as = fresh('s');
      sessions.push(as);
      steps.push({ op: 'create_session', device: pick(devices, a), name: pick(NAMES, b), as });
    } else if (op <= 6) {
      const as = fresh('f');
      files.push(as);
      steps.push({ op: 'create_file', kind: pick(KINDS, a), as, data: `data-${b % 7}` });
    } else if (op <= 9 && sessions.length && files.length) {
      steps.push({ op: 'preserve_fd', session: pick(sessions, a), fd: pick(files, b), token: b % 5 });
    } else if (op === 10 && (sessions.length || files.length || devices.length)) {
      const all = [...sessions, ...files, ...devices];
      steps.push({ op: 'close', fd: pick(all, a) });
    } else if (op === 11 && opts.kexecs !== false) {
      const next = b % 4 === 0 ? { profile: pick(PROFILES, a) } : {};
      steps.push({ op: 'kexec', ...next, ...(next.profile && next.profile !== 'latest' ? { patches: [] } : {}) });
    } else if (op === 12) {
      const as = fresh('s');
      sessions.push(as);
      steps.push({ op: 'retrieve_session', device: pick(devices, a), name: pick(NAMES, b), as });
    } else if (op === 13 && sessions.length) {
      const as = fresh('f');
      files.push(as);
      steps.push({ op: 'retrieve_fd', session: pick(sessions, a), token: b % 5, as });
    } else if (op === 14 && sessions.length) {
      steps.push({ op: 'finish', session: pick(sessions, a) });
    } else if (op === 15 && files.length) {
      steps.push({ op: b % 2 ? 'read' : 'write', fd: pick(files, a), data: `w${b % 3}` } as Step);
    } else if (op === 16 && files.length) {
      const as = fresh('f');
      steps.push({ op: 'dup', fd: pick(files, a), as });
      files.push(as);
    } else if (op === 17) {
      const errno = pick(ERRNOS, a + b);
      if (a % 2) {
        const callback = pick(['preserve', 'freeze', 'retrieve', 'can_finish', 'can_preserve'], a >> 1);
        const target = pick(HANDLERS, b);
        steps.push(callback.startsWith('can_') ? { op: 'inject', target, callback, result: false } : { op: 'inject', target, callback, errno });
      } else {
        steps.push({ op: 'inject', target: pick(FLBS, b), callback: pick(['preserve', 'retrieve'], a >> 1), errno });
      }
    } else if (op === 18) {
      steps.push({ op: pick(['flb_get_incoming', 'flb_put_incoming', 'flb_get_outgoing', 'flb_put_outgoing'] as const, a), flb: pick(FLBS, b) });
    } else if (op === 19 && sessions.length) {
      steps.push({ op: 'get_name', session: pick(sessions, a) });
    } else if (op === 20 && b % 5 === 0) {
      steps.push({ op: 'exit_agent' });
    } else if (op === 21 && b % 3 === 0) {
      steps.push({ op: a % 2 ? 'register_module' : 'unregister_module', module: pick(MODULES, b) });
    }
  }
  return {
    format: 'luoscope-scenario',
    version: 1,
    title: `random ${profile}`,
    kernel: { profile, patches: [], liveupdate: true },
    boot: { modules: opts.modules ?? ['memfd', 'test-flbs', 'hugetlb', 'guest-memfd', 'iommufd', 'vfio-pci'] },
    steps,
  };
}

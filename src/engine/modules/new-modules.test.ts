// eventfd (series), vfio-pci@v2 (series), cpu / KVM (RFC, series): on every profile they touch.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run';
import { createEngine } from '../engine';
import type { ProfileId, Scenario, Step } from '../../scenario/types';
import { cpuState } from './cpu';
import { moduleStatusText } from './catalog';

const ALL: ProfileId[] = ['6.19', '7.0', '7.1', 'v1-latest', '7.2', '7.3'];
const scen = (profile: ProfileId, modules: string[], steps: Step[]): Scenario => ({ format: 'luoscope-scenario', version: 2, kernel: { profile, patches: [], liveupdate: true }, boot: { modules }, steps });
const open: Step[] = [
  { op: 'open_device', as: 'luo' },
  { op: 'create_session', device: 'luo', name: 'vm1', as: 's1' },
];
const back: Step[] = [
  { op: 'kexec' },
  { op: 'open_device', as: 'luo' },
  { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1' },
];
const unmet = (s: Scenario) => runScenario(s).steps.filter((o) => !o.met).map((o) => `${o.i} ${o.op}: ${o.message}`);

describe('catalog statuses', () => {
  it('names the status and where each new module landed', () => {
    expect(moduleStatusText('pci')).toMatch(/^7\.4 queue — .*lu-pci-preservation/);
    expect(moduleStatusText('eventfd')).toMatch(/^series — .*Jun 2026/);
    expect(moduleStatusText('vfio-pci@v2')).toMatch(/^series — .*reset_works/);
    expect(moduleStatusText('cpu')).toMatch(/^RFC — .*cpu_fh_v1/);
    expect(moduleStatusText('kvm')).toMatch(/^series — .*kvm_vm_luo_v1/);
    expect(moduleStatusText('memfd')).toBe('mainline');
  });
});

describe('eventfd-v1: the counter survives the kexec', () => {
  for (const p of ALL)
    it(`${p}: write adds, freeze refreshes the count, retrieve restores it, read resets it`, () => {
      expect(
        unmet(
          scen(p, ['memfd', 'eventfd'], [
            ...open,
            { op: 'create_file', kind: 'eventfd', as: 'e', data: '5' },
            { op: 'preserve_fd', session: 's1', fd: 'e', token: 1, expect: 'ok' },
            { op: 'write', fd: 'e', data: '3', expect: 'ok' },
            { op: 'write', fd: 'e', data: 'x', expect: 'EINVAL' },
            ...back,
            { op: 'retrieve_fd', session: 's1', token: 1, as: 'e', expect: 'ok' },
            { op: 'read', fd: 'e', data: '8', expect: 'ok' },
            { op: 'read', fd: 'e', expect: 'EAGAIN' },
            { op: 'finish', session: 's1', expect: 'ok' },
          ]),
        ),
      ).toEqual([]);
    });
  it('runs preserve, freeze at the kexec, retrieve and finish, in that order', () => {
    const r = runScenario(scen('7.3', ['eventfd'], [...open, { op: 'create_file', kind: 'eventfd', as: 'e', data: '1' }, { op: 'preserve_fd', session: 's1', fd: 'e', token: 1 }, ...back, { op: 'retrieve_fd', session: 's1', token: 1, as: 'e' }, { op: 'finish', session: 's1' }]));
    const cbs = r.events.flatMap((e) => (e.type === 'callback' && e.compatible === 'eventfd-v1' ? [e.callback] : []));
    expect(cbs).toEqual(['can_preserve', 'preserve', 'freeze', 'retrieve', 'finish']);
  });
});

describe('vfio-pci@v2: the series callbacks and reset_works', () => {
  for (const p of ALL)
    it(`${p}: registers vfio-pci-v2 with the FLBs unrenamed; no unfreeze, so the device stays frozen after a failed kexec`, () => {
      const r = runScenario(
        scen(p, ['memfd', 'vfio-pci@v2'], [
          ...open,
          { op: 'create_file', kind: 'vfio-cdev', as: 'a', data: '0000:03:00.0' },
          { op: 'create_file', kind: 'memfd', as: 'm', data: 'x' },
          { op: 'preserve_fd', session: 's1', fd: 'a', token: 1, expect: 'ok' },
          { op: 'preserve_fd', session: 's1', fd: 'm', token: 2, expect: 'ok' },
          { op: 'inject', target: 'memfd-v1', callback: 'freeze', errno: 'EIO' },
          { op: 'kexec', expect: 'EIO' },
          { op: 'read', fd: 'a', expect: 'EIO' },
        ]),
      );
      expect(r.steps.filter((o) => !o.met)).toEqual([]);
      expect(r.events.some((e) => e.type === 'handler_register' && e.compatible === 'vfio-pci-v2')).toBe(true);
      if (p !== '6.19') expect(r.events.filter((e) => e.type === 'flb_register').map((e) => (e.type === 'flb_register' ? e.compatible : ''))).toEqual(['pci-v1', 'iommu-core-v1']);
      expect(r.events.some((e) => e.type === 'callback' && e.callback === 'unfreeze')).toBe(false);
    });
  for (const p of ['7.2', '7.3'] as ProfileId[])
    it(`${p}: with the PCI core, reset_works crosses the kexec in the v2 ser`, () => {
      const r = runScenario(scen(p, ['pci', 'vfio-pci@v2'], [...open, { op: 'create_file', kind: 'vfio-cdev', as: 'a', data: '0000:03:00.0 no-reset' }, { op: 'preserve_fd', session: 's1', fd: 'a', token: 1 }, ...back, { op: 'retrieve_fd', session: 's1', token: 1, as: 'a', expect: 'ok' }, { op: 'finish', session: 's1', expect: 'ok' }]));
      expect(r.steps.filter((o) => !o.met)).toEqual([]);
      expect(r.events.some((e) => e.type === 'warn' && /reset_works=false comes from the previous kernel/.test(e.message))).toBe(true);
      expect(r.events.some((e) => e.type === 'panic')).toBe(false);
    });
});

describe('cpu (OrphanVM RFC) and kvm (series)', () => {
  for (const p of ALL)
    it(`${p}: preserve parks the core, it stays parked across the kexec, FINISH brings it back; no freeze`, () => {
      const e = createEngine(
        scen(p, ['cpu'], [...open, { op: 'create_file', kind: 'cpu', as: 'c', data: 'cpu3' }, { op: 'preserve_fd', session: 's1', fd: 'c', token: 1 }, ...back, { op: 'retrieve_fd', session: 's1', token: 1, as: 'c' }, { op: 'finish', session: 's1' }]),
      );
      for (let i = 0; i < 4; i++) e.step();
      expect(cpuState(e.kernel, 'cpu3')).toBe('parked');
      expect(e.step().result).toBe('ok'); // kexec
      expect(cpuState(e.kernel, 'cpu3')).toBe('parked');
      for (let i = 0; i < 3; i++) expect(e.step().result).toBe('ok');
      expect(e.step().result).toBe('ok'); // finish
      expect(cpuState(e.kernel, 'cpu3')).toBe('online');
      const cbs = e.events.flatMap((x) => (x.type === 'callback' && x.compatible === 'cpu_fh_v1' ? [x.callback] : []));
      expect(cbs).toEqual(['can_preserve', 'preserve', 'retrieve', 'finish']);
      if (p !== '6.19') expect(e.events.filter((x) => x.type === 'callback' && x.compatible === 'cpu_flb_v1').map((x) => (x.type === 'callback' ? x.callback : ''))).toEqual(['preserve', 'retrieve', 'finish']);
    });
  it('closing the session before the kexec brings the core back online', () => {
    const e = createEngine(scen('7.3', ['cpu'], [...open, { op: 'create_file', kind: 'cpu', as: 'c', data: 'cpu2' }, { op: 'preserve_fd', session: 's1', fd: 'c', token: 1 }, { op: 'close', fd: 's1' }]));
    for (let i = 0; i < 4; i++) e.step();
    expect(cpuState(e.kernel, 'cpu2')).toBe('parked');
    e.step();
    expect(cpuState(e.kernel, 'cpu2')).toBe('online');
  });
  for (const p of ALL)
    it(`${p}: kvm registers kvm_vm_luo_v1 and guest_memfd_luo_v1; cpu registers kvm_vcpu_luo_v1; each file kind goes to its handler`, () => {
      const r = runScenario(
        scen(p, ['kvm', 'cpu'], [
          ...open,
          { op: 'create_file', kind: 'kvm-vm', as: 'vm' },
          { op: 'create_file', kind: 'kvm-vcpu', as: 'vcpu' },
          { op: 'create_file', kind: 'guest-memfd', as: 'gm' },
          { op: 'preserve_fd', session: 's1', fd: 'vm', token: 1, expect: 'ok' },
          { op: 'preserve_fd', session: 's1', fd: 'vcpu', token: 2, expect: 'ok' },
          { op: 'preserve_fd', session: 's1', fd: 'gm', token: 3, expect: 'ok' },
        ]),
      );
      expect(r.steps.filter((o) => !o.met)).toEqual([]);
      expect(r.events.flatMap((e) => (e.type === 'file_preserved' ? [e.handler] : []))).toEqual(['kvm_vm_luo_v1', 'kvm_vcpu_luo_v1', 'guest_memfd_luo_v1']);
    });
  it('cpu@v2 renames cpu_fh_v1 to cpu_fh_v2 and cpu_flb_v1 to cpu_flb_v2', () => {
    const r = runScenario(scen('7.3', ['cpu@v2'], []));
    expect(r.events.flatMap((e) => (e.type === 'handler_register' || e.type === 'flb_register' ? [e.compatible] : []))).toEqual(['cpu_fh_v2', 'cpu_flb_v2', 'kvm_vcpu_luo_v2']);
  });
});

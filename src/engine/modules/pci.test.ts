// The PCI core (7.4 queue) and vfio-pci on top of it: every rule of kernel-luo-2026.md §1/§2
// on every profile it touches (modules/pci.ts).
import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../run';
import { createEngine } from '../engine';
import type { PatchId, ProfileId, Scenario, Step } from '../../scenario/types';
import { deviceOf, pciIncoming, pciOutgoing, pciPreserve } from './pci';

type Kernel = { profile: ProfileId; patches: PatchId[] };
/** Where the PCI core loads: it needs liveupdate_flb_put_outgoing() and _put_incoming(). */
const WITH_PCI: Kernel[] = [
  { profile: '7.2', patches: [] },
  { profile: '7.3', patches: [] },
  { profile: 'v1-latest', patches: ['flb-outgoing-refcount'] },
];
const WITHOUT_PCI: Kernel[] = [
  { profile: '6.19', patches: [] },
  { profile: '7.0', patches: [] },
  { profile: '7.0', patches: ['flb-outgoing-refcount'] },
  { profile: '7.1', patches: ['flb-outgoing-refcount'] },
  { profile: 'v1-latest', patches: [] },
];

function scen(kern: Kernel, steps: Step[], modules = ['memfd', 'pci', 'vfio-pci']): Scenario {
  return { format: 'luoscope-scenario', version: 2, kernel: { profile: kern.profile, patches: kern.patches, liveupdate: true }, boot: { modules }, steps };
}

const results = (r: RunResult) => r.steps.map((s) => s.result);
const panics = (r: RunResult) => r.events.flatMap((e) => (e.type === 'panic' ? [e.reason] : []));
const cbs = (r: RunResult, i: number) => r.events.filter((e) => e.step === i && e.type === 'callback').map((e) => (e.type === 'callback' ? `${e.owner}:${e.compatible}:${e.callback}` : ''));

const open: Step[] = [
  { op: 'open_device', as: 'luo' },
  { op: 'create_session', device: 'luo', name: 'vm1', as: 's1' },
];
const dev = (as: string, data: string): Step => ({ op: 'create_file', kind: 'vfio-cdev', as, data });
const keep = (fd: string, token: number): Step => ({ op: 'preserve_fd', session: 's1', fd, token });
const after: Step[] = [
  { op: 'kexec' },
  { op: 'open_device', as: 'luo' },
  { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1' },
];

describe('module pci: where it loads', () => {
  for (const kern of WITH_PCI)
    it(`loads on ${kern.profile}${kern.patches.length ? ' + ' + kern.patches.join(',') : ''}, and vfio-pci links the FLB "pci" instead of pci-v1`, () => {
      const r = runScenario(scen(kern, []));
      const reg = r.events.flatMap((e) => (e.type === 'flb_register' ? [`${e.compatible}:${e.result}`] : []));
      expect(reg).toEqual(['pci:ok', 'iommu-core-v1:ok']);
      expect(r.events.some((e) => e.type === 'module' && e.module === 'pci' && e.result === 'ok')).toBe(true);
    });
  for (const kern of WITHOUT_PCI)
    it(`fails ENOENT on ${kern.profile}${kern.patches.length ? ' + ' + kern.patches.join(',') : ''}, naming the call it lacks; vfio-pci keeps pci-v1`, () => {
      const r = runScenario(scen(kern, []));
      const load = r.events.find((e) => e.type === 'module' && e.module === 'pci');
      expect(load?.type === 'module' && load.result).toBe('ENOENT');
      expect(r.events.some((e) => e.type === 'warn' && /7\.4 queue/.test(e.message))).toBe(true);
      if (kern.profile !== '6.19') expect(r.events.some((e) => e.type === 'flb_register' && e.compatible === 'pci-v1')).toBe(true);
    });
});

describe('module pci: preservation rules', () => {
  for (const kern of WITH_PCI) {
    it(`${kern.profile}: two endpoints behind one bridge: the bridge is refcounted, both finish, no panic`, () => {
      const e = createEngine(
        scen(kern, [...open, dev('a', '0000:03:00.0 bridge=0000:00:01.0'), dev('b', '0000:04:00.0 bridge=0000:00:01.0'), keep('a', 1), keep('b', 2), ...after,
          { op: 'retrieve_fd', session: 's1', token: 1, as: 'a' }, { op: 'retrieve_fd', session: 's1', token: 2, as: 'b' }, { op: 'finish', session: 's1' }]),
      );
      for (let i = 0; i < 6; i++) expect(e.step().result).toBe('ok');
      expect(pciOutgoing(e.kernel)).toEqual({ '0000:03:00.0': 1, '0000:00:01.0': 2, '0000:04:00.0': 1 });
      expect(e.step().result).toBe('ok'); // kexec
      expect(pciIncoming(e.kernel)).toEqual({ '0000:03:00.0': 1, '0000:00:01.0': 2, '0000:04:00.0': 1 });
      for (let i = 0; i < 4; i++) expect(e.step().result).toBe('ok');
      const fin = e.step();
      expect(fin.result).toBe('ok');
      expect(pciIncoming(e.kernel)).toEqual({});
      expect(e.events.some((x) => x.type === 'panic')).toBe(false);
      expect(e.events.filter((x) => x.type === 'callback' && x.compatible === 'pci').map((x) => (x.type === 'callback' ? x.callback : ''))).toEqual(['preserve', 'retrieve', 'finish']);
    });

    it(`${kern.profile}: ACS-quirk and frozen devices are EINVAL, the path is rolled back and pci_ser freed`, () => {
      const r = runScenario(scen(kern, [...open, dev('q', '0000:05:00.0 acs-quirk bridge=0000:00:02.0'), dev('f', '0000:06:00.0 frozen'), { ...keep('q', 1), expect: 'EINVAL' }, { ...keep('f', 2), expect: 'EINVAL' }]));
      expect(r.ok).toBe(true);
      expect(cbs(r, 4)).toEqual(['handler:memfd-v1:can_preserve', 'handler:vfio-pci-v1:can_preserve', 'handler:vfio-pci-v1:get_id', 'flb:pci:preserve', 'flb:iommu-core-v1:preserve', 'handler:vfio-pci-v1:preserve', 'flb:iommu-core-v1:unpreserve', 'flb:pci:unpreserve']);
      expect(r.events.some((e) => e.type === 'warn' && /relies on ACS quirks/.test(e.message))).toBe(true);
      expect(r.events.some((e) => e.type === 'warn' && /after it is frozen/.test(e.message))).toBe(true);
    });

    it(`${kern.profile}: the same endpoint through a second file is EBUSY (PCI core); through dup it is LUO's own EBUSY`, () => {
      const r = runScenario(scen(kern, [...open, dev('a', '0000:03:00.0'), dev('a2', '0000:03:00.0'), { op: 'dup', fd: 'a', as: 'd' }, keep('a', 1), { ...keep('a2', 2), expect: 'EBUSY' }, { ...keep('d', 3), expect: 'EBUSY' }]));
      expect(r.ok).toBe(true);
      expect(cbs(r, 6)).toContain('handler:vfio-pci-v1:preserve');
      expect(cbs(r, 7)).not.toContain('handler:vfio-pci-v1:preserve');
      expect(r.events.some((e) => e.type === 'warn' && /Device is already preserved/.test(e.message))).toBe(true);
    });

    it(`${kern.profile}: a VF is refused by vfio-pci's can_preserve (ENOENT); the PCI core itself says EINVAL`, () => {
      const r = runScenario(scen(kern, [...open, dev('v', '0000:03:00.1 vf'), { ...keep('v', 1), expect: 'ENOENT' }]));
      expect(r.ok).toBe(true);
      const e = createEngine(scen(kern, []));
      expect(pciPreserve(e.kernel, undefined, deviceOf({ data: '0000:03:00.1 vf', inode: 1 }))).toBe('EINVAL');
    });
  }
});

describe('module pci: panics halt the machine with the reason', () => {
  for (const kern of WITH_PCI) {
    it(`${kern.profile}: a pci_ser version mismatch (pci@v1 → pci) panics at PCI enumeration; every later step is halted`, () => {
      const r = runScenario(scen(kern, [...open, dev('a', '0000:03:00.0'), keep('a', 1), { op: 'kexec', modules: ['memfd', 'pci', 'vfio-pci'] }, { op: 'open_device', as: 'luo' }], ['memfd', 'pci@v1', 'vfio-pci']));
      expect(results(r)).toEqual(['ok', 'ok', 'ok', 'ok', 'halted', 'halted']);
      expect(panics(r)).toEqual(['PCI: liveupdate: pci_flb_retrieve(): Incoming PCI FLB version (v1) is incompatible with this kernel (v2)']);
    });

    it(`${kern.profile}: the same version on both sides does not panic`, () => {
      const r = runScenario(scen(kern, [...open, dev('a', '0000:03:00.0'), keep('a', 1), { op: 'kexec' }, { op: 'open_device', as: 'luo' }], ['memfd', 'pci@v1', 'vfio-pci']));
      expect(results(r)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    });

    it(`${kern.profile}: a failed retrieve of the FLB "pci" panics (pci_liveupdate_flb_get_incoming)`, () => {
      const r = runScenario(scen(kern, [...open, dev('a', '0000:03:00.0'), keep('a', 1), { op: 'inject', target: 'pci', callback: 'retrieve', errno: 'ENOMEM' }, { op: 'kexec' }, { op: 'open_device', as: 'luo' }]));
      expect(results(r).slice(-2)).toEqual(['halted', 'halted']);
      expect(panics(r)).toEqual(['PCI: liveupdate: pci_liveupdate_flb_get_incoming(): Failed to retrieve incoming FLB data (-ENOMEM)']);
    });

    it(`${kern.profile}: the FLB finishing while a device was never finished panics, naming it`, () => {
      const r = runScenario(scen(kern, [...open, dev('a', '0000:03:00.0'), keep('a', 1), ...after, { op: 'flb_put_incoming', flb: 'pci' }, { op: 'finish', session: 's1' }]));
      expect(results(r).slice(-2)).toEqual(['halted', 'halted']);
      expect(panics(r)).toEqual(['PCI: liveupdate: pci_flb_finish(): 1 preserved device(s) were never finished!']);
      expect(r.events.some((e) => e.type === 'warn' && e.message === 'PCI: liveupdate: 0000:03:00.0 was never finished!')).toBe(true);
    });
  }
});

describe('vfio-pci freeze with the PCI core: the device is reset and its fd rejects IO', () => {
  for (const kern of WITH_PCI)
    it(`${kern.profile}: IO is EINVAL before freeze, EIO after it, even when the kexec fails and rolls back`, () => {
      const r = runScenario(
        scen(kern, [...open, dev('a', '0000:03:00.0'), dev('b', '0000:04:00.0'), keep('a', 1), keep('b', 2), { op: 'write', fd: 'a', data: 'x', expect: 'EINVAL' },
          { op: 'inject', target: 'vfio-pci-v1', callback: 'freeze', errno: 'EBUSY', token: 2 }, { op: 'kexec', expect: 'EBUSY' }, { op: 'write', fd: 'a', data: 'x', expect: 'EIO' }, { op: 'read', fd: 'a', expect: 'EIO' }, { op: 'read', fd: 'b', expect: 'EINVAL' }]),
      );
      expect(r.steps.filter((s) => !s.met)).toEqual([]);
    });
});

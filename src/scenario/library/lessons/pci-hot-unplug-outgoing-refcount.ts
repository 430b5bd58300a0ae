import { lessonScenario, type Lesson } from './lesson';

const title = 'PCI hot-unplug: an outgoing FLB reference outlives the last file';

export const pciHotUnplugOutgoingRefcount: Lesson = {
  id: 'pci-hot-unplug-outgoing-refcount',
  title,
  summary:
    'With the flb-outgoing-refcount patch the PCI core holds a reference on the outgoing pci-v1 FLB; when the preserved VFIO device is hot-unplugged (its session closed) the FLB stays preserved until liveupdate_flb_put_outgoing().',
  teaches:
    'The pending patch "Reference count outgoing FLB data" makes liveupdate_flb_get_outgoing() fail with ENOENT when nothing is preserved, and otherwise take a reference on the outgoing count; liveupdate_flb_put_outgoing() drops it, and whichever put is last — a file\'s unpreserve or the caller\'s — runs the FLB unpreserve(). ' +
    'Its motivation is PCI hot-unplug: the PCI core must edit the preserved-device state outside the preserve/unpreserve callbacks, and the data must not vanish under it when the last file goes. ' +
    'Without the patch (7.0 and latest), get_outgoing takes no reference: it returns the current object (possibly none) and the FLB unpreserve() runs as soon as the last dependent file is unpreserved, even while the PCI core is still using the object.',
  tags: ['flb', 'get_outgoing', 'put_outgoing', 'refcount', 'pci', 'vfio-pci', 'hot-unplug', 'patch', 'flb-outgoing-refcount', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'A VFIO device is preserved in vm1 (FLBs pci-v1 and iommu-core-v1). The PCI core takes an outgoing reference on pci-v1; the device is hot-unplugged, so its session is closed. iommu-core-v1 is unpreserved with the file, pci-v1 only at the put.',
    kernel: { profile: 'latest', patches: ['flb-outgoing-refcount'] },
    modules: ['memfd', 'vfio-pci'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      {
        op: 'flb_get_outgoing',
        flb: 'pci-v1',
        expect: 'ENOENT',
        note: 'With the patch, get_outgoing with nothing preserved is ENOENT (without it: ok, and no object).',
      },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'dev', expect: 'ok' },
      {
        op: 'preserve_fd',
        session: 's1',
        fd: 'dev',
        token: 1,
        expect: 'ok',
        note: 'First dependent file: pci-v1 and iommu-core-v1 preserve() run, counts 0 → 1.',
      },
      {
        op: 'flb_get_outgoing',
        flb: 'pci-v1',
        expect: 'ok',
        note: 'The PCI core takes a reference while it edits the preserved-device state: pci-v1 count 1 → 2.',
      },
      {
        op: 'close',
        fd: 's1',
        expect: 'ok',
        note: 'Hot-unplug: the VMM closes the device\'s session, the file is unpreserved. iommu-core-v1 goes 1 → 0 and is unpreserved; pci-v1 goes 2 → 1 and stays preserved.',
      },
      {
        op: 'flb_put_outgoing',
        flb: 'pci-v1',
        expect: 'ok',
        note: 'The PCI core is done: the last reference goes, and only now the pci-v1 unpreserve() runs.',
      },
      { op: 'flb_get_outgoing', flb: 'pci-v1', expect: 'ENOENT', note: 'Nothing preserved any more.' },
      { op: 'close', fd: 'dev', expect: 'ok' },
    ],
  }),
};

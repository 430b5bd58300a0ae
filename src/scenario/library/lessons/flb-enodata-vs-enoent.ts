import { lessonScenario, type Lesson } from './lesson';

const title = 'FLB get_incoming: ENODATA versus ENOENT';

export const flbEnodataVsEnoent: Lesson = {
  id: 'flb-enodata-vs-enoent',
  title,
  summary:
    'liveupdate_flb_get_incoming() gives ENODATA on a cold boot (no FLB data at all), ENOENT after a kexec for an FLB nothing was preserved for or whose compatible changed, and ok for one that was preserved.',
  teaches:
    'luo_flb_retrieve_one() answers ENODATA when the previous kernel left no FLB data at all (a cold boot) or when the FLB was already finished, and ENOENT when there was a live update but the FLB area holds no entry whose name equals this FLB\'s compatible — nothing was preserved for it, or it was preserved under another compatible (hugetlb-v1 written, hugetlb-v2 asked for). ' +
    'A subsystem such as PCI wants to tell the two apart: ENODATA means no live update happened, so every device can be probed and reset as on any boot; ENOENT means a live update did happen, and some devices may have been left running (doing DMA) by the old kernel under state this kernel cannot read, so treating it like a cold boot could be wrong. ' +
    'The in-kernel test user (lib/tests/liveupdate.c) treats both as "nothing from the previous kernel"; a real subsystem may need to be more careful.',
  tags: ['flb', 'get_incoming', 'ENODATA', 'ENOENT', 'compatible', 'pci', 'hugetlb', 'iommufd', 'kexec', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'Cold boot: no FLB data (ENODATA). The old kernel preserves an iommufd (FLB iommu-core-v1) and a hugetlb memfd (FLB hugetlb-v1), nothing that uses pci-v1. The next kernel boots hugetlb at v2; its in-kernel users ask for their FLBs at boot.',
    modules: ['memfd', 'hugetlb', 'iommufd', 'vfio-pci'],
    steps: [
      {
        op: 'flb_get_incoming',
        flb: 'pci-v1',
        expect: 'ENODATA',
        note: 'Cold boot: the previous kernel left no FLB data at all. PCI may initialise every device from scratch.',
      },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'iommufd', as: 'ioas', expect: 'ok' },
      { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram', data: 'vm1 guest RAM', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'ioas', token: 1, expect: 'ok', note: 'iommu-core-v1 is preserved.' },
      { op: 'preserve_fd', session: 's1', fd: 'ram', token: 2, expect: 'ok', note: 'hugetlb-v1 is preserved.' },
      {
        op: 'kexec',
        modules: ['memfd', 'hugetlb@v2', 'iommufd', 'vfio-pci'],
        expect: 'ok',
        note: 'The FLB area carries iommu-core-v1 and hugetlb-v1. The next kernel\'s hugetlb module is v2: it defines the FLB hugetlb-v2.',
      },
      {
        op: 'flb_get_incoming',
        flb: 'pci-v1',
        expect: 'ENOENT',
        note: 'A live update happened, but nothing was preserved for pci-v1: no entry with that name.',
      },
      {
        op: 'flb_get_incoming',
        flb: 'hugetlb-v2',
        expect: 'ENOENT',
        note: 'Something was preserved — as hugetlb-v1. The names differ, so this kernel cannot find (or read) it: ENOENT again.',
      },
      {
        op: 'flb_get_incoming',
        flb: 'iommu-core-v1',
        expect: 'ok',
        note: 'Preserved and compatible: retrieve() runs now, on first use, and the caller holds a reference.',
      },
      { op: 'flb_put_incoming', flb: 'iommu-core-v1', expect: 'ok', note: 'The reference is dropped; the iommufd file still depends on the FLB, so no finish() yet.' },
    ],
  }),
};

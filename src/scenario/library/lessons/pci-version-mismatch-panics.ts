import { lessonScenario, type Lesson } from './lesson';

const title = 'PCI core: an incompatible pci_ser panics the next kernel';

export const pciVersionMismatchPanics: Lesson = {
  id: 'pci-version-mismatch-panics',
  title,
  summary:
    'A kernel whose PCI core writes pci_ser version 1 (pci@v1) kexecs into one that expects version 2: pci_flb_retrieve() panics during PCI enumeration, and the machine halts.',
  teaches:
    'The PCI core keeps the compatible string "pci" and puts a version number inside struct pci_ser instead, because an FLB cannot tell "no data" from "incompatible data" (both ENOENT). ' +
    'pci_flb_retrieve() checks that version first and panics on a mismatch; any other failure to retrieve the FLB panics too (pci_liveupdate_flb_get_incoming()), and so does pci_flb_finish() when a preserved device was never finished: devices still doing DMA cannot be left unidentified. ' +
    'The retrieve happens while the new kernel enumerates PCI devices, so the kexec itself never returns and every later step is "halted".',
  tags: ['pci', 'panic', 'version', 'flb', '7.4 queue', 'kexec', 'halted', '7.3'],
  scenario: lessonScenario({
    title,
    description: 'vm1 preserves one VFIO device on a 7.3 kernel whose PCI core writes pci_ser v1; the kexec boots a PCI core that expects v2.',
    kernel: { profile: '7.3' },
    modules: ['memfd', 'pci@v1', 'vfio-pci'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'nic', data: '0000:03:00.0', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'nic', token: 1, expect: 'ok', note: 'pci_ser is written with version 1 (module pci@v1).' },
      {
        op: 'kexec',
        modules: ['memfd', 'pci', 'vfio-pci'],
        expect: 'halted',
        note: 'The next kernel\'s PCI core (version 2) retrieves "pci" while enumerating: "Incoming PCI FLB version (v1) is incompatible with this kernel (v2)", panic.',
      },
      { op: 'open_device', as: 'luo', expect: 'halted', note: 'Nothing runs on a halted machine.' },
    ],
  }),
};

import { lessonScenario, type Lesson } from './lesson';

const title = 'PCI core (7.4 queue): which devices it preserves, and refcounted bridges';

export const pciCoreRules: Lesson = {
  id: 'pci-core-rules',
  title,
  summary:
    'With the PCI core\'s live update support (queued for 7.4) vfio-pci links the FLB "pci": two devices behind one bridge preserve the bridge twice, a second file of the same endpoint is EBUSY, a device relying on ACS quirks is EINVAL, and every device is finished after the kexec.',
  teaches:
    'vfio-pci\'s preserve() calls pci_liveupdate_preserve(), which records the device and every bridge upstream of it in the pci_ser that pci_flb_preserve() allocated for the first preserved file; an endpoint recorded already is EBUSY, a bridge is counted once per downstream device. ' +
    'Devices that rely on ACS quirks, devices whose status was frozen by pci_device_shutdown(), and Virtual Functions are refused with EINVAL (vfio-pci\'s can_preserve() turns a VF away before that). ' +
    'After the kexec the PCI core retrieves the FLB while it enumerates, before any handler registers, and each vfio-pci finish() calls pci_liveupdate_finish() for its device path; pci_flb_finish() then finds every device finished. ' +
    'This is the 7.4 queue (branch lu-pci-preservation, v9): the module needs liveupdate_flb_put_outgoing() and _put_incoming(), so it loads on 7.2 and later.',
  tags: ['pci', 'vfio-pci', 'flb', '7.4 queue', 'bridge', 'EBUSY', 'EINVAL', 'ACS', 'kexec', '7.3'],
  scenario: lessonScenario({
    title,
    description:
      'A 7.3 kernel with the PCI core (module pci) and vfio-pci. Two NICs behind root port 0000:00:01.0 are preserved in vm1; a second cdev of the first NIC and a device that relies on ACS quirks are refused. After the kexec both NICs are retrieved and FINISH finishes them and the bridge.',
    kernel: { profile: '7.3' },
    modules: ['memfd', 'pci', 'iommufd', 'vfio-pci'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'nic0', data: '0000:03:00.0 bridge=0000:00:01.0', expect: 'ok', note: 'The device is described in the file\'s data: its BDF, then the bridges above it.' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'nic1', data: '0000:04:00.0 bridge=0000:00:01.0', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'nic0', token: 1, expect: 'ok', note: 'First file: pci_flb_preserve() allocates pci_ser; pci_liveupdate_preserve() records 03:00.0 and bridge 00:01.0 (refcount 1).' },
      { op: 'preserve_fd', session: 's1', fd: 'nic1', token: 2, expect: 'ok', note: 'The bridge is preserved once per downstream device: its refcount is now 2.' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'nic0b', data: '0000:03:00.0 bridge=0000:00:01.0', expect: 'ok', note: 'A second cdev file of the same NIC.' },
      { op: 'preserve_fd', session: 's1', fd: 'nic0b', token: 3, expect: 'EBUSY', note: 'LUO sees another file, but the PCI core has the endpoint already: "Device is already preserved", EBUSY.' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'gpu', data: '0000:05:00.0 acs-quirk', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'gpu', token: 4, expect: 'EINVAL', note: '"Refusing to preserve device that relies on ACS quirks": keeping ACS flags constant across the update is not possible for it yet.' },
      { op: 'kexec', expect: 'ok', note: 'The next kernel\'s PCI core retrieves "pci" while enumerating: the version matches (2), three devices are incoming.' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'nic0', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 2, as: 'nic1', expect: 'ok' },
      { op: 'finish', session: 's1', expect: 'ok', note: 'Each finish() calls pci_liveupdate_finish() for its device and the bridge; the last file\'s FLB finish finds no device left, so no panic.' },
    ],
  }),
};

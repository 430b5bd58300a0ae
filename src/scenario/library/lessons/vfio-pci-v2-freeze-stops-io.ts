import { lessonScenario, type Lesson } from './lesson';

const title = 'vfio-pci-v2: freeze stops the device, and reset_works crosses the kexec';

export const vfioPciV2FreezeStopsIo: Lesson = {
  id: 'vfio-pci-v2-freeze-stops-io',
  title,
  summary:
    'With the vfio-pci series (v5, handler vfio-pci-v2) freeze() resets the device and clears bus mastering; from then on its fd fails read and write with EIO, and a kexec that fails later does not undo that (the handler has no unfreeze). The next kernel retrieves the device with the reset_works the old kernel recorded.',
  teaches:
    'vfio_pci_liveupdate_freeze() marks the device frozen: vfio_pci_rw() and the ioctls answer EIO "irrespective of liveupdate state" until the next kernel retrieves it. ' +
    'A later file\'s freeze() failing rolls the reboot back, but vfio-pci-v2 has no unfreeze(), so the device stays stopped in the old kernel: a failed live update costs the guest its device. ' +
    'vfio-pci-v2 adds reset_works to the serialized device, so the next kernel does not probe a reset on a device that may be running. This is a posted series (Jul 2026), not mainline.',
  tags: ['vfio-pci', 'vfio-pci@v2', 'series', 'freeze', 'EIO', 'pci', '7.4 queue', 'kexec', '7.3'],
  scenario: lessonScenario({
    title,
    description:
      'A 7.3 kernel with the PCI core, iommufd and vfio-pci@v2. A NIC and a memfd are preserved in vm1; the memfd\'s freeze() is made to fail, so the first kexec fails after the NIC was frozen: the NIC\'s fd now fails with EIO. The second kexec works and the NIC is retrieved.',
    kernel: { profile: '7.3' },
    modules: ['memfd', 'pci', 'iommufd', 'vfio-pci@v2'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'nic0', data: '0000:03:00.0 bridge=0000:00:01.0', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'ram', data: 'guest ram', expect: 'ok' },
      { op: 'read', fd: 'nic0', expect: 'EINVAL', note: 'A vfio cdev has no content to read in this model: EINVAL, not EIO, before the freeze.' },
      { op: 'preserve_fd', session: 's1', fd: 'nic0', token: 1, expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'ram', token: 2, expect: 'ok' },
      { op: 'inject', target: 'memfd-v1', callback: 'freeze', errno: 'ENOMEM', expect: 'ok' },
      { op: 'kexec', expect: 'ENOMEM', note: 'freeze() runs in preservation order: the NIC is reset and stopped, then the memfd fails and the reboot is rolled back.' },
      { op: 'read', fd: 'nic0', expect: 'EIO', note: 'No unfreeze() in vfio-pci-v2: the device stays frozen in this kernel.' },
      { op: 'write', fd: 'nic0', data: 'doorbell', expect: 'EIO' },
      { op: 'read', fd: 'ram', data: 'guest ram', expect: 'ok', note: 'The memfd is unaffected.' },
      { op: 'kexec', expect: 'ok' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'nic0', expect: 'ok', note: 'retrieve() reads reset_works from the previous kernel (vfio-pci-v2).' },
      { op: 'read', fd: 'nic0', expect: 'EINVAL', note: 'Retrieved: no longer frozen (EINVAL again, as before the freeze).' },
      { op: 'retrieve_fd', session: 's1', token: 2, as: 'ram', expect: 'ok' },
      { op: 'read', fd: 'ram', data: 'guest ram', expect: 'ok' },
      { op: 'finish', session: 's1', expect: 'ok' },
    ],
  }),
};

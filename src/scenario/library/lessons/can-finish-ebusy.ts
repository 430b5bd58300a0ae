import { lessonScenario, type Lesson } from './lesson';

const title = 'FINISH refused by can_finish, then accepted';

export const canFinishEbusy: Lesson = {
  id: 'can-finish-ebusy',
  title,
  summary:
    'A VFIO device\'s can_finish() says no: SESSION_FINISH returns EBUSY and finishes nothing; once the device agrees, a second FINISH finishes every file and, after the last reference, the FLBs.',
  teaches:
    'luo_file_finish() makes two passes: first the optional can_finish() of every file, in preservation order; if one returns false, FINISH fails with EBUSY before any finish() ran, so the session and all its files stay as they were (RETRIEVE_FD still works). ' +
    'The second pass runs only when every file agreed: handler finish() from the last file to the first, each followed by luo_flb_file_finish() on its FLBs in reverse link order. ' +
    'An FLB finish() runs once its incoming count reaches 0: after its last dependent file finished and every liveupdate_flb_get_incoming() reference was put with liveupdate_flb_put_incoming().',
  tags: ['failure', 'can_finish', 'finish', 'EBUSY', 'vfio-pci', 'flb', 'inject', 'kexec', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'Two VFIO devices of vm1 come across a kexec. The PCI and IOMMU cores take their FLBs at boot. The second device is not ready to let go (injected can_finish false): FINISH gives EBUSY; the next FINISH succeeds.',
    modules: ['memfd', 'vfio-pci'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'dev0', expect: 'ok' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'dev1', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'dev0', token: 1, expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'dev1', token: 2, expect: 'ok' },
      { op: 'kexec', expect: 'ok' },
      {
        op: 'flb_get_incoming',
        flb: 'pci-v1',
        expect: 'ok',
        note: 'The PCI core retrieves its FLB early at boot (and holds a reference), before any file is finished.',
      },
      { op: 'flb_get_incoming', flb: 'iommu-core-v1', expect: 'ok', note: 'So does the IOMMU core.' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'dev0', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 2, as: 'dev1', expect: 'ok' },
      {
        op: 'inject',
        target: 'vfio-pci-v1',
        callback: 'can_finish',
        result: false,
        session: 'vm1',
        token: 2,
        expect: 'ok',
        note: 'Arm a fault: the next can_finish() of vm1/token 2 returns false.',
      },
      {
        op: 'finish',
        session: 's1',
        expect: 'EBUSY',
        note: 'can_finish: token 1 yes, token 2 no → EBUSY. No finish() ran, no FLB count moved.',
      },
      {
        op: 'retrieve_fd',
        session: 's1',
        token: 1,
        as: 'dev0again',
        expect: 'ok',
        note: 'Nothing was finished: the file is still in the session (a second RETRIEVE_FD returns the same file).',
      },
      {
        op: 'finish',
        session: 's1',
        expect: 'ok',
        note: 'Both say yes now: finish() token 2, its FLBs (iommu-core-v1, pci-v1), then token 1 and its FLBs. The cores still hold their references, so no FLB finish() yet.',
      },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'late', expect: 'ENOENT', note: 'After FINISH the session is empty.' },
      { op: 'flb_put_incoming', flb: 'iommu-core-v1', expect: 'ok', note: 'Last reference of iommu-core-v1: its finish() runs.' },
      { op: 'flb_put_incoming', flb: 'pci-v1', expect: 'ok', note: 'Last reference of pci-v1: its finish() runs.' },
      { op: 'close', fd: 's1', expect: 'ok' },
    ],
  }),
};

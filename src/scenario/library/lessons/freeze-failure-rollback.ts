import { lessonScenario, type Lesson } from './lesson';

const title = 'A freeze failure at kexec is rolled back by unfreeze';

export const freezeFailureRollback: Lesson = {
  id: 'freeze-failure-rollback',
  title,
  summary:
    'A vfio-pci freeze() fails at reboot: the kexec returns its errno, the files frozen before it are unfrozen, nothing is handed over, and a second kexec succeeds.',
  teaches:
    'At reboot luo_session_serialize() walks the outgoing sessions in creation order and calls luo_file_freeze() on each, which calls the handler freeze() for every file in preservation order. ' +
    'When freeze() fails for file k, unfreeze() runs on files 0..k−1 of that session (forward order), then on every earlier session in reverse session order, and liveupdate_reboot() returns the errno to reboot(); the failing file itself is not unfrozen. ' +
    'luo_flb_serialize() never ran, and FLBs have no freeze step, so the FLB counts are untouched and there is nothing to undo: the sessions stay as they were and the next reboot can simply try again.',
  tags: ['failure', 'freeze', 'unfreeze', 'rollback', 'kexec', 'vfio-pci', 'iommufd', 'inject', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'vm1 holds an iommufd, vm2 two VFIO device cdevs. The second device refuses to freeze (injected ETIMEDOUT): the reboot fails, unfreeze() runs on the first device of vm2 and then on vm1. With the fault gone, the second kexec carries everything.',
    modules: ['memfd', 'iommufd', 'vfio-pci'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ok' },
      { op: 'create_file', kind: 'iommufd', as: 'ioas', expect: 'ok' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'dev0', expect: 'ok' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'dev1', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'ioas', token: 1, expect: 'ok' },
      { op: 'preserve_fd', session: 's2', fd: 'dev0', token: 1, expect: 'ok' },
      { op: 'preserve_fd', session: 's2', fd: 'dev1', token: 2, expect: 'ok' },
      {
        op: 'inject',
        target: 'vfio-pci-v1',
        callback: 'freeze',
        errno: 'ETIMEDOUT',
        session: 'vm2',
        token: 2,
        expect: 'ok',
        note: 'Arm a fault: the next freeze() of vm2/token 2 fails with ETIMEDOUT (the device does not quiesce).',
      },
      {
        op: 'kexec',
        expect: 'ETIMEDOUT',
        note: 'freeze vm1/1, vm2/1, vm2/2 fails → unfreeze vm2/1 (earlier files of vm2, forward), then unfreeze vm1/1 (earlier sessions, reverse). reboot() returns ETIMEDOUT; no handover is written.',
      },
      {
        op: 'get_name',
        session: 's2',
        name: 'vm2',
        expect: 'ok',
        note: 'Still the old kernel: the sessions and their files are intact (the serialize lock was released on failure).',
      },
      {
        op: 'kexec',
        expect: 'ok',
        note: 'The fault fired once; this time every freeze() succeeds and both sessions, three files and two FLBs are handed over.',
      },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'retrieve_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ok' },
      {
        op: 'retrieve_fd',
        session: 's2',
        token: 2,
        as: 'dev1',
        expect: 'ok',
        note: 'The device whose freeze failed the first time came across with the second kexec.',
      },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
    ],
  }),
};

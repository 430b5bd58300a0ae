import { lessonScenario, type Lesson } from './lesson';

const title = 'Live update switched off on the kernel command line';

export const liveupdateOff: Lesson = {
  id: 'liveupdate-off',
  title,
  summary:
    'With liveupdate=off there is no /dev/liveupdate (open gives ENOENT), handler and FLB registrations and FLB accessors give EOPNOTSUPP, and a kexec carries nothing.',
  teaches:
    'liveupdate_enabled() is false unless the kernel command line says liveupdate=on (and KHO is enabled); then liveupdate_ioctl_init() never registers the misc device, so opening /dev/liveupdate fails with ENOENT — the selftests SKIP on it. ' +
    'liveupdate_register_file_handler(), liveupdate_register_flb() and liveupdate_flb_get_incoming()/get_outgoing() return EOPNOTSUPP, so a module that needs live update cannot register (memfd ignores that error). ' +
    'liveupdate_reboot() is a no-op: the next kernel, even with live update on, boots cold.',
  tags: ['liveupdate', 'disabled', 'command-line', 'ENOENT', 'EOPNOTSUPP', 'register', 'kexec', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'A kernel booted with liveupdate=off: no device, no registrations. It kexecs into a kernel with live update on, which boots cold: nothing from its predecessor.',
    kernel: { profile: 'latest', liveupdate: false },
    modules: ['memfd', 'hugetlb'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ENOENT', note: 'No device node: /dev/liveupdate was never registered.' },
      {
        op: 'register_module',
        module: 'iommufd',
        expect: 'EOPNOTSUPP',
        note: 'liveupdate_register_file_handler() refuses: live update is disabled (the boot modules were refused the same way).',
      },
      { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: 'EOPNOTSUPP', note: 'The FLB accessors refuse too.' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'not preserved', expect: 'ok' },
      {
        op: 'kexec',
        liveupdate: true,
        expect: 'ok',
        note: 'liveupdate_reboot() does nothing; the next kernel is booted with liveupdate=on.',
      },
      { op: 'open_device', as: 'luo', expect: 'ok', note: 'Live update works in this kernel…' },
      {
        op: 'retrieve_session',
        device: 'luo',
        name: 'vm1',
        as: 's1',
        expect: 'ENOENT',
        note: '…but it booted cold: no incoming session.',
      },
      {
        op: 'flb_get_incoming',
        flb: 'hugetlb-v1',
        expect: 'ENODATA',
        note: 'The hugetlb module registered fine this time; its FLB finds no data from the previous kernel at all: ENODATA.',
      },
    ],
  }),
};

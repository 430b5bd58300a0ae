import { lessonScenario, type Lesson } from './lesson';

const title = 'A kexec into an older kernel panics at boot';

export const kexecIntoOlderKernelPanics: Lesson = {
  id: 'kexec-into-older-kernel-panics',
  title,
  summary:
    'A latest kernel hands over a raw luo-v5 image; a 7.1 kernel expects an FDT with compatible "luo-v1", so luo_early_startup() fails and the new kernel panics — every later step is halted.',
  teaches:
    'The handover format changed: 6.19–7.1 write a one-page FDT (root compatible "luo-v1"), the latest kernels a raw struct luo_ser ("luo-v5") with linked blocks. ' +
    'luo_early_startup() validates the incoming "LUO" KHO subtree, and any failure there calls luo_restore_fail(), which is panic() ("The incoming tree failed to initialize properly"): there is no errno to return and no fallback to a cold boot. ' +
    'The same happens from 6.19 to 7.0/7.1, whose luo_flb_setup_incoming() requires a "luo-flb" node that 6.19 never wrote. Live update only works into a kernel that understands the previous one\'s format.',
  tags: ['kexec', 'panic', 'format', 'compatible', 'downgrade', 'version', '7.1', 'latest', 'failure'],
  scenario: lessonScenario({
    title,
    description: 'A memfd is preserved on a latest kernel, which then kexecs into 7.1: the 7.1 kernel panics in luo_early_startup().',
    modules: ['memfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'vm1 state', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'm', token: 1, expect: 'ok' },
      {
        op: 'kexec',
        profile: '7.1',
        expect: 'ok',
        note: 'The old kernel serializes a luo-v5 image and jumps (reboot succeeded); the 7.1 kernel finds a KHO subtree it cannot read and panics.',
      },
      { op: 'open_device', as: 'luo', expect: 'halted', note: 'The machine is halted: this step never runs (result "halted").' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'halted', note: 'Halted as well.' },
    ],
  }),
};

import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: get_session_name, on 7.1 (no GET_NAME ioctl) */
export const getName71: Scenario = singleBoot(
  {
    title: 'GET_NAME does not exist on 7.1 (selftest get_session_name)',
    description:
      'Before the newest kernels the session ioctl table has three entries; GET_NAME (nr 0x43) is out of range and the dispatcher returns EINVAL. The kernel test fails here.',
    steps: [
      openDevice(),
      { op: 'create_session', device: 'luo', name: 'get-name-test-session', as: 's', expect: 'ok' },
      {
        op: 'get_name',
        session: 's',
        expect: 'EINVAL',
        note: 'nr 0x43 - 0x40 = 3 is not below the 3 session ioctls of 7.1: the command index is out of range.',
      },
      { op: 'close', fd: 's', expect: 'ok' },
    ],
  },
  '7.1',
);

import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: create_session_empty_name, on 7.1 (no name validation) */
export const emptyName71: Scenario = singleBoot(
  {
    title: 'An empty session name is accepted on 7.1 (selftest create_session_empty_name)',
    description: 'Before name validation, CREATE_SESSION with the name "" succeeds. The kernel test expects EINVAL and fails here.',
    steps: [
      openDevice(),
      {
        op: 'create_session',
        device: 'luo',
        name: '',
        as: 's',
        expect: 'ok',
        note: 'No strnlen check before the newest kernels: the empty name is stored as is.',
      },
      { op: 'close', fd: 's', expect: 'ok' },
    ],
  },
  '7.1',
);

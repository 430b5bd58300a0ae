import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: create_session_no_null_termination */
export const createSessionNoNullTermination: Scenario = singleBoot({
  title: 'A 64-byte name without NUL is refused (selftest create_session_no_null_termination)',
  description: 'CREATE_SESSION with all 64 name bytes set to \'X\' (no terminating NUL) fails with EINVAL.',
  steps: [
    openDevice(),
    {
      op: 'create_session',
      device: 'luo',
      name: 'X'.repeat(64),
      as: 's',
      expect: 'EINVAL',
      note: 'A raw ioctl with the whole 64-byte name field filled with \'X\'; the name check finds no NUL.',
    },
  ],
});

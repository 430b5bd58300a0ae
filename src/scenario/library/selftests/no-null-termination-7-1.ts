import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: create_session_no_null_termination, on 7.1 (name silently truncated) */
export const noNullTermination71: Scenario = singleBoot(
  {
    title: 'A 64-byte name without NUL is truncated on 7.1 (selftest create_session_no_null_termination)',
    description:
      'Before name validation, a name filling all 64 bytes is accepted and silently truncated to 63 characters by strscpy. The kernel test expects EINVAL and fails here.',
    steps: [
      openDevice(),
      {
        op: 'create_session',
        device: 'luo',
        name: 'X'.repeat(64),
        as: 's',
        expect: 'ok',
        note: 'A raw ioctl with all 64 name bytes set to \'X\': accepted, the stored name is 63 × \'X\'.',
      },
      {
        op: 'create_session',
        device: 'luo',
        name: 'X'.repeat(63),
        as: 's2',
        expect: 'EEXIST',
        note: 'Not in the kernel test: shows the truncation. 63 × \'X\' is the name already stored, so it is a duplicate.',
      },
      { op: 'close', fd: 's', expect: 'ok' },
    ],
  },
  '7.1',
);

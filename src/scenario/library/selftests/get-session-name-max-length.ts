import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

const LONG_NAME = 'A'.repeat(63);

/** liveupdate.c: get_session_name_max_length */
export const getSessionNameMaxLength: Scenario = singleBoot({
  title: 'GET_NAME of a 63-character name (selftest get_session_name_max_length)',
  description: 'A name of 63 characters (plus the NUL: the full 64-byte field) is accepted and returned whole by GET_NAME.',
  steps: [
    openDevice(),
    {
      op: 'create_session',
      device: 'luo',
      name: LONG_NAME,
      as: 's',
      expect: 'ok',
      note: '63 × \'A\' plus the terminating NUL fill the 64-byte name field exactly.',
    },
    { op: 'get_name', session: 's', name: LONG_NAME, expect: 'ok' },
    { op: 'close', fd: 's', expect: 'ok' },
  ],
});

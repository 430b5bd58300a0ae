import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: create_duplicate_session */
export const createDuplicateSession: Scenario = singleBoot({
  title: 'Duplicate session names are refused (selftest create_duplicate_session)',
  description: 'A second outgoing session with the same name fails with EEXIST.',
  steps: [
    openDevice(),
    { op: 'create_session', device: 'luo', name: 'duplicate-session-test', as: 's1', expect: 'ok' },
    {
      op: 'create_session',
      device: 'luo',
      name: 'duplicate-session-test',
      as: 's2',
      expect: 'EEXIST',
      note: 'The name is already in the outgoing session list.',
    },
    { op: 'close', fd: 's1', expect: 'ok' },
  ],
});

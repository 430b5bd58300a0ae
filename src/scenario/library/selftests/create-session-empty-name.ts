import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: create_session_empty_name */
export const createSessionEmptyName: Scenario = singleBoot({
  title: 'An empty session name is refused (selftest create_session_empty_name)',
  description: 'CREATE_SESSION with the name "" fails with EINVAL.',
  steps: [
    openDevice(),
    {
      op: 'create_session',
      device: 'luo',
      name: '',
      as: 's',
      expect: 'EINVAL',
      note: 'Name validation: strnlen(name) == 0.',
    },
  ],
});

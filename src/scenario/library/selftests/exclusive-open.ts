import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: exclusive_open */
export const exclusiveOpen: Scenario = singleBoot({
  title: '/dev/liveupdate is exclusive (selftest exclusive_open)',
  description: 'Only one open of /dev/liveupdate at a time: a second open while the first is held fails with EBUSY.',
  steps: [
    openDevice('fd1'),
    {
      op: 'open_device',
      as: 'fd2',
      expect: 'EBUSY',
      note: 'The kernel test opens a second time from the same process while fd1 is still open.',
    },
  ],
});

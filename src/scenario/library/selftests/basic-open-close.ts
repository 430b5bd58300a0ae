import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: basic_open_close */
export const basicOpenClose: Scenario = singleBoot({
  title: 'Open and close /dev/liveupdate (selftest basic_open_close)',
  description: 'The device can be opened and closed again without errors.',
  steps: [openDevice(), { op: 'close', fd: 'luo', expect: 'ok' }],
});

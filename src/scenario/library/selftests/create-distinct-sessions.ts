import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: create_distinct_sessions */
export const createDistinctSessions: Scenario = singleBoot({
  title: 'Two sessions with different names (selftest create_distinct_sessions)',
  description: 'Creating two sessions with distinct names succeeds; both close cleanly.',
  steps: [
    openDevice(),
    { op: 'create_session', device: 'luo', name: 'distinct-session-1', as: 's1', expect: 'ok' },
    { op: 'create_session', device: 'luo', name: 'distinct-session-2', as: 's2', expect: 'ok' },
    { op: 'close', fd: 's1', expect: 'ok' },
    { op: 'close', fd: 's2', expect: 'ok' },
  ],
});

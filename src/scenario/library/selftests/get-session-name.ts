import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: get_session_name */
export const getSessionName: Scenario = singleBoot({
  title: 'GET_NAME returns the session name (selftest get_session_name)',
  description: 'LIVEUPDATE_SESSION_GET_NAME on a session fd returns exactly the name it was created with.',
  steps: [
    openDevice(),
    { op: 'create_session', device: 'luo', name: 'get-name-test-session', as: 's', expect: 'ok' },
    { op: 'get_name', session: 's', name: 'get-name-test-session', expect: 'ok' },
    { op: 'close', fd: 's', expect: 'ok' },
  ],
});

import type { Scenario } from '../../types';
import {
  createAndPreserveMemfd,
  createStateFile,
  detectStage1,
  detectStage2,
  endStage1,
  finishAndClose,
  kexecTest,
  restoreAndReadStage,
  restoreAndVerifyMemfd,
} from './helpers';

const STATE_SESSION = 'kexec_simple_state';
const STATE_TOKEN = 999;
const TEST_SESSION = 'test-session';
const TEST_TOKEN = 0x1a;
const TEST_DATA = 'hello kexec world';

/** luo_kexec_simple.c */
export const kexecSimple: Scenario = kexecTest({
  title: 'One memfd across a kexec (selftest luo_kexec_simple)',
  description:
    'Stage 1 preserves one memfd in "test-session" next to the state session; after the kexec, stage 2 retrieves it, checks its content and finishes both sessions.',
  steps: [
    // stage 1
    ...detectStage1(STATE_SESSION),
    ...createStateFile(STATE_SESSION, STATE_TOKEN),
    { op: 'create_session', device: 'luo', name: TEST_SESSION, as: 'test', expect: 'ok' },
    ...createAndPreserveMemfd('test', TEST_TOKEN, TEST_DATA, 'mfd'),
    ...endStage1(),
    // stage 2
    ...detectStage2(STATE_SESSION),
    ...restoreAndReadStage(STATE_TOKEN),
    { op: 'retrieve_session', device: 'luo', name: TEST_SESSION, as: 'test', expect: 'ok' },
    ...restoreAndVerifyMemfd('test', TEST_TOKEN, TEST_DATA, 'mfd'),
    { op: 'close', fd: 'mfd' },
    ...finishAndClose('test'),
    ...finishAndClose('state', 'The state session is always finished last.'),
  ],
});

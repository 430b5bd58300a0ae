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

const STATE_SESSION = 'kexec_multi_state';
const STATE_TOKEN = 998;
const EMPTY_1 = 'multi-test-empty-1';
const EMPTY_2 = 'multi-test-empty-2';
const FILES_1 = 'multi-test-files-1';
const FILES_2 = 'multi-test-files-2';
const MFD1 = { token: 0x1001, data: 'Data for session files 1' };
const MFD2 = { token: 0x2002, data: 'First file for session files 2' };
const MFD3 = { token: 0x3003, data: 'Second file for session files 2' };

/** luo_multi_session.c */
export const multiSession: Scenario = kexecTest({
  title: 'Empty sessions and several files across a kexec (selftest luo_multi_session)',
  description:
    'Two empty sessions and two sessions with one and two memfds cross a kexec; all are retrieved, the files read back, and every session finishes with 0.',
  steps: [
    // stage 1
    ...detectStage1(STATE_SESSION),
    ...createStateFile(STATE_SESSION, STATE_TOKEN),
    { op: 'create_session', device: 'luo', name: EMPTY_1, as: 'empty1', expect: 'ok', note: 'No file is ever added to this session.' },
    { op: 'create_session', device: 'luo', name: EMPTY_2, as: 'empty2', expect: 'ok', note: 'No file is ever added to this session.' },
    { op: 'create_session', device: 'luo', name: FILES_1, as: 'files1', expect: 'ok' },
    ...createAndPreserveMemfd('files1', MFD1.token, MFD1.data, 'mfd1'),
    { op: 'create_session', device: 'luo', name: FILES_2, as: 'files2', expect: 'ok' },
    ...createAndPreserveMemfd('files2', MFD2.token, MFD2.data, 'mfd2'),
    ...createAndPreserveMemfd('files2', MFD3.token, MFD3.data, 'mfd3'),
    ...endStage1(),
    // stage 2
    ...detectStage2(STATE_SESSION),
    ...restoreAndReadStage(STATE_TOKEN),
    { op: 'retrieve_session', device: 'luo', name: EMPTY_1, as: 'empty1', expect: 'ok', note: 'Empty sessions survive the kexec too.' },
    { op: 'retrieve_session', device: 'luo', name: EMPTY_2, as: 'empty2', expect: 'ok' },
    { op: 'retrieve_session', device: 'luo', name: FILES_1, as: 'files1', expect: 'ok' },
    { op: 'retrieve_session', device: 'luo', name: FILES_2, as: 'files2', expect: 'ok' },
    ...restoreAndVerifyMemfd('files1', MFD1.token, MFD1.data, 'mfd1'),
    { op: 'close', fd: 'mfd1' },
    ...restoreAndVerifyMemfd('files2', MFD2.token, MFD2.data, 'mfd2'),
    { op: 'close', fd: 'mfd2' },
    ...restoreAndVerifyMemfd('files2', MFD3.token, MFD3.data, 'mfd3'),
    { op: 'close', fd: 'mfd3' },
    ...finishAndClose('empty1', 'A session with no files finishes trivially with 0.'),
    ...finishAndClose('empty2'),
    ...finishAndClose('files1'),
    ...finishAndClose('files2'),
    ...finishAndClose('state', 'The state session is always finished last.'),
  ],
});

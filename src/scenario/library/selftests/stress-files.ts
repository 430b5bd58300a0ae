import type { Scenario, Step } from '../../types';
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

const STATE_SESSION = 'kexec_many_files_state';
const STATE_TOKEN = 9999;
const TEST_SESSION = 'many_files_session';
const NUM_FILES = 500;

function steps(): Step[] {
  const out: Step[] = [...detectStage1(STATE_SESSION), ...createStateFile(STATE_SESSION, STATE_TOKEN)];
  out.push({ op: 'create_session', device: 'luo', name: TEST_SESSION, as: 'files', expect: 'ok' });
  for (let i = 0; i < NUM_FILES; i++) {
    const s = createAndPreserveMemfd('files', i, `file-data-${i}`, `m${i}`);
    if (i === 128) s[1] = { ...s[1], note: 'The 129th file: 6.19–7.1 would fail here with ENOSPC.' };
    out.push(...s);
  }
  out.push(...endStage1());
  out.push(...detectStage2(STATE_SESSION), ...restoreAndReadStage(STATE_TOKEN));
  out.push({ op: 'retrieve_session', device: 'luo', name: TEST_SESSION, as: 'files', expect: 'ok' });
  for (let i = 0; i < NUM_FILES; i++) {
    out.push(...restoreAndVerifyMemfd('files', i, `file-data-${i}`, `r${i}`));
    out.push({ op: 'close', fd: `r${i}` });
  }
  out.push(...finishAndClose('files', 'Finishes all 500 files, last preserved first.'));
  out.push(...finishAndClose('state', 'The state session is always finished last.'));
  return out;
}

/** luo_stress_files.c */
export const stressFiles: Scenario = kexecTest({
  title: '500 files in one session across a kexec (selftest luo_stress_files)',
  description:
    'Stage 1 preserves 500 memfds (tokens 0…499, content "file-data-<i>") in one session, closing each memfd right away; after the kexec every one is retrieved and checked, then the session finishes.',
  steps: steps(),
});

import type { Scenario, Step } from '../../types';
import { createStateFile, detectStage1, detectStage2, endStage1, finishAndClose, kexecTest, restoreAndReadStage } from './helpers';

const STATE_SESSION = 'kexec_many_state';
const STATE_TOKEN = 999;
const NUM_SESSIONS = 2000;

function steps(): Step[] {
  const out: Step[] = [...detectStage1(STATE_SESSION)];
  out.push(...createStateFile(STATE_SESSION, STATE_TOKEN));
  for (let i = 0; i < NUM_SESSIONS; i++) {
    out.push({
      op: 'create_session',
      device: 'luo',
      name: `many-test-${i}`,
      as: `s${i}`,
      expect: 'ok',
      ...(i === 0
        ? { note: 'Before the state file, the kernel test raised RLIMIT_NOFILE to 2000 + 32 (EPERM would SKIP it); the agent has no fd limit. The sessions stay empty and open.' }
        : i === 819
          ? { note: 'The 820th session: 6.19–7.1 would fail here with ENOMEM.' }
          : {}),
    });
  }
  out.push(...endStage1());
  out.push(...detectStage2(STATE_SESSION), ...restoreAndReadStage(STATE_TOKEN));
  for (let i = 0; i < NUM_SESSIONS; i++) {
    out.push({
      op: 'retrieve_session',
      device: 'luo',
      name: `many-test-${i}`,
      as: `r${i}`,
      expect: 'ok',
      ...(i === 0 ? { note: 'Stage 2 holds only one session fd at a time: retrieve, finish, close.' } : {}),
    });
    out.push(...finishAndClose(`r${i}`));
  }
  out.push(...finishAndClose('state', 'The state session is always finished last.'));
  return out;
}

/** luo_stress_sessions.c */
export const stressSessions: Scenario = kexecTest({
  title: '2000 sessions across a kexec (selftest luo_stress_sessions)',
  description:
    'Stage 1 creates 2000 empty sessions ("many-test-0" … "many-test-1999"); after the kexec each one is retrieved, finished and closed.',
  steps: steps(),
});

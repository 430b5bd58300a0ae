import type { Scenario, Step } from '../../types';
import { openDevice, singleBoot } from './helpers';

const MANY_SESSIONS = 2000;

function steps(): Step[] {
  const out: Step[] = [openDevice()];
  for (let i = 0; i < MANY_SESSIONS; i++) {
    out.push({
      op: 'create_session',
      device: 'luo',
      name: `many-session-${i}`,
      as: `s${i}`,
      expect: 'ok',
      ...(i === 0
        ? {
            note: 'The kernel test first raises RLIMIT_NOFILE to 2000 + 32 (EPERM would SKIP the case); the agent has no fd limit. All 2000 sessions stay open at once.',
          }
        : i === 819
          ? { note: 'The 820th session: 6.19–7.1 would fail here with ENOMEM (819-session limit); linked blocks have no fixed limit.' }
          : {}),
    });
  }
  for (let i = 0; i < MANY_SESSIONS; i++) out.push({ op: 'close', fd: `s${i}`, expect: 'ok' });
  return out;
}

/** liveupdate.c: preserve_many_sessions */
export const preserveManySessions: Scenario = singleBoot({
  title: '2000 sessions at once (selftest preserve_many_sessions)',
  description:
    'Creates 2000 sessions ("many-session-0" … "many-session-1999"), all open at once, then closes them: session metadata grows in linked blocks with no fixed limit.',
  steps: steps(),
});

import type { Scenario, Step } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** LUO_SESSION_MAX on 4 KiB pages: (16 pages - 8-byte header) / 80-byte entry. */
const LUO_SESSION_MAX = 819;

function steps(): Step[] {
  const out: Step[] = [openDevice()];
  for (let i = 0; i < LUO_SESSION_MAX; i++) {
    out.push({ op: 'create_session', device: 'luo', name: `many-session-${i}`, as: `s${i}`, expect: 'ok' });
  }
  out.push({
    op: 'create_session',
    device: 'luo',
    name: `many-session-${LUO_SESSION_MAX}`,
    as: `s${LUO_SESSION_MAX}`,
    expect: 'ENOMEM',
    note: 'The 820th outgoing session: the outgoing count equals LUO_SESSION_MAX (819), and the kernel answers ENOMEM (sic, not ENOSPC).',
  });
  return out;
}

/** liveupdate.c: preserve_many_sessions, on 7.1 (fixed session limit) */
export const limitSessions71: Scenario = singleBoot(
  {
    title: 'At most 819 sessions on 7.1 (selftest preserve_many_sessions before linked blocks)',
    description:
      'Before the linked-block series, session metadata lives in a fixed 16-page array: 819 sessions fit, the 820th CREATE_SESSION fails with ENOMEM. The kernel test (2000 sessions) fails here.',
    steps: steps(),
  },
  '7.1',
);

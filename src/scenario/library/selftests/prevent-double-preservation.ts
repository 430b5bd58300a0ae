import type { ProfileId, Scenario, Step } from '../../types';
import { openDevice, singleBoot } from './helpers';

/**
 * liveupdate.c: prevent_double_preservation, on a given profile. From 7.1 a file may be in at
 * most one session (EBUSY, checked on the file id: the inode for a memfd); 7.0 and 6.19 have
 * no such check, so both second preserves succeed there.
 */
export function preventDoublePreservationOn(profile: ProfileId): Scenario {
  const busy = profile === '7.1' || profile === 'latest';
  const second = (session: string, token: number, busyNote: string, okNote: string): Step => ({
    op: 'preserve_fd',
    session,
    fd: 'm',
    token,
    expect: busy ? 'EBUSY' : 'ok',
    note: busy ? busyNote : okNote,
  });
  const suffix = profile === 'latest' ? '' : `, ${profile}`;
  return singleBoot(
    {
      title: busy
        ? `A file is preserved only once (selftest prevent_double_preservation${suffix})`
        : `Double preservation is not caught on ${profile} (selftest prevent_double_preservation)`,
      description: busy
        ? 'The same memfd cannot be preserved a second time, neither in another session nor in the same session under another token: EBUSY.'
        : `Before 7.1 nothing stops a memfd from being preserved twice, in another session or in the same session under another token. The kernel test (added with 7.1) fails on ${profile}.`,
      steps: [
        openDevice(),
        { op: 'create_session', device: 'luo', name: 'double-preserve-session-1', as: 's1', expect: 'ok' },
        { op: 'create_session', device: 'luo', name: 'double-preserve-session-2', as: 's2', expect: 'ok' },
        { op: 'create_file', kind: 'memfd', as: 'm', expect: 'ok', note: 'memfd_create("test-memfd"); nothing is written.' },
        { op: 'preserve_fd', session: 's1', fd: 'm', token: 0x1111, expect: 'ok', note: 'The first preservation succeeds.' },
        second(
          's2',
          0x2222,
          'Already preserved in another session: the memfd\'s id (its inode) is in the global xarray of preserved files.',
          `${profile} has no double-preservation check: the memfd is now preserved in two sessions.`,
        ),
        second(
          's1',
          0x3333,
          'Same session, new token: the token check passes; the file check gives EBUSY.',
          `${profile} has no double-preservation check: the memfd is preserved a second time in the same session, under a new token.`,
        ),
        { op: 'close', fd: 'm', expect: 'ok' },
        { op: 'close', fd: 's1', expect: 'ok' },
        { op: 'close', fd: 's2', expect: 'ok' },
      ],
    },
    profile,
  );
}

/** liveupdate.c: prevent_double_preservation (latest) */
export const preventDoublePreservation: Scenario = preventDoublePreservationOn('latest');

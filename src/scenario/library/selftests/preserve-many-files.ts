import type { Scenario, Step } from '../../types';
import { openDevice, singleBoot } from './helpers';

const MANY_FILES = 500;

function steps(): Step[] {
  const out: Step[] = [
    openDevice(),
    {
      op: 'create_session',
      device: 'luo',
      name: 'many-files-test',
      as: 's',
      expect: 'ok',
      note: 'The kernel test then raises RLIMIT_NOFILE to 510 + 32 (EPERM would SKIP the case); the agent has no fd limit.',
    },
  ];
  for (let i = 0; i < MANY_FILES; i++) {
    out.push({ op: 'create_file', kind: 'memfd', as: `m${i}`, expect: 'ok' });
    out.push({
      op: 'preserve_fd',
      session: 's',
      fd: `m${i}`,
      token: i,
      expect: 'ok',
      ...(i === 128
        ? { note: 'The 129th file: 6.19–7.1 would fail here with ENOSPC (128 files per session); linked blocks have no fixed limit.' }
        : {}),
    });
  }
  for (let i = 0; i < MANY_FILES; i++) out.push({ op: 'close', fd: `m${i}`, expect: 'ok' });
  out.push({ op: 'close', fd: 's', expect: 'ok', note: 'Closing the session unpreserves all 500 files.' });
  return out;
}

/** liveupdate.c: preserve_many_files */
export const preserveManyFiles: Scenario = singleBoot({
  title: '500 memfds in one session (selftest preserve_many_files)',
  description:
    'Preserves 500 memfds (tokens 0…499) in one session, all kept open, then closes them and the session: file metadata grows in linked blocks with no fixed limit.',
  steps: steps(),
});

import type { Scenario, Step } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** LUO_FILE_MAX: 2 pages of 64-byte entries. */
const LUO_FILE_MAX = 128;

function steps(): Step[] {
  const out: Step[] = [openDevice(), { op: 'create_session', device: 'luo', name: 'many-files-test', as: 's', expect: 'ok' }];
  for (let i = 0; i <= LUO_FILE_MAX; i++) {
    out.push({ op: 'create_file', kind: 'memfd', as: `m${i}`, expect: 'ok' });
    out.push(
      i < LUO_FILE_MAX
        ? { op: 'preserve_fd', session: 's', fd: `m${i}`, token: i, expect: 'ok' }
        : {
            op: 'preserve_fd',
            session: 's',
            fd: `m${i}`,
            token: i,
            expect: 'ENOSPC',
            note: 'The 129th file: the session already holds LUO_FILE_MAX (128) files. The count is checked right after the token, before the fd is even looked up.',
          },
    );
  }
  return out;
}

/** liveupdate.c: preserve_many_files, on 7.1 (fixed file limit) */
export const limitFiles71: Scenario = singleBoot(
  {
    title: 'At most 128 files per session on 7.1 (selftest preserve_many_files before linked blocks)',
    description:
      'Before the linked-block series, a session\'s file metadata lives in a fixed 2-page buffer: 128 memfds can be preserved, the 129th PRESERVE_FD fails with ENOSPC. The kernel test (500 files) fails here.',
    steps: steps(),
  },
  '7.1',
);

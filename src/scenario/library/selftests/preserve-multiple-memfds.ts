import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: preserve_multiple_memfds */
export const preserveMultipleMemfds: Scenario = singleBoot({
  title: 'Two memfds in one session (selftest preserve_multiple_memfds)',
  description: 'Two memfds preserved in one session under distinct tokens keep their own contents.',
  steps: [
    openDevice(),
    { op: 'create_session', device: 'luo', name: 'preserve-multi-memfd-test', as: 's', expect: 'ok' },
    {
      op: 'create_file',
      kind: 'memfd',
      as: 'm1',
      data: 'data for memfd one',
      expect: 'ok',
      note: 'memfd_create("test-memfd-1") and write().',
    },
    {
      op: 'create_file',
      kind: 'memfd',
      as: 'm2',
      data: 'data for memfd two',
      expect: 'ok',
      note: 'memfd_create("test-memfd-2") and write(); the kernel test creates both memfds before writing either.',
    },
    { op: 'preserve_fd', session: 's', fd: 'm1', token: 0xaaaa, expect: 'ok' },
    { op: 'preserve_fd', session: 's', fd: 'm2', token: 0xbbbb, expect: 'ok' },
    { op: 'read', fd: 'm1', data: 'data for memfd one', expect: 'ok', note: 'lseek(0) then read().' },
    { op: 'read', fd: 'm2', data: 'data for memfd two', expect: 'ok', note: 'lseek(0) then read().' },
    { op: 'close', fd: 'm1', expect: 'ok' },
    { op: 'close', fd: 'm2', expect: 'ok' },
    {
      op: 'close',
      fd: 's',
      expect: 'ok',
      note: 'The session still holds both files (LUO has its own references); closing it unpreserves them.',
    },
  ],
});

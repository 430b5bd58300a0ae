import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: preserve_memfd */
export const preserveMemfd: Scenario = singleBoot({
  title: 'Preserve a memfd, then close the session (selftest preserve_memfd)',
  description:
    'A memfd is preserved in a session; closing the session unpreserves it, and the memfd still holds its data.',
  steps: [
    openDevice(),
    { op: 'create_session', device: 'luo', name: 'preserve-memfd-test', as: 's', expect: 'ok' },
    {
      op: 'create_file',
      kind: 'memfd',
      as: 'm',
      data: 'hello liveupdate',
      expect: 'ok',
      note: 'memfd_create("test-memfd") and write() of the 16 bytes "hello liveupdate".',
    },
    { op: 'preserve_fd', session: 's', fd: 'm', token: 0x1234, expect: 'ok' },
    {
      op: 'close',
      fd: 's',
      expect: 'ok',
      note: 'Closing an outgoing session unpreserves its files: the memfd handler\'s unpreserve runs.',
    },
    {
      op: 'read',
      fd: 'm',
      data: 'hello liveupdate',
      expect: 'ok',
      note: 'lseek(0) then read(): the data is unaffected by preserve and unpreserve.',
    },
    { op: 'close', fd: 'm', expect: 'ok' },
  ],
});

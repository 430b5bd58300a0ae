import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: preserve_unsupported_fd */
export const preserveUnsupportedFd: Scenario = singleBoot({
  title: 'No handler accepts /dev/null (selftest preserve_unsupported_fd)',
  description: 'PRESERVE_FD of a character device fails with ENOENT: no registered handler\'s can_preserve accepts it.',
  steps: [
    openDevice(),
    { op: 'create_session', device: 'luo', name: 'unsupported-fd-test', as: 's', expect: 'ok' },
    { op: 'create_file', kind: 'devnull', as: 'null', expect: 'ok', note: 'open("/dev/null", O_RDWR).' },
    {
      op: 'preserve_fd',
      session: 's',
      fd: 'null',
      token: 0xdead,
      expect: 'ENOENT',
      note: 'The memfd handler\'s can_preserve refuses a character device and there is no other handler.',
    },
    { op: 'close', fd: 'null', expect: 'ok' },
    { op: 'close', fd: 's', expect: 'ok' },
  ],
});

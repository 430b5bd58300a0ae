import { lessonScenario, type Lesson } from './lesson';

const title = 'A failed RETRIEVE_FD is remembered (7.1+)';

export const retrieveErrorRemembered: Lesson = {
  id: 'retrieve-error-remembered',
  title,
  summary:
    'On 7.1 a handler retrieve() that fails is remembered: the second RETRIEVE_FD of the token returns the same errno without calling retrieve() again.',
  teaches:
    'Since 7.1 luo_retrieve_file() keeps an int retrieve_status per file: 0 not tried, >0 retrieved, <0 the error of a failed retrieve(). ' +
    'A later RETRIEVE_FD of that token returns the stored error at once, without calling the handler: the handler is never asked twice to restore the same preserved data. ' +
    'FINISH still calls finish() for it, with the error in args.retrieve_status, so the handler can free what was preserved. 6.19 (and 7.0) only had a bool "retrieved": there the second RETRIEVE_FD calls retrieve() again — see retrieve-error-retried-6.19.',
  tags: ['retrieve', 'retrieve_status', 'failure', 'inject', 'memfd', 'ENOMEM', '7.1', 'version', 'kexec'],
  scenario: lessonScenario({
    title,
    description: 'A memfd crosses a 7.1 → 7.1 kexec; its first retrieve() fails with ENOMEM (injected), and the error sticks.',
    kernel: { profile: '7.1' },
    modules: ['memfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'vm1 state', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'm', token: 1, expect: 'ok' },
      { op: 'kexec', expect: 'ok' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      {
        op: 'inject',
        target: 'memfd-v1',
        callback: 'retrieve',
        errno: 'ENOMEM',
        expect: 'ok',
        note: 'Arm a fault: the next memfd retrieve() fails with ENOMEM.',
      },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'm', expect: 'ENOMEM', note: 'retrieve() fails; retrieve_status = -ENOMEM.' },
      {
        op: 'retrieve_fd',
        session: 's1',
        token: 1,
        as: 'm',
        expect: 'ENOMEM',
        note: 'The stored error again, and no retrieve() callback this time.',
      },
      {
        op: 'finish',
        session: 's1',
        expect: 'ok',
        note: 'finish() still runs for the file (it sees the failed retrieve_status) and frees the preserved pages.',
      },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'm', expect: 'ENOENT', note: 'After FINISH the token is gone.' },
      { op: 'close', fd: 's1', expect: 'ok' },
    ],
  }),
};

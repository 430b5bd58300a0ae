import { lessonScenario, type Lesson } from './lesson';

const title = 'A failed RETRIEVE_FD can be retried (6.19)';

export const retrieveErrorRetried619: Lesson = {
  id: 'retrieve-error-retried-6.19',
  title,
  summary:
    'On 6.19 a handler retrieve() that fails is not remembered: the second RETRIEVE_FD calls retrieve() again, and this time it succeeds.',
  teaches:
    'In 6.19 luo_retrieve_file() only tracked a bool "retrieved": a failed retrieve() left it false, so the next RETRIEVE_FD of the token simply calls the handler again. ' +
    'That allows a retry after a transient failure; the handler must then cope with being asked again after a failed attempt. ' +
    '7.1 replaced the bool by retrieve_status and returns the stored error instead — see retrieve-error-remembered.',
  tags: ['retrieve', 'retrieve_status', 'failure', 'inject', 'memfd', 'ENOMEM', '6.19', 'version', 'kexec'],
  scenario: lessonScenario({
    title,
    description: 'A memfd crosses a 6.19 → 6.19 kexec; its first retrieve() fails with ENOMEM (injected), the second succeeds.',
    kernel: { profile: '6.19' },
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
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'm', expect: 'ENOMEM', note: 'retrieve() fails; "retrieved" stays false.' },
      {
        op: 'retrieve_fd',
        session: 's1',
        token: 1,
        as: 'm',
        expect: 'ok',
        note: '6.19 calls retrieve() again; the fault fired once, so this time it works.',
      },
      { op: 'read', fd: 'm', data: 'vm1 state', expect: 'ok' },
      { op: 'finish', session: 's1', expect: 'ok' },
      { op: 'close', fd: 's1', expect: 'ok' },
    ],
  }),
};

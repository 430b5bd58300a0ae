import { lessonScenario, type Lesson } from './lesson';

const title = 'Closing a session before the kexec unpreserves its files';

export const sessionClosedBeforeKexec: Lesson = {
  id: 'session-closed-before-kexec',
  title,
  summary:
    'A session whose fd is closed before the reboot loses its files at once (unpreserve), is not handed over, and RETRIEVE_SESSION gives ENOENT in the next kernel.',
  teaches:
    'Closing an outgoing session fd runs luo_session_release(), which calls luo_file_unpreserve_files(): every file gets its handler unpreserve() (memfd: shmem unfreeze, so the file may grow again) and the session is freed. ' +
    'luo_session_serialize() only walks sessions that still exist at reboot, so a session is handed over only if its fd is open then — which is why the kernel selftests keep their session fds in a daemonized child. ' +
    'The memfd itself is the process\'s file and keeps its content; only its preservation is gone. After the kexec, luo_session_retrieve() finds no such name in the incoming list: ENOENT.',
  tags: ['session', 'close', 'unpreserve', 'kexec', 'memfd', 'ENOENT', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'Two sessions each preserve a memfd. "cache" is closed before the kexec, "keep" stays open. Only "keep" and its memfd reach the next kernel.',
    modules: ['memfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'cache', as: 'cache', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'keep', as: 'keep', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm1', data: 'warm cache', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm2', data: 'keep me', expect: 'ok' },
      { op: 'preserve_fd', session: 'cache', fd: 'm1', token: 1, expect: 'ok' },
      { op: 'preserve_fd', session: 'keep', fd: 'm2', token: 1, expect: 'ok' },
      {
        op: 'write',
        fd: 'm1',
        data: 'warm cache, grown',
        expect: 'EPERM',
        note: 'While preserved, the memfd is frozen by memfd preserve() (shmem_freeze): it cannot grow.',
      },
      {
        op: 'close',
        fd: 'cache',
        expect: 'ok',
        note: 'luo_session_release() on an outgoing session: memfd unpreserve() runs and the session is freed. Nothing of it will be handed over.',
      },
      { op: 'read', fd: 'm1', data: 'warm cache', expect: 'ok', note: 'The memfd is still the process\'s file, content intact.' },
      { op: 'write', fd: 'm1', data: 'warm cache, grown', expect: 'ok', note: 'Unpreserved means unfrozen: it may grow again.' },
      {
        op: 'kexec',
        expect: 'ok',
        note: 'Only "keep" is still open: the handover holds one session with one file.',
      },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      {
        op: 'retrieve_session',
        device: 'luo',
        name: 'cache',
        as: 'cache',
        expect: 'ENOENT',
        note: 'No incoming session named "cache".',
      },
      { op: 'retrieve_session', device: 'luo', name: 'keep', as: 'keep', expect: 'ok' },
      { op: 'retrieve_fd', session: 'keep', token: 1, as: 'm2', expect: 'ok' },
      { op: 'read', fd: 'm2', data: 'keep me', expect: 'ok' },
      { op: 'finish', session: 'keep', expect: 'ok' },
      { op: 'close', fd: 'keep', expect: 'ok' },
    ],
  }),
};

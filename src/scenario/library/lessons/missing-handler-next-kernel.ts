import { lessonScenario, type Lesson } from './lesson';

const title = 'The next kernel lacks the handler: open gives EIO, for good';

export const missingHandlerNextKernel: Lesson = {
  id: 'missing-handler-next-kernel',
  title,
  summary:
    'A memfd is handed over to a kernel without the memfd handler: the first open of /dev/liveupdate gives EIO, and so does every later open, even after the module is loaded.',
  teaches:
    'The first luo_open() calls luo_session_deserialize(), which looks up each incoming file\'s handler by an exact strcmp of its compatible; a missing handler is -ENOENT inside, and open() returns EIO. ' +
    'The result is cached: deserialization is never retried, so every later open fails with EIO too, and the sessions already rebuilt are leaked on purpose. ' +
    'Every handler named in the incoming data must therefore be registered before userspace first opens the device — a module that loads later does not help.',
  tags: ['handler', 'deserialize', 'EIO', 'modules', 'compatible', 'kexec', 'memfd', 'failure', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'vm1 preserves a memfd; the next kernel boots without the memfd module. Loading it late does not make the device usable.',
    modules: ['memfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'vm1 state', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'm', token: 1, expect: 'ok' },
      { op: 'kexec', modules: [], expect: 'ok', note: 'The next kernel registers no file handler at boot.' },
      {
        op: 'open_device',
        as: 'luo',
        expect: 'EIO',
        note: 'luo_session_deserialize(): no handler has compatible "memfd-v1" → deserialization fails → EIO.',
      },
      { op: 'open_device', as: 'luo', expect: 'EIO', note: 'The failure is cached: no retry.' },
      { op: 'register_module', module: 'memfd', expect: 'ok', note: 'The memfd handler registers now, too late.' },
      {
        op: 'open_device',
        as: 'luo',
        expect: 'EIO',
        note: 'Still EIO: deserialization ran once, at the first open, and is never retried. Live update is unusable until the next reboot.',
      },
    ],
  }),
};

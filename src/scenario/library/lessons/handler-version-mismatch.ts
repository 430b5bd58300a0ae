import { lessonScenario, type Lesson } from './lesson';

const title = 'The next kernel has memfd-v2, not memfd-v1: open gives EIO';

export const handlerVersionMismatch: Lesson = {
  id: 'handler-version-mismatch',
  title,
  summary:
    'A memfd preserved by memfd-v1 is handed over to a kernel whose memfd module registers memfd-v2: no handler matches, so opening /dev/liveupdate gives EIO every time.',
  teaches:
    'Each preserved file is serialized with its handler\'s compatible string, and luo_session_deserialize() in the next kernel finds the handler by an exact strcmp: "memfd-v1" does not match a handler registered as "memfd-v2". ' +
    'That is -ENOENT during the first luo_open(), returned as EIO, and cached for every later open. ' +
    'A compatible string is an ABI version: a kernel that changes the serialized layout must change it, and must also keep accepting the old one if it wants to receive live updates from older kernels.',
  tags: ['handler', 'compatible', 'deserialize', 'EIO', 'memfd', 'version', 'kexec', 'failure', 'latest'],
  scenario: lessonScenario({
    title,
    description: 'vm1 preserves a memfd under memfd-v1; the next kernel boots memfd@v2.',
    modules: ['memfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'vm1 state', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'm', token: 1, expect: 'ok', note: 'The file entry records compatible "memfd-v1".' },
      { op: 'kexec', modules: ['memfd@v2'], expect: 'ok', note: 'The next kernel\'s memfd handler is "memfd-v2".' },
      {
        op: 'open_device',
        as: 'luo',
        expect: 'EIO',
        note: 'No registered handler has compatible "memfd-v1": deserialization fails → EIO.',
      },
      { op: 'open_device', as: 'luo', expect: 'EIO', note: 'Cached: every later open fails the same way.' },
    ],
  }),
};

import { lessonScenario, type Lesson } from './lesson';

const title = 'One memfd across two kexecs in a row';

export const twoKexecsInARow: Lesson = {
  id: 'two-kexecs-in-a-row',
  title,
  summary:
    'A memfd retrieved after a first kexec is finished, preserved again in a new outgoing session and carried across a second kexec; its data survives both and the live-update number goes 1, then 2.',
  teaches:
    'Each kernel writes liveupdate-number = incoming number + 1 (luo_late_startup()), so the generations count the live updates: 1 after the first kexec, 2 after the second. ' +
    'A retrieved file stays under LUO\'s management until SESSION_FINISH: on 7.1+ its id sits in the global luo_preserved_files xarray, so preserving it into a new outgoing session before FINISH gives EBUSY; after FINISH it is an ordinary memfd again. ' +
    'Incoming and outgoing sessions are separate lists, so the new outgoing session may reuse the incoming session\'s name.',
  tags: ['kexec', 'two-kexecs', 'memfd', 'finish', 'EBUSY', 'liveupdate-number', 'data', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'Generation 0 preserves a memfd in vm1. Generation 1 retrieves it, finishes, writes to it and preserves it again in a new vm1. Generation 2 reads what both earlier kernels wrote.',
    modules: ['memfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'hello kexec world', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'm', token: 1, expect: 'ok' },
      { op: 'kexec', expect: 'ok', note: 'First live update: the next kernel boots with liveupdate number 1.' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'm', expect: 'ok' },
      { op: 'read', fd: 'm', data: 'hello kexec world', expect: 'ok', note: 'The content survived the first kexec.' },
      {
        op: 'create_session',
        device: 'luo',
        name: 'vm1',
        as: 'next',
        expect: 'ok',
        note: 'A new outgoing session for the next update; the incoming vm1 does not block the name.',
      },
      {
        op: 'preserve_fd',
        session: 'next',
        fd: 'm',
        token: 1,
        expect: 'EBUSY',
        note: 'Not yet: a retrieved file is still LUO\'s until FINISH (its id is in luo_preserved_files).',
      },
      { op: 'finish', session: 's1', expect: 'ok', note: 'FINISH hands the memfd over to userspace for good.' },
      { op: 'close', fd: 's1', expect: 'ok' },
      { op: 'write', fd: 'm', data: 'HELLO', expect: 'ok', note: 'Generation 1 updates the content (same size).' },
      { op: 'preserve_fd', session: 'next', fd: 'm', token: 1, expect: 'ok', note: 'Now it can be preserved again.' },
      { op: 'kexec', expect: 'ok', note: 'Second live update: liveupdate number 2.' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'm', expect: 'ok' },
      {
        op: 'read',
        fd: 'm',
        data: 'HELLO kexec world',
        expect: 'ok',
        note: 'What generation 0 wrote and generation 1 changed, after two kexecs.',
      },
      { op: 'finish', session: 's1', expect: 'ok' },
      { op: 'close', fd: 's1', expect: 'ok' },
    ],
  }),
};

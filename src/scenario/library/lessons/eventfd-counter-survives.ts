import { lessonScenario, type Lesson } from './lesson';

const title = 'eventfd: the counter survives a kexec (after luo_test_eventfd.c)';

export const eventfdCounterSurvives: Lesson = {
  id: 'eventfd-counter-survives',
  title,
  summary:
    'An eventfd preserved with count 5 is signalled once more before the kexec; freeze() records the current count and the retrieved eventfd reads 8 (the eventfd series, Jun 2026; the flow of its selftest luo_test_eventfd.c).',
  teaches:
    'The eventfd series registers handler eventfd-v1: eventfd_luo_preserve() snapshots {count, flags} in struct eventfd_luo_ser, eventfd_luo_freeze() refreshes the count at reboot (a signal between preserve and kexec is not lost), and eventfd_luo_retrieve() creates a new eventfd with that count. ' +
    'Reading an eventfd returns the counter and resets it, so a second read of a non-blocking eventfd is EAGAIN. ' +
    'The series is not merged; the selftest\'s own source was not available to us, so the steps follow its described flow, not its code.',
  tags: ['eventfd', 'series', 'freeze', 'kexec', 'selftest', '7.3'],
  scenario: lessonScenario({
    title,
    description: 'eventfd(5, EFD_NONBLOCK) preserved in vm1, written once more (+3), carried across a kexec and read back.',
    kernel: { profile: '7.3' },
    modules: ['memfd', 'eventfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'eventfd', as: 'efd', data: '5', expect: 'ok', note: 'The data of an eventfd is its counter.' },
      { op: 'preserve_fd', session: 's1', fd: 'efd', token: 1, expect: 'ok', note: 'preserve() stores count 5 in eventfd_luo_ser.' },
      { op: 'write', fd: 'efd', data: '3', expect: 'ok', note: 'A signal after preserve: the counter is now 8.' },
      { op: 'kexec', expect: 'ok', note: 'freeze() refreshes ser->count to 8 before the image is written.' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'efd', expect: 'ok', note: 'retrieve() creates a new eventfd with count 8.' },
      { op: 'read', fd: 'efd', data: '8', expect: 'ok' },
      { op: 'read', fd: 'efd', expect: 'EAGAIN', note: 'The read reset the counter to 0.' },
      { op: 'finish', session: 's1', expect: 'ok' },
    ],
  }),
};

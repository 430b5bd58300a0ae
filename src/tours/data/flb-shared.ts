// Tour (c): an FLB is one shared object for many files, across sessions and handlers.
import { lessonScenario } from '../../scenario/library/lessons/lesson';
import type { Tour } from '../types';

export const FLB_SHARED: Tour = {
  id: 'flb-shared',
  title: 'FLBs: one shared object for many files',
  summary:
    'The hugetlb-v1 FLB is shared by hugetlb memfds and guest_memfds in two sessions. Watch its count go up and down, and predict when its preserve() and unpreserve() run.',
  start: 'main',
  scenarios: {
    main: lessonScenario({
      title: 'Tour: one FLB shared by many files',
      description:
        'vm1 preserves a hugetlb memfd and a plain memfd, vm2 a guest_memfd and a hugetlb memfd; the hugetlb and guest_memfd handlers both depend on the FLB hugetlb-v1. Both sessions are closed, then vm3 preserves a guest_memfd and the kernel kexecs.',
      modules: ['memfd', 'hugetlb', 'guest-memfd'],
      steps: [
        { op: 'open_device', as: 'luo', expect: 'ok' },
        { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
        { op: 'create_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ok' },
        { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram1', data: 'vm1 guest RAM', expect: 'ok' },
        { op: 'create_file', kind: 'memfd', as: 'cfg1', data: 'vm1 config', expect: 'ok' },
        { op: 'create_file', kind: 'guest-memfd', as: 'priv2', data: 'vm2 private memory', expect: 'ok' },
        { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram2', data: 'vm2 guest RAM', expect: 'ok' },
        { op: 'preserve_fd', session: 's1', fd: 'ram1', token: 1, expect: 'ok', note: 'First user of hugetlb-v1: its preserve() runs, count 0 → 1.' },
        { op: 'preserve_fd', session: 's1', fd: 'cfg1', token: 2, expect: 'ok', note: 'memfd-v1 has no FLB: count stays 1.' },
        { op: 'preserve_fd', session: 's2', fd: 'priv2', token: 1, expect: 'ok', note: 'Another handler, another session: count 1 → 2.' },
        { op: 'preserve_fd', session: 's2', fd: 'ram2', token: 2, expect: 'ok', note: 'count 2 → 3.' },
        { op: 'close', fd: 's1', expect: 'ok', note: 'vm1’s files are unpreserved: count 3 → 2.' },
        { op: 'close', fd: 's2', expect: 'ok', note: 'The last users go: 2 → 1 → 0, and unpreserve() runs.' },
        { op: 'create_session', device: 'luo', name: 'vm3', as: 's3', expect: 'ok' },
        { op: 'create_file', kind: 'guest-memfd', as: 'priv3', data: 'vm3 private memory', expect: 'ok' },
        { op: 'preserve_fd', session: 's3', fd: 'priv3', token: 1, expect: 'ok', note: 'A first user again: preserve() runs again, count 0 → 1.' },
        { op: 'kexec', expect: 'ok', note: 'hugetlb-v1 is written with count 1. No FLB callback runs.' },
      ],
    }),
  },
  stops: [
    {
      title: 'One object, many files',
      text: 'Some state belongs to no single file: the pool of huge pages behind every hugetlb memfd, say. A File-Lifecycle-Bound object (FLB) is such shared state. A handler links to its FLBs when it registers: here the hugetlb handler links to hugetlb-v1 …',
      waitFor: { type: 'flb_register', compatible: 'hugetlb-v1', handler: 'hugetlb-memfd-v1' },
      kernel: 'liveupdate_register_flb()',
    },
    {
      title: '… and so does guest_memfd',
      text: 'The guest_memfd handler links to the same FLB: one FLB, two handlers. The FLB now has two users (linked handlers), but nothing is preserved yet: its outgoing count, the number of preserved files that depend on it, is 0.',
      waitFor: { type: 'flb_register', compatible: 'hugetlb-v1', handler: 'guest-memfd-v1' },
      kernel: 'liveupdate_register_flb()',
    },
    {
      title: 'The first file brings the FLB along',
      text: 'vm1 preserves a hugetlb memfd. Its handler depends on hugetlb-v1, whose count is 0: so the FLB’s preserve() runs first, then the count becomes 1, then the handler’s own preserve() runs.',
      waitFor: { type: 'callback', owner: 'flb', compatible: 'hugetlb-v1', callback: 'preserve' },
      predict: {
        question: 'vm1 preserves the first hugetlb memfd. Does the FLB hugetlb-v1 preserve() run?',
        choices: ['yes, before the handler’s preserve()', 'yes, after the handler’s preserve()', 'no, FLBs are preserved at reboot'],
        answer: 0,
        why: 'luo_flb_file_preserve() runs for each FLB of the handler before the handler preserve(); an FLB whose count is 0 gets its preserve() and count 1.',
      },
      kernel: 'luo_preserve_file() → luo_flb_file_preserve() → FLB ->preserve()',
    },
    {
      title: 'Another handler, another session, the same count',
      text: 'A plain memfd in vm1 changed nothing: memfd-v1 has no FLB. Now vm2 preserves a guest_memfd. Its handler links to hugetlb-v1 too, and the count is global: it counts dependent files of every linked handler in every session. 1 → 2, and no FLB callback.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'outgoing', count: 2 },
      predict: {
        question: 'vm2 (another session) preserves a guest_memfd (another handler). What happens to hugetlb-v1?',
        choices: ['its count goes 1 → 2, no callback', 'its preserve() runs again for vm2', 'nothing: the count is per handler'],
        answer: 0,
        why: 'One FLB object exists per kernel, whatever the session or handler; only the 0 → 1 step runs preserve().',
      },
      kernel: 'luo_flb_file_preserve()',
    },
    {
      title: 'Three dependent files',
      text: 'A hugetlb memfd in vm2 makes three dependent files in two sessions and two handlers: count 3.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'outgoing', count: 3 },
    },
    {
      title: 'Closing vm1 takes one file away',
      text: 'Closing vm1’s fd unpreserves its files, last to first: the plain memfd (no FLB), then the hugetlb memfd, whose handler unpreserve() is followed by the FLB count going 3 → 2. Others still use the FLB: it stays preserved.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'outgoing', count: 2 },
      predict: {
        question: 'vm1 held the file that first preserved hugetlb-v1. Does the FLB unpreserve() run when vm1 is closed?',
        choices: ['no: the count goes 3 → 2', 'yes: its first user is gone', 'yes, and vm2 preserves it again'],
        answer: 0,
        why: 'Which file came first does not matter. luo_flb_file_unpreserve() decrements the count and runs unpreserve() only when it reaches 0.',
      },
      kernel: 'luo_session_release() → luo_file_unpreserve_files() → luo_flb_file_unpreserve()',
    },
    {
      title: 'The last file takes the FLB with it',
      text: 'Closing vm2 unpreserves its hugetlb memfd (2 → 1) and then its guest_memfd (1 → 0). At 0 the FLB’s unpreserve() runs: the shared object is released with the last dependent file.',
      waitFor: { type: 'callback', owner: 'flb', compatible: 'hugetlb-v1', callback: 'unpreserve' },
      predict: {
        question: 'vm2 is closed; its files go last to first. With which file does the FLB unpreserve() run?',
        choices: ['the guest_memfd (token 1): it goes last', 'the hugetlb memfd (token 2): it goes first', 'neither: the FLB stays until reboot'],
        answer: 0,
        why: 'The hugetlb memfd, preserved last, is unpreserved first: 2 → 1. The guest_memfd then takes the count to 0, so unpreserve() runs after its handler unpreserve().',
      },
      kernel: 'luo_flb_file_unpreserve() → FLB ->unpreserve()',
    },
    {
      title: 'A new first user',
      text: 'vm3 preserves a guest_memfd. The count is 0 again, so the FLB preserve() runs again and builds a fresh object: an FLB is preserved as many times as its count leaves 0.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'outgoing', count: 1 },
      predict: {
        question: 'The FLB was unpreserved; now vm3 preserves a guest_memfd. What happens?',
        choices: ['preserve() runs again, count 0 → 1', 'the old object is reused, no callback', 'EBUSY: the FLB was already used once'],
        answer: 0,
        why: 'Nothing of the old object is left after unpreserve(); the next 0 → 1 step runs preserve() again.',
      },
      kernel: 'luo_flb_file_preserve()',
    },
    {
      title: 'Reboot: the FLB is written, not frozen',
      text: 'At reboot each file is frozen and written. Then luo_flb_serialize() writes one entry per FLB whose count is above 0: hugetlb-v1, its data handle and its count, 1. FLBs have no freeze step, and no FLB callback runs.',
      waitFor: { type: 'kexec', phase: 'flb_serialize' },
      predict: {
        question: 'Which hugetlb-v1 callback runs at reboot?',
        choices: ['none', 'freeze()', 'unpreserve()'],
        answer: 0,
        why: 'liveupdate_reboot() calls luo_flb_serialize() after the sessions are serialized; it only copies name, data and count of every FLB in use. The next kernel reads the count to know how many files will finish.',
      },
      kernel: 'liveupdate_reboot() → luo_flb_serialize()',
    },
  ],
};

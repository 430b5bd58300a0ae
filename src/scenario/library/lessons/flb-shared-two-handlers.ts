import { lessonScenario, type Lesson } from './lesson';

const title = 'One FLB shared by two handlers in two sessions';

export const flbSharedTwoHandlers: Lesson = {
  id: 'flb-shared-two-handlers',
  title,
  summary:
    'The hugetlb-v1 FLB, linked to both the hugetlb and the guest_memfd handler, is preserved with the first dependent file and unpreserved with the last, across two sessions.',
  teaches:
    'luo_flb_file_preserve() runs the FLB preserve() only when its outgoing count goes from 0 to 1, and luo_flb_file_unpreserve() runs unpreserve() only when it drops back to 0. ' +
    'The count is global: it counts the preserved files of every handler linked to the FLB (hugetlb-memfd-v1 and guest-memfd-v1 here), whatever session holds them. ' +
    'Closing a session (luo_session_release() → luo_file_unpreserve_files()) unpreserves its files last to first, handler unpreserve() first, then the FLB count in reverse link order; a memfd in the same session has no FLB and does not touch the count.',
  tags: ['flb', 'hugetlb', 'guest-memfd', 'refcount', 'unpreserve', 'close', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'vm1 preserves a hugetlb memfd (and a plain memfd), vm2 a guest_memfd; both handlers depend on the FLB hugetlb-v1. Its outgoing count goes 1 → 2 → 1 → 0 as files are preserved and the sessions closed.',
    modules: ['memfd', 'hugetlb', 'guest-memfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ok' },
      { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram1', data: 'vm1 guest RAM', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'cfg1', data: 'vm1 config', expect: 'ok' },
      { op: 'create_file', kind: 'guest-memfd', as: 'ram2', data: 'vm2 private memory', expect: 'ok' },
      {
        op: 'preserve_fd',
        session: 's1',
        fd: 'ram1',
        token: 1,
        expect: 'ok',
        note: 'First file of a handler linked to hugetlb-v1: the FLB preserve() runs before the handler preserve(); count 0 → 1.',
      },
      { op: 'preserve_fd', session: 's1', fd: 'cfg1', token: 2, expect: 'ok', note: 'memfd-v1 has no FLB: the count stays 1.' },
      {
        op: 'preserve_fd',
        session: 's2',
        fd: 'ram2',
        token: 1,
        expect: 'ok',
        note: 'Another handler, another session, the same FLB: no FLB callback, the count goes 1 → 2.',
      },
      {
        op: 'close',
        fd: 's1',
        expect: 'ok',
        note: 'Closing vm1 unpreserves its files last to first: memfd, then the hugetlb memfd; hugetlb-v1 goes 2 → 1 and stays preserved for vm2.',
      },
      {
        op: 'close',
        fd: 's2',
        expect: 'ok',
        note: 'The last dependent file goes: count 1 → 0, and only now the FLB unpreserve() runs.',
      },
      {
        op: 'kexec',
        expect: 'ok',
        note: 'No session is open: the handover carries no session and no FLB entry.',
      },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      {
        op: 'flb_get_incoming',
        flb: 'hugetlb-v1',
        expect: 'ENOENT',
        note: 'A live update happened, but the FLB area has no hugetlb-v1 entry: ENOENT (not ENODATA, which means no FLB data at all).',
      },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 'in1', expect: 'ENOENT' },
    ],
  }),
};

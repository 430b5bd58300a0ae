import { lessonScenario, type Lesson } from './lesson';

const title = 'An FLB is retrieved lazily, on the first get_incoming';

export const flbLazyRetrieve: Lesson = {
  id: 'flb-lazy-retrieve',
  title,
  summary:
    'After a kexec the hugetlb-v1 FLB is not retrieved at boot nor at deserialization, but on the first liveupdate_flb_get_incoming(); its finish() runs after the last dependent file finished and the last reference was put.',
  teaches:
    'At early boot LUO only records where the FLB area is; luo_flb_retrieve_one() runs the FLB retrieve() on demand, the first time liveupdate_flb_get_incoming() is called, and later calls reuse the object. ' +
    'On the latest kernels get_incoming takes a reference that liveupdate_flb_put_incoming() must drop; luo_flb_file_finish() drops one per finished dependent file, so finish() runs once, when the serialized count plus the references reach 0. ' +
    'The incoming count is loaded only at retrieve, so an FLB owner must call get_incoming before its files are finished; otherwise the count underflows and finish() never runs.',
  tags: ['flb', 'get_incoming', 'put_incoming', 'retrieve', 'finish', 'lazy', 'refcount', 'hugetlb', 'kexec', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'Two hugetlb memfds of vm1 come across a kexec. The FLB hugetlb-v1 stays untouched through boot, device open and file retrieval, until the hugetlb subsystem first asks for it.',
    modules: ['memfd', 'hugetlb'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram0', data: 'node 0 RAM', expect: 'ok' },
      { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram1', data: 'node 1 RAM', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'ram0', token: 1, expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'ram1', token: 2, expect: 'ok' },
      { op: 'kexec', expect: 'ok', note: 'hugetlb-v1 is serialized with count 2 (two dependent files). No FLB callback runs at reboot.' },
      { op: 'open_device', as: 'luo', expect: 'ok', note: 'Deserialization rebuilds the sessions; the FLB is still not retrieved.' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'ram0', expect: 'ok', note: 'The handler retrieve() runs; still no FLB retrieve().' },
      {
        op: 'flb_get_incoming',
        flb: 'hugetlb-v1',
        expect: 'ok',
        note: 'First use: the FLB retrieve() runs now; the count is loaded (2) and this caller holds a reference (3).',
      },
      {
        op: 'flb_get_incoming',
        flb: 'hugetlb-v1',
        expect: 'ok',
        note: 'Already retrieved: no callback, just another reference (4).',
      },
      { op: 'retrieve_fd', session: 's1', token: 2, as: 'ram1', expect: 'ok' },
      { op: 'read', fd: 'ram1', data: 'node 1 RAM', expect: 'ok' },
      { op: 'flb_put_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'One reference dropped (3).' },
      {
        op: 'finish',
        session: 's1',
        expect: 'ok',
        note: 'Both files finish, last to first, each dropping one FLB reference (1). A reference is still held: no FLB finish() yet.',
      },
      { op: 'flb_put_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'The last reference: the FLB finish() runs now.' },
      { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: 'ENODATA', note: 'A finished FLB has no incoming data any more.' },
      { op: 'close', fd: 's1', expect: 'ok' },
    ],
  }),
};

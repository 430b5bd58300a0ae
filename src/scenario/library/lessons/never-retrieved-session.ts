import { lessonScenario, type Lesson } from './lesson';

const title = 'A session never retrieved is dropped at the next kexec';

export const neverRetrievedSession: Lesson = {
  id: 'never-retrieved-session',
  title,
  summary:
    'A session handed over but never retrieved is held by LUO for the whole generation and is not handed over again: at a second kexec it and its FLB data are discarded.',
  teaches:
    'luo_session_serialize() walks only the outgoing list, so incoming sessions — retrieved or not — are never carried to the next kernel; their preserved memory is held until the next live update and then discarded. ' +
    'An FLB whose dependent file is never finished never reaches incoming count 0, so its finish() never runs in that generation, and since nothing preserves it for the next one, luo_flb_serialize() writes no entry: liveupdate_flb_get_incoming() gives ENOENT after the second kexec. ' +
    'RETRIEVE_SESSION of such a session in the generation after that gives ENOENT, like a name that never existed.',
  tags: ['session', 'retrieve', 'kexec', 'two-kexecs', 'flb', 'hugetlb', 'ENOENT', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'vm1 and vm2 come across a kexec; only vm1 is retrieved and finished. vm2 (a hugetlb memfd, FLB hugetlb-v1) is left alone, and at the second kexec it is gone.',
    modules: ['memfd', 'hugetlb'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm1', data: 'vm1 state', expect: 'ok' },
      { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram2', data: 'vm2 guest RAM', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'm1', token: 1, expect: 'ok' },
      { op: 'preserve_fd', session: 's2', fd: 'ram2', token: 1, expect: 'ok' },
      { op: 'kexec', expect: 'ok', note: 'First kexec: two sessions and the hugetlb-v1 FLB are handed over.' },
      { op: 'open_device', as: 'luo', expect: 'ok', note: 'Both sessions are deserialized into the incoming list.' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'm1', expect: 'ok' },
      { op: 'read', fd: 'm1', data: 'vm1 state', expect: 'ok' },
      { op: 'finish', session: 's1', expect: 'ok' },
      { op: 'close', fd: 's1', expect: 'ok', note: 'vm1 is done and freed. vm2 is never retrieved.' },
      {
        op: 'flb_get_incoming',
        flb: 'hugetlb-v1',
        expect: 'ok',
        note: 'The hugetlb subsystem retrieves its FLB (count: 1 file + 1 reference).',
      },
      {
        op: 'flb_put_incoming',
        flb: 'hugetlb-v1',
        expect: 'ok',
        note: 'Back to 1: vm2\'s file is never finished, so the FLB finish() cannot run in this generation.',
      },
      {
        op: 'create_session',
        device: 'luo',
        name: 'vm3',
        as: 's3',
        expect: 'ok',
        note: 'Meanwhile a new outgoing session is prepared for the next update.',
      },
      { op: 'create_file', kind: 'memfd', as: 'm3', data: 'vm3 state', expect: 'ok' },
      { op: 'preserve_fd', session: 's3', fd: 'm3', token: 1, expect: 'ok' },
      {
        op: 'kexec',
        expect: 'ok',
        note: 'Second kexec: only the outgoing list is serialized (vm3). The never-retrieved vm2 and its hugetlb memory are discarded.',
      },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      {
        op: 'flb_get_incoming',
        flb: 'hugetlb-v1',
        expect: 'ENOENT',
        note: 'Nothing preserved hugetlb-v1 in the previous generation: no entry.',
      },
      {
        op: 'retrieve_session',
        device: 'luo',
        name: 'vm2',
        as: 's2',
        expect: 'ENOENT',
        note: 'vm2 was handed over once and never retrieved; it was not handed over again.',
      },
      { op: 'retrieve_session', device: 'luo', name: 'vm3', as: 's3', expect: 'ok' },
      { op: 'retrieve_fd', session: 's3', token: 1, as: 'm3', expect: 'ok' },
      { op: 'read', fd: 'm3', data: 'vm3 state', expect: 'ok' },
      { op: 'finish', session: 's3', expect: 'ok' },
      { op: 'close', fd: 's3', expect: 'ok' },
    ],
  }),
};

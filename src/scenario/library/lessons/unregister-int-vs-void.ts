import { lessonScenario, type Lesson } from './lesson';

const title = 'Unregistering a handler: EBUSY on 7.0, void on 7.1';

export const unregisterIntVsVoid: Lesson = {
  id: 'unregister-int-vs-void',
  title,
  summary:
    'On 7.0 a module cannot unregister (or register) its handler while any session exists: EBUSY; after a live update to 7.1 the unregister functions return void and always succeed.',
  teaches:
    'On 6.19 and 7.0, liveupdate_register_file_handler() and liveupdate_unregister_file_handler() (and the FLB variants) call luo_session_quiesce(), which fails with EBUSY while any incoming or outgoing session exists; unregister returns an int. ' +
    '7.1 replaced this with luo_register_rwlock: registration no longer cares about sessions, and unregistering returns void — it also unregisters every FLB of the handler (luo_flb_unregister_all()). ' +
    'On 7.1 what keeps a module loaded while it has preserved files is the module reference luo_preserve_file() takes per file (try_module_get()), not a refusal by the unregister call.',
  tags: ['unregister', 'register', 'modules', 'EBUSY', 'quiesce', 'hugetlb', '7.0', '7.1', 'version', 'kexec'],
  scenario: lessonScenario({
    title,
    description:
      'On 7.0, with a session open, the hugetlb module can neither unregister nor re-register; once the session is closed it can. After a live update to 7.1 the same unregister succeeds with a session open.',
    kernel: { profile: '7.0' },
    modules: ['memfd', 'hugetlb'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      {
        op: 'unregister_module',
        module: 'hugetlb',
        expect: 'EBUSY',
        note: '7.0: luo_session_quiesce() fails while a session exists; unregister returns EBUSY and the handler stays.',
      },
      { op: 'register_module', module: 'iommufd', expect: 'EBUSY', note: 'Registration needs the same quiesce: EBUSY too.' },
      { op: 'close', fd: 's1', expect: 'ok', note: 'No session left.' },
      { op: 'unregister_module', module: 'hugetlb', expect: 'ok', note: 'Now the quiesce succeeds.' },
      { op: 'register_module', module: 'hugetlb', expect: 'ok' },
      { op: 'kexec', profile: '7.1', expect: 'ok', note: 'Live update from 7.0 to 7.1.' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'vm1 state', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'm', token: 1, expect: 'ok' },
      {
        op: 'unregister_module',
        module: 'hugetlb',
        expect: 'ok',
        note: '7.1: void unregister — nothing to refuse with; the handler and its hugetlb-v1 FLB are gone.',
      },
      { op: 'register_module', module: 'hugetlb', expect: 'ok', note: '7.1: registration while sessions exist is fine too.' },
      { op: 'close', fd: 's1', expect: 'ok' },
    ],
  }),
};

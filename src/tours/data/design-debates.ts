// Tour (f): design debates, run side by side — the Nov 2025 locked/unlock FLB API against
// get/put, outgoing FLB reference counting, int versus void unregister, and live update off.
import { lessonScenario } from '../../scenario/library/lessons/lesson';
import type { Step } from '../../scenario/types';
import type { Tour } from '../types';

const hugetlbAcrossKexec: Step[] = [
  { op: 'open_device', as: 'luo', expect: 'ok' },
  { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
  { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram', data: 'vm1 guest RAM', expect: 'ok' },
  { op: 'preserve_fd', session: 's1', fd: 'ram', token: 1, expect: 'ok' },
  { op: 'kexec', expect: 'ok' },
  { op: 'open_device', as: 'luo', expect: 'ok' },
  { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
  { op: 'retrieve_fd', session: 's1', token: 1, as: 'ram', expect: 'ok' },
];

const unregisterSteps = (v70: boolean): Step[] => [
  { op: 'open_device', as: 'luo', expect: 'ok' },
  { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
  { op: 'create_file', kind: 'memfd', as: 'm', data: 'vm1 state', expect: 'ok' },
  { op: 'preserve_fd', session: 's1', fd: 'm', token: 1, expect: 'ok' },
  { op: 'unregister_module', module: 'hugetlb', expect: v70 ? 'EBUSY' : 'ok', note: 'hugetlb has no preserved file; a session exists.' },
  { op: 'register_module', module: 'iommufd', expect: v70 ? 'EBUSY' : 'ok' },
  { op: 'close', fd: 's1', expect: 'ok', note: 'No session left.' },
  ...(v70 ? [{ op: 'unregister_module', module: 'hugetlb', expect: 'ok' } as Step] : []),
];

const offSteps = (on: boolean): Step[] => [
  { op: 'open_device', as: 'luo', expect: on ? 'ok' : 'ENOENT' },
  { op: 'register_module', module: 'iommufd', expect: on ? 'ok' : 'EOPNOTSUPP' },
  { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: on ? 'ENODATA' : 'EOPNOTSUPP' },
];

export const DESIGN_DEBATES: Tour = {
  id: 'design-debates',
  title: 'Design debates, side by side',
  summary:
    'Four API choices argued on the mailing list, each run both ways: locked/unlock versus get/put for FLBs, outgoing FLB references for PCI hot-unplug, unregister returning an error or nothing, and what a kernel without live update answers.',
  start: 'getput',
  scenarios: {
    lock: lessonScenario({
      title: 'Debate: FLB _locked/_unlock API (Nov 2025, lock-api-v6)',
      description: 'The hugetlb subsystem uses the incoming FLB inside a locked section, then vm1 is finished.',
      kernel: { profile: 'latest', patches: ['lock-api-v6'] },
      modules: ['memfd', 'hugetlb'],
      steps: [
        ...hugetlbAcrossKexec,
        { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'liveupdate_flb_incoming_locked(): the object, with the FLB mutex held.' },
        { op: 'flb_put_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'liveupdate_flb_incoming_unlock(): object stored back, mutex released.' },
        { op: 'finish', session: 's1', expect: 'ok', note: 'The last file finishes: count 0, FLB finish() runs at once.' },
        { op: 'close', fd: 's1', expect: 'ok' },
      ],
    }),
    getput: lessonScenario({
      title: 'Debate: FLB get_incoming/put_incoming (latest)',
      description: 'The hugetlb subsystem holds a reference on the incoming FLB across the finish of vm1.',
      modules: ['memfd', 'hugetlb'],
      steps: [
        ...hugetlbAcrossKexec,
        { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'retrieve() runs; count 1 + this reference = 2.' },
        { op: 'finish', session: 's1', expect: 'ok', note: 'The last file finishes: count 1, no FLB finish() yet.' },
        { op: 'flb_put_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'The last reference: finish() runs.' },
        { op: 'close', fd: 's1', expect: 'ok' },
      ],
    }),
    norefs: lessonScenario({
      title: 'Debate: PCI hot-unplug without outgoing FLB references (latest)',
      description: 'The PCI core reads the outgoing pci-v1 object; the device is hot-unplugged.',
      modules: ['memfd', 'vfio-pci'],
      steps: [
        { op: 'open_device', as: 'luo', expect: 'ok' },
        { op: 'flb_get_outgoing', flb: 'pci-v1', expect: 'ok', note: 'Nothing preserved: ok, with no object.' },
        { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
        { op: 'create_file', kind: 'vfio-cdev', as: 'dev', expect: 'ok' },
        { op: 'preserve_fd', session: 's1', fd: 'dev', token: 1, expect: 'ok' },
        { op: 'flb_get_outgoing', flb: 'pci-v1', expect: 'ok', note: 'The object; no reference taken.' },
        { op: 'close', fd: 's1', expect: 'ok', note: 'Hot-unplug: both FLBs are unpreserved with the file, while the PCI core may still use pci-v1.' },
        { op: 'close', fd: 'dev', expect: 'ok' },
      ],
    }),
    refs: lessonScenario({
      title: 'Debate: PCI hot-unplug with outgoing FLB references (flb-outgoing-refcount)',
      description: 'The PCI core takes a reference on the outgoing pci-v1 FLB; the device is hot-unplugged.',
      kernel: { profile: 'latest', patches: ['flb-outgoing-refcount'] },
      modules: ['memfd', 'vfio-pci'],
      steps: [
        { op: 'open_device', as: 'luo', expect: 'ok' },
        { op: 'flb_get_outgoing', flb: 'pci-v1', expect: 'ENOENT', note: 'Nothing preserved: ENOENT.' },
        { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
        { op: 'create_file', kind: 'vfio-cdev', as: 'dev', expect: 'ok' },
        { op: 'preserve_fd', session: 's1', fd: 'dev', token: 1, expect: 'ok' },
        { op: 'flb_get_outgoing', flb: 'pci-v1', expect: 'ok', note: 'A reference: count 1 → 2.' },
        { op: 'close', fd: 's1', expect: 'ok', note: 'Hot-unplug: iommu-core-v1 is unpreserved; pci-v1 goes 2 → 1 and stays.' },
        { op: 'flb_put_outgoing', flb: 'pci-v1', expect: 'ok', note: 'The last reference: pci-v1 unpreserve() runs.' },
        { op: 'close', fd: 'dev', expect: 'ok' },
      ],
    }),
    v70: lessonScenario({
      title: 'Debate: unregister returns int (7.0)',
      description: 'With a session open, the hugetlb module tries to unregister and iommufd to register.',
      kernel: { profile: '7.0' },
      modules: ['memfd', 'hugetlb'],
      steps: unregisterSteps(true),
    }),
    v71: lessonScenario({
      title: 'Debate: unregister returns void (7.1)',
      description: 'With a session open, the hugetlb module unregisters and iommufd registers.',
      kernel: { profile: '7.1' },
      modules: ['memfd', 'hugetlb'],
      steps: unregisterSteps(false),
    }),
    off: lessonScenario({
      title: 'Debate: live update off (liveupdate=off)',
      description: 'What the device, registration and the FLB accessors answer when live update is disabled.',
      kernel: { profile: 'latest', liveupdate: false },
      modules: ['memfd', 'hugetlb'],
      steps: offSteps(false),
    }),
    on: lessonScenario({
      title: 'Debate: live update on, cold boot',
      description: 'The same calls on a cold-booted kernel with live update on.',
      modules: ['memfd', 'hugetlb'],
      steps: offSteps(true),
    }),
  },
  stops: [
    {
      title: 'Two ways to hand out a shared object',
      text: 'An FLB owner needs the incoming object. The v5–v7 series (Nov 2025) offered liveupdate_flb_incoming_locked(): it returned the object with the FLB mutex held, and _unlock() stored it back and released the mutex. The version merged for 7.0 replaced it with get_incoming; the latest kernels add a reference that put_incoming drops. Right: get_incoming runs retrieve() and the count becomes 1 file + 1 reference = 2.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'incoming', count: 2 },
      compare: { left: 'lock', right: 'getput', leftLabel: 'lock-api-v6: _locked/_unlock', rightLabel: 'latest: get/put' },
      kernel: 'liveupdate_flb_get_incoming() vs liveupdate_flb_incoming_locked()',
    },
    {
      title: 'A reference outlives the last file',
      text: 'vm1’s only file finishes while the hugetlb subsystem still holds its reference: the count goes 2 → 1 and the FLB stays. On the left, the locked API counts no reference: the owner unlocked after using the object, and the FLB finish() ran with the last file. That API hands the object out only for as long as the caller holds the FLB mutex.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'incoming', count: 1 },
      predict: {
        question: 'With get/put, the last dependent file finishes while a reference is held. Does the FLB finish() run?',
        choices: ['no, the count is still 1', 'yes, files decide alone', 'yes, and put_incoming then fails'],
        answer: 0,
        why: 'finish() runs when the count reaches 0, and a get_incoming reference counts. With _locked/_unlock nothing counts but files.',
      },
      compare: { left: 'lock', right: 'getput', leftLabel: 'lock-api-v6: _locked/_unlock', rightLabel: 'latest: get/put' },
      kernel: 'luo_flb_file_finish()',
    },
    {
      title: 'The put finishes it',
      text: 'put_incoming drops the last reference and finish() runs. Same callbacks on both sides; what differs is who can keep the object alive: a lock holder for the length of a critical section, a reference holder for as long as it likes.',
      waitFor: { type: 'callback', owner: 'flb', compatible: 'hugetlb-v1', callback: 'finish' },
      compare: { left: 'lock', right: 'getput', leftLabel: 'lock-api-v6: _locked/_unlock', rightLabel: 'latest: get/put' },
      kernel: 'liveupdate_flb_put_incoming()',
    },
    {
      title: 'PCI hot-unplug: who owns the outgoing object?',
      text: 'The pending patch "Reference count outgoing FLB data" (flb-outgoing-refcount) makes liveupdate_flb_get_outgoing() take a reference. Before anything is preserved there is no object to reference: ENOENT. Without the patch (left) the same call returns ok, with no object.',
      scenario: 'refs',
      waitFor: { type: 'result', op: 'flb_get_outgoing', result: 'ENOENT' },
      predict: {
        question: 'With the patch, nothing is preserved yet. What does get_outgoing(pci-v1) return?',
        choices: ['ENOENT', 'ok, with no object', 'ENODATA'],
        answer: 0,
        why: 'Under the patch get_outgoing returns -ENOENT if there is no outgoing object; otherwise it takes a reference that liveupdate_flb_put_outgoing() must drop.',
      },
      compare: { left: 'norefs', right: 'refs', leftLabel: 'latest: no outgoing refs', rightLabel: 'flb-outgoing-refcount' },
      kernel: 'liveupdate_flb_get_outgoing()',
    },
    {
      title: 'The PCI core takes a reference',
      text: 'A VFIO device is preserved (pci-v1 count 1). The PCI core must edit the preserved-device state outside the FLB callbacks, so it takes a reference: 1 → 2.',
      waitFor: { type: 'flb', compatible: 'pci-v1', side: 'outgoing', count: 2 },
      compare: { left: 'norefs', right: 'refs', leftLabel: 'latest: no outgoing refs', rightLabel: 'flb-outgoing-refcount' },
      kernel: 'liveupdate_flb_get_outgoing()',
    },
    {
      title: 'Hot-unplug: the file goes, the data stays',
      text: 'The device is unplugged, so the VMM closes its session and the file is unpreserved. iommu-core-v1 has no other user and is unpreserved; pci-v1 goes 2 → 1 and stays. On the left, without references, pci-v1 is unpreserved with the file, under the feet of a PCI core that may still be using it. Reviewers questioned the patch on the list; it was in the liveupdate next branch by July 2026.',
      waitFor: { type: 'flb', compatible: 'pci-v1', side: 'outgoing', count: 1 },
      predict: {
        question: 'The last file of vm1 is unpreserved while the PCI core holds a reference. What happens to pci-v1?',
        choices: ['count 2 → 1, it stays preserved', 'its unpreserve() runs now', 'close fails with EBUSY'],
        answer: 0,
        why: 'With the patch the per-file unpreserve path is a put like any other; unpreserve() runs only at the last put.',
      },
      compare: { left: 'norefs', right: 'refs', leftLabel: 'latest: no outgoing refs', rightLabel: 'flb-outgoing-refcount' },
      kernel: 'luo_flb_file_unpreserve() → liveupdate_flb_put_outgoing()',
    },
    {
      title: 'The last put unpreserves',
      text: 'The PCI core is done: liveupdate_flb_put_outgoing() drops the last reference and only now pci-v1 unpreserve() runs. One side effect: the count written at reboot is the reference count, so a reference still held at reboot would be handed over as one more user.',
      waitFor: { type: 'callback', owner: 'flb', compatible: 'pci-v1', callback: 'unpreserve' },
      compare: { left: 'norefs', right: 'refs', leftLabel: 'latest: no outgoing refs', rightLabel: 'flb-outgoing-refcount' },
      kernel: 'liveupdate_flb_put_outgoing() → FLB ->unpreserve()',
    },
    {
      title: 'Unregister with sessions open: an error …',
      text: 'On 7.0, registering and unregistering handlers and FLBs first calls luo_session_quiesce(), which fails while any session exists. A session is open, so the hugetlb module’s unregister returns EBUSY and the handler stays; a registration gets EBUSY as well.',
      scenario: 'v70',
      waitFor: { type: 'result', op: 'unregister_module', result: 'EBUSY' },
      predict: {
        question: '7.0, one session open (holding a memfd). What does unregistering the hugetlb handler return?',
        choices: ['EBUSY', 'ok', 'ENOENT'],
        answer: 0,
        why: 'On 6.19 and 7.0 unregister returns int, and luo_session_quiesce() refuses while an incoming or outgoing session exists.',
      },
      compare: { left: 'v70', right: 'v71', leftLabel: '7.0: int unregister', rightLabel: '7.1: void unregister' },
      kernel: 'liveupdate_unregister_file_handler() → luo_session_quiesce()',
    },
    {
      title: '… or nothing to refuse with',
      text: 'On 7.0 the unregister succeeds once no session is left. On the right, 7.1 returns void: the same calls succeed with the session open, and unregistering a handler also removes its FLBs. What keeps a module with preserved files loaded on 7.1 is the module reference taken per preserved file, not a refusal.',
      waitFor: { type: 'result', op: 'unregister_module', result: 'ok' },
      compare: { left: 'v70', right: 'v71', leftLabel: '7.0: int unregister', rightLabel: '7.1: void unregister' },
      kernel: 'liveupdate_unregister_file_handler()',
    },
    {
      title: 'Live update off: no device',
      text: 'A kernel booted without liveupdate=on (or without KHO) never registers /dev/liveupdate: opening it fails with ENOENT, the answer the kernel selftests skip on.',
      scenario: 'off',
      waitFor: { type: 'result', op: 'open_device', result: 'ENOENT' },
      predict: {
        question: 'Live update is off. What does opening /dev/liveupdate return?',
        choices: ['ENOENT', 'EOPNOTSUPP', 'EBUSY'],
        answer: 0,
        why: 'liveupdate_ioctl_init() skips misc_register() when live update is disabled: there is no device node to open.',
      },
      compare: { left: 'off', right: 'on', leftLabel: 'liveupdate=off', rightLabel: 'liveupdate=on, cold boot' },
      kernel: 'liveupdate_ioctl_init()',
    },
    {
      title: 'In-kernel calls: EOPNOTSUPP',
      text: 'In-kernel callers get EOPNOTSUPP: handler registration refuses (memfd ignores that error at boot), and so do the FLB accessors — where the same call on a cold boot with live update on gives ENODATA. Unregistering returns EOPNOTSUPP on 6.19/7.0 and simply returns on 7.1+.',
      waitFor: { type: 'result', op: 'flb_get_incoming', result: 'EOPNOTSUPP' },
      predict: {
        question: 'Live update is off. What does liveupdate_flb_get_incoming() return?',
        choices: ['EOPNOTSUPP', 'ENODATA, as on a cold boot', 'ENOENT'],
        answer: 0,
        why: 'liveupdate_flb_get_incoming() checks liveupdate_enabled() first; a subsystem can tell "live update is off" from "no data from the previous kernel".',
      },
      compare: { left: 'off', right: 'on', leftLabel: 'liveupdate=off', rightLabel: 'liveupdate=on, cold boot' },
      kernel: 'liveupdate_register_file_handler(), liveupdate_flb_get_incoming()',
    },
  ],
};

// The seed debates as comparisons: the same steps on two kernels, the difference being the
// argument. Each runs in the test suite: A meets its expectations, and A and B differ first
// where the debate says (comparisons.test.ts).
import type { Step } from '../../types';
import { comparisonScenario, type LibraryComparison } from './comparison';

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

const lockVsGetPut: LibraryComparison = {
  id: 'compare-lock-vs-get-put',
  title: 'Compare: FLB _locked/_unlock (Nov 2025) against get/put',
  summary: 'The hugetlb subsystem uses its incoming FLB across the finish of the last file: with _locked/_unlock the FLB finish() runs with the file; with get/put the reference keeps it until the put.',
  teaches:
    'The v5–v7 series offered liveupdate_flb_incoming_locked()/_unlock(): the object is handed out with the FLB mutex held and no reference is counted, so luo_flb_file_finish() runs the FLB finish() when the last file finishes. ' +
    'Mainline replaced it with liveupdate_flb_get_incoming(), which from 7.2 takes a reference that liveupdate_flb_put_incoming() drops: the incoming count is 2, the finish of the file leaves 1, and finish() runs at the put.',
  tags: ['compare', 'flb', 'lock-api-v6', 'get_incoming', 'put_incoming', 'finish', 'hugetlb', '7.3', 'debate'],
  scenario: comparisonScenario({
    title: 'FLB _locked/_unlock against get/put',
    description: 'The hugetlb subsystem takes its incoming FLB, vm1 finishes, then the subsystem lets go of the FLB.',
    kernel: { profile: '7.3', patches: ['lock-api-v6'] },
    modules: ['memfd', 'hugetlb'],
    steps: [
      ...hugetlbAcrossKexec,
      { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'A: liveupdate_flb_incoming_locked(), no reference. B: get_incoming, count 1 + 1 reference.' },
      { op: 'finish', session: 's1', expect: 'ok', note: 'A: the last file finishes and the FLB finish() runs. B: count 2 → 1, no finish yet.' },
      { op: 'flb_put_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'A: _unlock(). B: the last reference: finish() runs now.' },
      { op: 'close', fd: 's1', expect: 'ok' },
    ],
  }),
  b: { profile: '7.3', patches: [], modules: ['memfd', 'hugetlb'], liveupdate: true },
  point: 9,
};

const outgoingRefcount: LibraryComparison = {
  id: 'compare-pci-outgoing-refcount',
  title: 'Compare: PCI hot-unplug without and with outgoing FLB references',
  summary: 'On 7.1 the PCI core reads the outgoing pci-v1 object without a reference, and hot-unplug unpreserves it under its feet; with flb-outgoing-refcount it holds a reference and the last put unpreserves.',
  teaches:
    'Without the patch liveupdate_flb_get_outgoing() returns the object (or none) and counts nothing, so luo_flb_file_unpreserve() runs pci-v1 unpreserve() with the last file. ' +
    'With "Reference count outgoing FLB data" (mainline from 7.2) get_outgoing answers ENOENT while nothing is preserved and otherwise takes a reference; the file going only drops the count to 1, and liveupdate_flb_put_outgoing() runs unpreserve() at the last put.',
  tags: ['compare', 'flb', 'pci', 'vfio-pci', 'flb-outgoing-refcount', 'get_outgoing', 'put_outgoing', 'hot-unplug', 'ENOENT', '7.1', 'debate'],
  scenario: comparisonScenario({
    title: 'PCI hot-unplug and the outgoing pci-v1 FLB',
    description: 'The PCI core reads the outgoing pci-v1 object, a VFIO device is preserved and then hot-unplugged, and the PCI core lets go.',
    kernel: { profile: '7.1' },
    modules: ['memfd', 'vfio-pci'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'flb_get_outgoing', flb: 'pci-v1', expect: 'ok', note: 'Nothing preserved yet. A: ok, no object. B: ENOENT.' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'vfio-cdev', as: 'dev', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'dev', token: 1, expect: 'ok' },
      { op: 'flb_get_outgoing', flb: 'pci-v1', expect: 'ok', note: 'A: the object, no reference. B: a reference, count 1 → 2.' },
      { op: 'close', fd: 's1', expect: 'ok', note: 'Hot-unplug. A: pci-v1 unpreserve() runs with the file. B: count 2 → 1, it stays.' },
      { op: 'flb_put_outgoing', flb: 'pci-v1', expect: 'ENOSYS', note: 'A: 7.1 has no put_outgoing. B: the last put runs unpreserve().' },
      { op: 'close', fd: 'dev', expect: 'ok' },
    ],
  }),
  b: { profile: '7.1', patches: ['flb-outgoing-refcount'], modules: ['memfd', 'vfio-pci'], liveupdate: true },
  point: 6,
};

const doublePreserve: LibraryComparison = {
  id: 'compare-double-preserve-6-19-vs-7-1',
  title: 'Compare: one memfd preserved twice, 6.19 against 7.1',
  summary: '6.19 accepts the same memfd in two sessions and through a dup; 7.1 asks get_id() and answers EBUSY.',
  teaches:
    '7.1 added the global luo_preserved_files xarray: luo_preserve_file() asks the handler for the file\'s id (memfd: the inode, via get_id()) and fails with EBUSY when it is already there, whichever session or fd it came through. ' +
    '6.19 has no such check: one set of pages is preserved three times and unpreserved three times, and the selftest prevent_double_preservation fails there.',
  tags: ['compare', 'double-preserve', 'EBUSY', 'get_id', 'memfd', 'dup', '6.19', '7.1', 'debate'],
  scenario: comparisonScenario({
    title: 'One memfd preserved twice',
    description: 'A memfd is preserved in session a, then again in session b, then through a dup of its fd.',
    kernel: { profile: '6.19' },
    modules: ['memfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'a', as: 'a', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'b', as: 'b', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'shared pages', expect: 'ok' },
      { op: 'dup', fd: 'm', as: 'm2', expect: 'ok' },
      { op: 'preserve_fd', session: 'a', fd: 'm', token: 1, expect: 'ok', note: 'B (7.1) asks get_id(): the inode enters luo_preserved_files.' },
      { op: 'preserve_fd', session: 'b', fd: 'm', token: 1, expect: 'ok', note: 'A: accepted. B: EBUSY, already preserved in a.' },
      { op: 'preserve_fd', session: 'b', fd: 'm2', token: 2, expect: 'ok', note: 'A dup has the same inode. A: accepted. B: EBUSY.' },
      { op: 'close', fd: 'a', expect: 'ok' },
      { op: 'close', fd: 'b', expect: 'ok', note: 'A unpreserves the same pages twice more.' },
    ],
  }),
  b: { profile: '7.1', patches: [], modules: ['memfd'], liveupdate: true },
  point: 6,
};

const enodataVsEnoent: LibraryComparison = {
  id: 'compare-enodata-vs-enoent',
  title: 'Compare: FLB ENOENT after a live update against ENODATA after none',
  summary: 'After a kexec from a kernel with live update on, get_incoming(pci-v1) gives ENOENT (nothing preserved for it); from a kernel with live update off, ENODATA (no FLB data at all).',
  teaches:
    'luo_flb_retrieve_one() answers ENODATA when the previous kernel left no FLB data at all and ENOENT when there was a live update but no entry carries this FLB\'s compatible. ' +
    'PCI wants to tell them apart: after ENODATA no device can have been left running by the old kernel, after ENOENT some may have been (doing DMA) under state this kernel cannot read. Both kernels here boot the next one with liveupdate=on (the kexec step says so); only the first kernel differs.',
  tags: ['compare', 'flb', 'get_incoming', 'ENODATA', 'ENOENT', 'pci', 'liveupdate', 'kexec', '7.3', 'debate'],
  scenario: comparisonScenario({
    title: 'ENOENT or ENODATA from get_incoming(pci-v1)',
    description: 'The PCI core asks for its incoming FLB on a cold boot, the machine kexecs into a kernel with live update on, and it asks again.',
    kernel: { profile: '7.3' },
    modules: ['memfd', 'vfio-pci'],
    steps: [
      { op: 'flb_get_incoming', flb: 'pci-v1', expect: 'ENODATA', note: 'Cold boot. A: ENODATA. B (live update off): EOPNOTSUPP.' },
      { op: 'kexec', liveupdate: true, expect: 'ok', note: 'Both boot the next kernel with liveupdate=on.' },
      { op: 'flb_get_incoming', flb: 'pci-v1', expect: 'ENOENT', note: 'A: a live update happened, with no entry for pci-v1: ENOENT. B: the old kernel had LUO off, so no FLB data at all: ENODATA.' },
    ],
  }),
  b: { profile: '7.3', patches: [], modules: ['memfd', 'vfio-pci'], liveupdate: false },
  point: 2,
};

const unregisterIntVsVoid: LibraryComparison = {
  id: 'compare-unregister-int-vs-void',
  title: 'Compare: unregister with a session open, int on 7.0 against void on 7.1',
  summary: 'On 7.0 unregistering (and registering) a handler while a session exists gives EBUSY; on 7.1 unregister returns void and succeeds.',
  teaches:
    'On 6.19 and 7.0 liveupdate_unregister_file_handler() and the registration functions call luo_session_quiesce(), which fails with EBUSY while any session exists; unregister returns int. ' +
    '7.1 takes luo_register_rwlock instead and unregister returns void: what keeps a module with preserved files loaded is the per-file module reference luo_preserve_file() takes.',
  tags: ['compare', 'unregister', 'register', 'EBUSY', 'quiesce', 'hugetlb', 'modules', '7.0', '7.1', 'debate'],
  scenario: comparisonScenario({
    title: 'Unregister with a session open',
    description: 'A memfd is preserved in vm1; the hugetlb module unregisters and iommufd registers while the session exists, then again after it is closed.',
    kernel: { profile: '7.0' },
    modules: ['memfd', 'hugetlb'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'vm1 state', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'm', token: 1, expect: 'ok' },
      { op: 'unregister_module', module: 'hugetlb', expect: 'EBUSY', note: 'A: luo_session_quiesce() fails: EBUSY. B: void, it succeeds.' },
      { op: 'register_module', module: 'iommufd', expect: 'EBUSY', note: 'A: registration needs the same quiesce. B: fine.' },
      { op: 'close', fd: 's1', expect: 'ok', note: 'No session left.' },
      { op: 'unregister_module', module: 'hugetlb', expect: 'ok', note: 'A: now it succeeds. B: hugetlb is already gone.' },
    ],
  }),
  b: { profile: '7.1', patches: [], modules: ['memfd', 'hugetlb'], liveupdate: true },
  point: 4,
};

const handoverPanics: LibraryComparison = {
  id: 'compare-handover-6-19-to-7-2',
  title: 'Compare: a handover into 7.2 from 6.19 (panic) and from 7.2',
  summary: 'A memfd is handed over into a 7.2 kernel: from 6.19 the new kernel cannot read the FDT image and panics; from 7.2 the file comes back.',
  teaches:
    '6.19 writes a one-page FDT ("luo-v1", no luo-flb node); 7.2 expects the raw luo-v5 image of the kho_block series. luo_early_startup() fails to read the incoming "LUO" subtree and calls luo_restore_fail(), which panics: there is no errno and no fallback to a cold boot, so every later step is halted. ' +
    'The kexec step names 7.2, so it boots 7.2 on both sides; only the kernel that writes the handover differs.',
  tags: ['compare', 'kexec', 'panic', 'format', 'handover', 'halted', '6.19', '7.2', 'version', 'debate'],
  scenario: comparisonScenario({
    title: 'A handover into 7.2',
    description: 'A memfd is preserved and the machine live-updates into 7.2, which retrieves it.',
    kernel: { profile: '6.19' },
    modules: ['memfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'vm1 state', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'm', token: 1, expect: 'ok' },
      { op: 'kexec', profile: '7.2', expect: 'ok', note: 'A: 7.2 cannot read 6.19\'s FDT image and panics in luo_early_startup(). B: a 7.2 → 7.2 handover.' },
      { op: 'open_device', as: 'luo', expect: 'halted', note: 'A: halted. B: the incoming session is deserialized.' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'halted' },
      { op: 'retrieve_fd', session: 's1', token: 1, as: 'm', expect: 'halted' },
      { op: 'read', fd: 'm', data: 'vm1 state', expect: 'halted' },
    ],
  }),
  b: { profile: '7.2', patches: [], modules: ['memfd'], liveupdate: true },
  point: 4,
};

export const COMPARISONS: LibraryComparison[] = [lockVsGetPut, outgoingRefcount, doublePreserve, enodataVsEnoent, unregisterIntVsVoid, handoverPanics];

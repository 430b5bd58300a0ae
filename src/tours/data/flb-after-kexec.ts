// Tour (d): an FLB after the kexec — retrieved on demand, finished after its last user,
// and ENODATA ("nothing at all") versus ENOENT ("not this FLB").
import { flbEnodataVsEnoent } from '../../scenario/library/lessons/flb-enodata-vs-enoent';
import { lessonScenario } from '../../scenario/library/lessons/lesson';
import type { Tour } from '../types';

export const FLB_AFTER_KEXEC: Tour = {
  id: 'flb-after-kexec',
  title: 'FLBs after the kexec: retrieve on demand, finish after the last user',
  summary:
    'The hugetlb-v1 FLB crosses a kexec with two dependent files in two sessions. See when its retrieve() and finish() run, and why get_incoming distinguishes ENODATA from ENOENT.',
  start: 'main',
  scenarios: {
    main: lessonScenario({
      title: 'Tour: an FLB after the kexec',
      description:
        'vm1 holds a hugetlb memfd and vm2 a guest_memfd, both depending on hugetlb-v1. In the next kernel the hugetlb subsystem takes and puts references while the sessions are retrieved and finished.',
      modules: ['memfd', 'hugetlb', 'guest-memfd'],
      steps: [
        { op: 'open_device', as: 'luo', expect: 'ok' },
        { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
        { op: 'create_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ok' },
        { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram1', data: 'vm1 guest RAM', expect: 'ok' },
        { op: 'create_file', kind: 'guest-memfd', as: 'priv2', data: 'vm2 private memory', expect: 'ok' },
        { op: 'preserve_fd', session: 's1', fd: 'ram1', token: 1, expect: 'ok' },
        { op: 'preserve_fd', session: 's2', fd: 'priv2', token: 1, expect: 'ok' },
        { op: 'kexec', expect: 'ok', note: 'hugetlb-v1 is handed over with count 2.' },
        { op: 'open_device', as: 'luo', expect: 'ok' },
        { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
        { op: 'retrieve_fd', session: 's1', token: 1, as: 'ram1', expect: 'ok', note: 'Handler retrieve(); still no FLB retrieve().' },
        { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'First use: FLB retrieve() runs; count 2, plus this reference: 3.' },
        { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'Already retrieved: one more reference, 4.' },
        { op: 'flb_put_incoming', flb: 'hugetlb-v1', expect: 'ok', note: '3.' },
        { op: 'finish', session: 's1', expect: 'ok', note: 'vm1’s file finishes: 2.' },
        { op: 'retrieve_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ok' },
        { op: 'finish', session: 's2', expect: 'ok', note: 'The last dependent file finishes: 1. A reference is still held.' },
        { op: 'flb_put_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'The last reference: 0, finish() runs.' },
        { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: 'ENODATA', note: 'A finished FLB has no incoming data any more.' },
        { op: 'close', fd: 's1', expect: 'ok' },
        { op: 'close', fd: 's2', expect: 'ok' },
      ],
    }),
    codes: flbEnodataVsEnoent.scenario,
  },
  stops: [
    {
      title: 'The FLB crosses with its count',
      text: 'Two files depend on hugetlb-v1: a hugetlb memfd in vm1 and a guest_memfd in vm2. At reboot luo_flb_serialize() writes the FLB’s name, its data handle and its count, 2 — the number of files that will have to finish in the next kernel.',
      waitFor: { type: 'kexec', phase: 'flb_serialize' },
      kernel: 'luo_flb_serialize()',
    },
    {
      title: 'Files come back, the FLB waits',
      text: 'The new kernel opened the device (the sessions were deserialized), vm1 was retrieved, and now its hugetlb memfd: the handler’s retrieve() runs. The FLB has still not been touched: at boot LUO only noted where the FLB area is.',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'hugetlb-memfd-v1', callback: 'retrieve' },
      predict: {
        question: 'The first file that depends on hugetlb-v1 is retrieved. Does the FLB retrieve() run with it?',
        choices: ['no, only the handler’s retrieve()', 'yes, just before the handler’s retrieve()', 'it already ran at boot'],
        answer: 0,
        why: 'An FLB is retrieved on demand, by luo_flb_retrieve_one(), the first time its owner asks for it with liveupdate_flb_get_incoming() — not at boot, not at deserialization, not with a file.',
      },
      kernel: 'luo_retrieve_file() → ->retrieve()',
    },
    {
      title: 'get_incoming: retrieve on first use',
      text: 'The hugetlb subsystem asks for its FLB. This first call runs the FLB retrieve(), which rebuilds the shared object from the saved data, and loads the count: 2. On the latest kernels get_incoming also takes a reference for the caller: 3.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'incoming', count: 3 },
      predict: {
        question: 'After this first liveupdate_flb_get_incoming(), what is the FLB’s incoming count?',
        choices: ['3: two files plus the caller’s reference', '2: the two files', '1: the caller'],
        answer: 0,
        why: 'The retrieve loads the serialized count (2 dependent files), and on the latest kernels get_incoming takes one reference, to be dropped with liveupdate_flb_put_incoming(). On 7.0 it took none.',
      },
      kernel: 'liveupdate_flb_get_incoming() → luo_flb_retrieve_one() → FLB ->retrieve()',
    },
    {
      title: 'Later calls only take references',
      text: 'A second get_incoming finds the FLB retrieved: no callback, one more reference (4). The put that follows drops it again (3). Every get must be paired with a put.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'incoming', count: 4 },
      kernel: 'liveupdate_flb_get_incoming(), liveupdate_flb_put_incoming()',
    },
    {
      title: 'A finished file drops its reference',
      text: 'FINISH on vm1: after the handler finish(), luo_flb_file_finish() drops one reference per FLB of the handler: 3 → 2. Other users remain, so the shared object stays.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'incoming', count: 2 },
      kernel: 'luo_file_finish() → luo_flb_file_finish()',
    },
    {
      title: 'The last file is not the last user',
      text: 'vm2’s guest_memfd is the last dependent file; it finishes and the count goes 2 → 1. That 1 is the hugetlb subsystem’s own reference, still held. The FLB finish() must wait for it.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'incoming', count: 1 },
      predict: {
        question: 'The last file that depends on hugetlb-v1 finishes, but the subsystem still holds one reference. Does the FLB finish() run now?',
        choices: ['no: the count is 1, it waits for the put', 'yes: no file depends on it any more', 'yes, and the later put warns'],
        answer: 0,
        why: 'On the latest kernels finish() runs when the count reaches 0: after the last dependent file finished and the last get_incoming reference was put. On 7.0, with no references, it ran with the last file.',
      },
      kernel: 'luo_flb_file_finish()',
    },
    {
      title: 'The last put finishes the FLB',
      text: 'liveupdate_flb_put_incoming() drops the last reference: the count reaches 0 and the FLB finish() runs, once. The object now belongs to the new kernel alone.',
      waitFor: { type: 'callback', owner: 'flb', compatible: 'hugetlb-v1', callback: 'finish' },
      kernel: 'liveupdate_flb_put_incoming() → FLB ->finish()',
    },
    {
      title: 'Finished means no data: ENODATA',
      text: 'Asking again gives ENODATA: a finished FLB has no incoming data any more. ENODATA is also the answer when there was no live update at all — which the next scenario shows.',
      waitFor: { type: 'result', op: 'flb_get_incoming', result: 'ENODATA' },
      predict: {
        question: 'The FLB is finished. What does liveupdate_flb_get_incoming() return now?',
        choices: ['ENODATA', 'ok, the same object', 'ENOENT'],
        answer: 0,
        why: 'luo_flb_retrieve_one() checks "already finished" first and returns -ENODATA.',
      },
      kernel: 'luo_flb_retrieve_one()',
    },
    {
      title: 'Cold boot: ENODATA',
      text: 'Another machine, cold booted: the previous kernel left no LUO data at all. The PCI core asks for its FLB pci-v1 and gets ENODATA. For PCI that means: no live update happened, every device can be reset and probed as on any boot.',
      scenario: 'codes',
      waitFor: { type: 'result', op: 'flb_get_incoming', result: 'ENODATA' },
      kernel: 'luo_flb_retrieve_one()',
    },
    {
      title: 'Live update, but nothing for PCI: ENOENT',
      text: 'This kernel preserves an iommufd and a hugetlb memfd — no VFIO device — and kexecs. In the new kernel pci-v1 gets ENOENT: there was a live update, but its FLB area has no entry named pci-v1.',
      waitFor: { type: 'result', op: 'flb_get_incoming', result: 'ENOENT' },
      predict: {
        question: 'After this live update, nothing was preserved for pci-v1. What does get_incoming(pci-v1) return?',
        choices: ['ENOENT', 'ENODATA, as on a cold boot', 'ok, with an empty object'],
        answer: 0,
        why: 'ENODATA means the previous kernel left no FLB data at all; here it left an FLB area (iommu-core-v1 and hugetlb-v1), just no entry with this name: -ENOENT.',
      },
      kernel: 'luo_flb_retrieve_one()',
    },
    {
      title: 'Preserved, but incompatible: ENOENT too',
      text: 'The new kernel’s hugetlb module is v2: its FLB is hugetlb-v2. An entry hugetlb-v1 is there, but names must match exactly, so hugetlb-v2 gets ENOENT as well. This is why a subsystem such as PCI wants the two errnos apart: ENODATA is a clean cold boot, while ENOENT means a live update happened and something may have been left running — devices doing DMA, say — under state this kernel cannot read. Treating that like a cold boot could be wrong.',
      waitFor: { type: 'result', op: 'flb_get_incoming', result: 'ENOENT' },
      predict: {
        question: 'hugetlb-v1 was preserved; the new kernel asks for hugetlb-v2. What does it get?',
        choices: ['ENOENT', 'ok: same FLB, newer version', 'ENODATA'],
        answer: 0,
        why: 'luo_flb_retrieve_one() looks for an entry whose name equals the FLB’s compatible; "hugetlb-v1" is not "hugetlb-v2". A compatible string is an ABI version.',
      },
      kernel: 'luo_flb_retrieve_one()',
    },
  ],
};

// Tour (f): design debates in compare mode — each stop runs one scenario on two kernels side
// by side (the library's comparisons): the Nov 2025 locked/unlock FLB API against get/put,
// outgoing FLB reference counting, int versus void unregister, ENODATA versus ENOENT, and a
// handover that panics. A is the side whose events the stops wait for.
import type { CompareKernel } from '../../compare/config';
import { COMPARISONS } from '../../scenario/library/comparisons';
import type { LibraryComparison } from '../../scenario/library/comparisons/comparison';
import type { Scenario } from '../../scenario/types';
import type { Tour } from '../types';

const byId = (id: string): LibraryComparison => {
  const c = COMPARISONS.find((x) => x.id === id);
  if (!c) throw new Error(`no comparison ${id}`);
  return c;
};
const kernelA = (s: Scenario): CompareKernel => ({ profile: s.kernel?.profile ?? 'latest', patches: [...(s.kernel?.patches ?? [])], modules: [...(s.boot?.modules ?? ['memfd'])], liveupdate: s.kernel?.liveupdate ?? true });

/** A step's note with the sides exchanged: "Lead. A: x. B: y." becomes "Lead. A: y. B: x.". */
export function swapSides(note: string): string {
  const parts = note.split(/(?=\b[AB]: )/).map((p) => p.trim());
  const lead = /^[AB]: /.test(parts[0]!) ? [] : [parts.shift()!];
  const sides = parts.map((p) => (p.startsWith('A: ') ? `B: ${p.slice(3)}` : `A: ${p.slice(3)}`)).sort((x, y) => x.localeCompare(y));
  return [...lead, ...sides].join(' ');
}

/** A comparison the other way round (its B as A), without expectations (they were A's); the
 * title and the steps' "A: … B: …" notes follow the sides. */
function swapped(c: LibraryComparison, title: string): { scenario: Scenario; b: CompareKernel } {
  const s = c.scenario;
  return {
    scenario: {
      ...s,
      title,
      kernel: { profile: c.b.profile, patches: [...c.b.patches], liveupdate: c.b.liveupdate },
      boot: { modules: [...c.b.modules] },
      steps: s.steps.map(({ expect: _expect, ...st }) => (st.note ? { ...st, note: swapSides(st.note) } : st)),
    },
    b: kernelA(s),
  };
}

const getput = swapped(byId('compare-lock-vs-get-put'), 'FLB get/put against _locked/_unlock');
const refs = swapped(byId('compare-pci-outgoing-refcount'), 'PCI hot-unplug and the outgoing pci-v1 FLB, with and without outgoing references');
const unregister = byId('compare-unregister-int-vs-void');
const enodata = byId('compare-enodata-vs-enoent');
const handover = byId('compare-handover-6-19-to-7-2');

const LOCK = { b: getput.b, aLabel: '7.3: get/put', bLabel: 'lock-api-v6: _locked/_unlock' };
const REFS = { b: refs.b, aLabel: 'flb-outgoing-refcount', bLabel: '7.1: no outgoing refs' };
const UNREG = { b: unregister.b, aLabel: '7.0: int unregister', bLabel: '7.1: void unregister' };
const OFF = { b: enodata.b, aLabel: 'liveupdate=on', bLabel: 'first kernel liveupdate=off' };
const PANIC = { b: handover.b, aLabel: '6.19 → 7.2', bLabel: '7.2 → 7.2' };

export const DESIGN_DEBATES: Tour = {
  id: 'design-debates',
  title: 'Design debates, side by side',
  summary:
    'Five API choices argued on the mailing list, each one scenario on two kernels in compare mode: locked/unlock versus get/put for FLBs, outgoing FLB references for PCI hot-unplug, unregister returning an error or nothing, ENODATA versus ENOENT, and a handover the next kernel cannot read.',
  start: 'getput',
  scenarios: {
    getput: getput.scenario,
    refs: refs.scenario,
    unregister: unregister.scenario,
    enodata: enodata.scenario,
    handover: handover.scenario,
  },
  stops: [
    {
      title: 'Two ways to hand out a shared object',
      text: 'An FLB owner needs the incoming object. The v5–v7 series (Nov 2025) offered liveupdate_flb_incoming_locked(): it returned the object with the FLB mutex held, and _unlock() stored it back and released the mutex. The version merged for 7.0 replaced it with get_incoming; from 7.2 it takes a reference that put_incoming drops. A (get/put): get_incoming runs retrieve() and the count becomes 1 file + 1 reference = 2; B (_locked) counts the file only.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'incoming', count: 2 },
      compareWith: LOCK,
      kernel: 'liveupdate_flb_get_incoming() vs liveupdate_flb_incoming_locked()',
    },
    {
      title: 'A reference outlives the last file',
      text: 'vm1’s only file finishes while the hugetlb subsystem still holds its reference: the count goes 2 → 1 and the FLB stays. On B, the locked API counts no reference: the owner unlocked after using the object, and the FLB finish() ran with the last file. That API hands the object out only for as long as the caller holds the FLB mutex.',
      waitFor: { type: 'flb', compatible: 'hugetlb-v1', side: 'incoming', count: 1 },
      predict: {
        question: 'With get/put, the last dependent file finishes while a reference is held. Does the FLB finish() run?',
        choices: ['no, the count is still 1', 'yes, files decide alone', 'yes, and put_incoming then fails'],
        answer: 0,
        why: 'finish() runs when the count reaches 0, and a get_incoming reference counts. With _locked/_unlock nothing counts but files.',
      },
      compareWith: LOCK,
      kernel: 'luo_flb_file_finish()',
    },
    {
      title: 'The put finishes it',
      text: 'put_incoming drops the last reference and finish() runs. On B the finish() already ran at the file’s finish: the difference table shows it as a callback only one side ran. What differs is who can keep the object alive: a lock holder for the length of a critical section, a reference holder for as long as it likes.',
      waitFor: { type: 'callback', owner: 'flb', compatible: 'hugetlb-v1', callback: 'finish' },
      compareWith: LOCK,
      kernel: 'liveupdate_flb_put_incoming()',
    },
    {
      title: 'PCI hot-unplug: who owns the outgoing object?',
      text: 'The patch "Reference count outgoing FLB data" (flb-outgoing-refcount, mainline from 7.2) makes liveupdate_flb_get_outgoing() take a reference. Before anything is preserved there is no object to reference: ENOENT. Without the patch (B, 7.1) the same call returns ok, with no object.',
      scenario: 'refs',
      waitFor: { type: 'result', op: 'flb_get_outgoing', result: 'ENOENT' },
      predict: {
        question: 'With the patch, nothing is preserved yet. What does get_outgoing(pci-v1) return?',
        choices: ['ENOENT', 'ok, with no object', 'ENODATA'],
        answer: 0,
        why: 'Under the patch get_outgoing returns -ENOENT if there is no outgoing object; otherwise it takes a reference that liveupdate_flb_put_outgoing() must drop.',
      },
      compareWith: REFS,
      kernel: 'liveupdate_flb_get_outgoing()',
    },
    {
      title: 'The PCI core takes a reference',
      text: 'A VFIO device is preserved (pci-v1 count 1). The PCI core must edit the preserved-device state outside the FLB callbacks, so it takes a reference: 1 → 2.',
      waitFor: { type: 'flb', compatible: 'pci-v1', side: 'outgoing', count: 2 },
      compareWith: REFS,
      kernel: 'liveupdate_flb_get_outgoing()',
    },
    {
      title: 'Hot-unplug: the file goes, the data stays',
      text: 'The device is unplugged, so the VMM closes its session and the file is unpreserved. iommu-core-v1 has no other user and is unpreserved; pci-v1 goes 2 → 1 and stays. On B, without references, pci-v1 is unpreserved with the file, under the feet of a PCI core that may still be using it. Reviewers questioned the patch on the list; it was in the liveupdate next branch by July 2026.',
      waitFor: { type: 'flb', compatible: 'pci-v1', side: 'outgoing', count: 1 },
      predict: {
        question: 'The last file of vm1 is unpreserved while the PCI core holds a reference. What happens to pci-v1?',
        choices: ['count 2 → 1, it stays preserved', 'its unpreserve() runs now', 'close fails with EBUSY'],
        answer: 0,
        why: 'With the patch the per-file unpreserve path is a put like any other; unpreserve() runs only at the last put.',
      },
      compareWith: REFS,
      kernel: 'luo_flb_file_unpreserve() → liveupdate_flb_put_outgoing()',
    },
    {
      title: 'The last put unpreserves',
      text: 'The PCI core is done: liveupdate_flb_put_outgoing() drops the last reference and only now pci-v1 unpreserve() runs (B has no put_outgoing: ENOSYS). One side effect: the count written at reboot is the reference count, so a reference still held at reboot would be handed over as one more user.',
      waitFor: { type: 'callback', owner: 'flb', compatible: 'pci-v1', callback: 'unpreserve' },
      compareWith: REFS,
      kernel: 'liveupdate_flb_put_outgoing() → FLB ->unpreserve()',
    },
    {
      title: 'Unregister with sessions open: an error …',
      text: 'On 7.0, registering and unregistering handlers and FLBs first calls luo_session_quiesce(), which fails while any session exists. A session is open, so the hugetlb module’s unregister returns EBUSY and the handler stays; a registration gets EBUSY as well.',
      scenario: 'unregister',
      waitFor: { type: 'result', op: 'unregister_module', result: 'EBUSY' },
      predict: {
        question: '7.0, one session open (holding a memfd). What does unregistering the hugetlb handler return?',
        choices: ['EBUSY', 'ok', 'ENOENT'],
        answer: 0,
        why: 'On 6.19 and 7.0 unregister returns int, and luo_session_quiesce() refuses while an incoming or outgoing session exists.',
      },
      compareWith: UNREG,
      kernel: 'liveupdate_unregister_file_handler() → luo_session_quiesce()',
    },
    {
      title: '… or nothing to refuse with',
      text: 'On 7.0 the unregister succeeds once no session is left. On B, 7.1 returns void: the same calls succeed with the session open, and unregistering a handler also removes its FLBs. What keeps a module with preserved files loaded on 7.1 is the module reference taken per preserved file, not a refusal.',
      waitFor: { type: 'result', op: 'unregister_module', result: 'ok' },
      compareWith: UNREG,
      kernel: 'liveupdate_unregister_file_handler()',
    },
    {
      title: 'Cold boot: ENODATA, or EOPNOTSUPP with live update off',
      text: 'The PCI core asks for its incoming FLB at boot. A boots with live update on and nothing came before it: no FLB data at all, so get_incoming gives ENODATA. B boots its first kernel with liveupdate=off: liveupdate_flb_get_incoming() checks liveupdate_enabled() first and answers EOPNOTSUPP (B opens no /dev/liveupdate either).',
      scenario: 'enodata',
      waitFor: { type: 'result', op: 'flb_get_incoming', result: 'ENODATA' },
      predict: {
        question: 'A cold boot with live update on. What does liveupdate_flb_get_incoming(pci-v1) return?',
        choices: ['ENODATA', 'ENOENT', 'ok, with no object'],
        answer: 0,
        why: 'luo_flb_retrieve_one() answers ENODATA when the previous kernel left no FLB data at all; on a cold boot there is no previous kernel.',
      },
      compareWith: OFF,
      kernel: 'liveupdate_flb_get_incoming() → luo_flb_retrieve_one()',
    },
    {
      title: 'After a live update: ENOENT, after none: ENODATA',
      text: 'Both kexec into a kernel with live update on (the kexec step says so). A came from a kernel with LUO on: a live update happened, with no entry for pci-v1, so ENOENT. B came from a kernel with LUO off: no FLB data at all, so ENODATA again. This is the difference PCI needs: after ENOENT the old kernel may have left devices running under state this kernel cannot read; after ENODATA it cannot have.',
      waitFor: { type: 'result', op: 'flb_get_incoming', result: 'ENOENT' },
      predict: {
        question: 'A live update happened, but nothing was preserved for pci-v1. What does get_incoming(pci-v1) return?',
        choices: ['ENOENT', 'ENODATA', 'EOPNOTSUPP'],
        answer: 0,
        why: 'There is FLB data from the previous kernel, but no entry whose name is pci-v1: luo_flb_retrieve_one() answers ENOENT.',
      },
      compareWith: OFF,
      kernel: 'luo_flb_retrieve_one()',
    },
    {
      title: 'A handover the next kernel cannot read',
      text: 'A memfd is handed over into 7.2. On A the old kernel is 6.19, which writes a one-page FDT image; 7.2 reads only the luo-v5 image of the kho_block series, so luo_early_startup() fails and luo_restore_fail() panics: every later step of A is halted. B hands over from 7.2 and the file comes back. The timeline marks each step where they differ.',
      scenario: 'handover',
      waitFor: { type: 'panic' },
      predict: {
        question: '6.19 hands a preserved memfd over to a 7.2 kernel. What happens at boot?',
        choices: ['7.2 panics in luo_early_startup()', 'the session comes back', 'open_device gives EIO'],
        answer: 0,
        why: 'An incoming LUO subtree that cannot be read is not an errno: luo_restore_fail() calls panic(), with no fallback to a cold boot.',
      },
      compareWith: PANIC,
      kernel: 'luo_early_startup() → luo_restore_fail()',
    },
  ],
};

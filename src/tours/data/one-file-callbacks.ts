// Tour (b): one file's handler callbacks, from PRESERVE_FD to FINISH.
import { lessonScenario } from '../../scenario/library/lessons/lesson';
import type { Tour } from '../types';

export const ONE_FILE_CALLBACKS: Tour = {
  id: 'one-file-callbacks',
  title: 'One file through its handler callbacks, from preserve to finish',
  summary:
    'Two VFIO devices are preserved, frozen at reboot and come back in the next kernel; only one is retrieved. Follow every callback their handler gets, in order.',
  start: 'main',
  scenarios: {
    main: lessonScenario({
      title: 'Tour: one file through its handler callbacks',
      description:
        'vm1 preserves two VFIO device cdevs (handler vfio-pci-v1, registered after memfd-v1). After the kexec the PCI and IOMMU cores take their FLBs, only the first device is retrieved, and FINISH finishes both.',
      modules: ['memfd', 'vfio-pci'],
      steps: [
        { op: 'open_device', as: 'luo', expect: 'ok' },
        { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
        { op: 'create_file', kind: 'vfio-cdev', as: 'nic', expect: 'ok' },
        { op: 'create_file', kind: 'vfio-cdev', as: 'gpu', expect: 'ok' },
        { op: 'preserve_fd', session: 's1', fd: 'nic', token: 1, expect: 'ok' },
        { op: 'preserve_fd', session: 's1', fd: 'gpu', token: 2, expect: 'ok' },
        { op: 'kexec', expect: 'ok' },
        { op: 'flb_get_incoming', flb: 'pci-v1', expect: 'ok', note: 'The PCI core takes its FLB at boot.' },
        { op: 'flb_get_incoming', flb: 'iommu-core-v1', expect: 'ok', note: 'So does the IOMMU core.' },
        { op: 'open_device', as: 'luo', expect: 'ok' },
        { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
        { op: 'retrieve_fd', session: 's1', token: 1, as: 'nic', expect: 'ok', note: 'Only the first device is retrieved.' },
        { op: 'finish', session: 's1', expect: 'ok' },
        { op: 'close', fd: 's1', expect: 'ok' },
        { op: 'flb_put_incoming', flb: 'iommu-core-v1', expect: 'ok' },
        { op: 'flb_put_incoming', flb: 'pci-v1', expect: 'ok' },
      ],
    }),
  },
  stops: [
    {
      title: 'Who takes this file?',
      text: 'PRESERVE_FD names only an fd and a token; LUO must find the handler itself. It asks each registered handler, in registration order, whether it can preserve the file. memfd-v1 was registered first and says no: this is not a memfd.',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'memfd-v1', callback: 'can_preserve', token: 1 },
      predict: {
        question: 'Which handler is asked first whether it can preserve the VFIO device?',
        choices: ['memfd-v1, the first registered', 'vfio-pci-v1, the one that accepts VFIO devices', 'every handler at once, the answers are merged'],
        answer: 0,
        why: 'luo_preserve_file() walks the handler list in registration order and stops at the first can_preserve() that returns true. It has no other way to know which handler fits.',
      },
      kernel: 'luo_preserve_file() → ->can_preserve()',
    },
    {
      title: 'The first yes wins',
      text: 'vfio-pci-v1 says yes, so it handles this file from now on. Had no handler said yes (a /dev/null, say), PRESERVE_FD would have failed with ENOENT.',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'vfio-pci-v1', callback: 'can_preserve', token: 1 },
      kernel: 'luo_preserve_file()',
    },
    {
      title: 'get_id: is this file preserved already?',
      text: 'Since 7.1, LUO asks the handler for the file’s identity and inserts it into one global table of preserved files. If it is already there — in any session — PRESERVE_FD fails with EBUSY. For a memfd the identity is the inode, so two fds of one memfd count as the same file.',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'vfio-pci-v1', callback: 'get_id', token: 1 },
      predict: {
        question: 'The handler is chosen. Which of its callbacks does LUO call next?',
        choices: ['get_id()', 'preserve()', 'freeze()'],
        answer: 0,
        why: 'On 7.1 and later luo_preserve_file() pins the handler’s module, then calls get_id() to detect double preservation, before any FLB or handler preserve().',
      },
      kernel: 'luo_preserve_file() → ->get_id(), xa_insert(luo_preserved_files)',
    },
    {
      title: 'preserve(): the handler saves the file',
      text: 'Just before, the handler’s FLBs (pci-v1 and iommu-core-v1) were preserved, because this is their first dependent file. Now the handler’s own preserve() runs: it records what the next kernel needs and returns a handle, serialized_data. LUO keeps a reference to the file.',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'vfio-pci-v1', callback: 'preserve', token: 1 },
      kernel: 'luo_flb_file_preserve() → ->preserve()',
    },
    {
      title: 'freeze() at reboot',
      text: 'Both devices are preserved. reboot(LINUX_REBOOT_CMD_KEXEC) reaches liveupdate_reboot(): for each session, each file’s optional freeze() runs, then its compatible, serialized_data and token are written to the handover. freeze() lets the handler bring its saved state up to date just before the handover (memfd, for one, refreshes the file position).',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'vfio-pci-v1', callback: 'freeze' },
      predict: {
        question: 'Which device is frozen first?',
        choices: ['token 1, preserved first', 'token 2, preserved last', 'neither: freeze runs only on retrieved files'],
        answer: 0,
        why: 'luo_file_freeze() walks the session’s files in preservation order. (unpreserve and finish go the other way: last to first.)',
      },
      kernel: 'liveupdate_reboot() → luo_session_serialize() → luo_file_freeze() → ->freeze()',
    },
    {
      title: 'Deserialization calls no callback',
      text: 'In the new kernel, the first open of /dev/liveupdate rebuilds the incoming sessions. For each file, LUO looks up the handler by an exact compare of the compatible string "vfio-pci-v1" — and calls nothing. The device stays as the old kernel left it until someone retrieves it.',
      waitFor: { type: 'deserialize', result: 'ok' },
      predict: {
        question: 'Which vfio-pci-v1 callback runs when the incoming session is deserialized?',
        choices: ['none', 'retrieve() on every file', 'can_preserve() to check each file'],
        answer: 0,
        why: 'luo_file_deserialize() only records each file’s handler and serialized_data. retrieve() runs later, on RETRIEVE_FD, and only for the files asked for.',
      },
      kernel: 'luo_session_deserialize() → luo_file_deserialize()',
    },
    {
      title: 'retrieve(): the file comes back',
      text: 'RETRIEVE_FD(token 1) calls the handler’s retrieve() with the saved serialized_data; it builds a new struct file. A second RETRIEVE_FD of the same token would return that same file without calling retrieve() again. Then get_id() puts the new file in the table of preserved files until finish.',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'vfio-pci-v1', callback: 'retrieve', token: 1 },
      kernel: 'luo_retrieve_file() → ->retrieve()',
    },
    {
      title: 'FINISH asks every file first',
      text: 'FINISH starts with a pass over every file of the session: the optional can_finish() may say "not yet". Token 2 was never retrieved and is asked too. Only if every file says yes does anything get finished; otherwise FINISH returns EBUSY.',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'vfio-pci-v1', callback: 'can_finish', token: 2 },
      predict: {
        question: 'FINISH on vm1. Which callback runs first?',
        choices: ['can_finish() on each file', 'finish() on token 1', 'finish() on token 2'],
        answer: 0,
        why: 'luo_file_finish() makes two passes: can_finish() on all files (in preservation order), then finish() — so a refusal leaves the session untouched.',
      },
      kernel: 'luo_session_finish() → luo_file_finish() → ->can_finish()',
    },
    {
      title: 'A file never retrieved is finished too',
      text: 'The second pass goes from the last file to the first, so token 2 goes first — although it was never retrieved. Its finish() learns that from the retrieve status and can free what the old kernel preserved (a memfd frees its preserved pages this way). Then its FLBs drop one incoming reference each.',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'vfio-pci-v1', callback: 'finish', token: 2 },
      predict: {
        question: 'Token 2 was never retrieved. What does FINISH do with it?',
        choices: ['calls its finish() too, first', 'skips it: it was never retrieved', 'fails with ENOENT'],
        answer: 0,
        why: 'luo_file_finish() calls finish() for retrieved and never-retrieved files alike (args.retrieve_status tells which), last preserved first. A never-retrieved file would otherwise stay preserved forever.',
      },
      kernel: 'luo_file_finish() → ->finish() → luo_flb_file_finish()',
    },
    {
      title: 'The retrieved file belongs to its user',
      text: 'Token 1 is finished last. LUO drops its own reference: the device fd the agent retrieved is now an ordinary file. FINISH returned ok, and the session is empty; closing its fd frees it.',
      waitFor: { type: 'file_finished', token: 1, retrieved: true },
      kernel: 'luo_file_finish()',
    },
    {
      title: 'The FLBs finish last',
      text: 'The PCI and IOMMU cores still held their references on pci-v1 and iommu-core-v1. When they put them, each FLB count reaches 0 and its finish() runs — the handler callbacks were done before. The FLB tours show these counts in detail.',
      waitFor: { type: 'callback', owner: 'flb', compatible: 'pci-v1', callback: 'finish' },
      kernel: 'liveupdate_flb_put_incoming() → FLB ->finish()',
    },
  ],
};

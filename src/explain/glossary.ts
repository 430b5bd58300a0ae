// Glossary of the Live Update Orchestrator words luoscope uses, in plain language, with the
// kernel name behind each where there is one (../shared/reference/kernel-luo-notes.md).

export interface GlossaryEntry {
  term: string;
  definition: string;
  /** the kernel function, struct, file or constant the term refers to */
  kernel?: string;
}

export const GLOSSARY: GlossaryEntry[] = [
  {
    term: 'LUO',
    definition:
      'Live Update Orchestrator: the kernel subsystem that lets chosen resources (memory files, devices) survive a kexec reboot into a new kernel, so workloads such as VMs keep running across a kernel update. Userspace drives it through /dev/liveupdate.',
    kernel: 'kernel/liveupdate/luo_core.c',
  },
  {
    term: 'KHO',
    definition:
      'Kexec HandOver: the mechanism that keeps preserved memory intact across kexec and passes named data ("subtrees") from the old kernel to the new one. LUO stores all its state in a KHO subtree named "LUO".',
    kernel: 'kho_add_subtree(), kho_retrieve_subtree()',
  },
  {
    term: 'kexec',
    definition:
      'Booting a new kernel directly from the running one, without going through firmware. LUO serializes its state in liveupdate_reboot(), called from kernel_kexec() just before the jump; if that fails, reboot() fails and the old kernel keeps running.',
    kernel: 'reboot(LINUX_REBOOT_CMD_KEXEC) → kernel_kexec() → liveupdate_reboot()',
  },
  {
    term: 'session',
    definition:
      'A named container of preserved files, reached through its own fd. Outgoing sessions are created in the running kernel and handed to the next one; incoming sessions are the ones the previous kernel handed over. A session is handed over only if its fd is still open at kexec time.',
    kernel: 'struct luo_session (luo_session.c)',
  },
  {
    term: 'outgoing session',
    definition:
      'A session created in this kernel with CREATE_SESSION, to which files are added with PRESERVE_FD. Closing its last fd before the kexec unpreserves its files, and nothing of it is handed over. Names must be unique among outgoing sessions.',
    kernel: 'luo_session_create()',
  },
  {
    term: 'incoming session',
    definition:
      'A session recreated from the previous kernel\'s data at the first open of /dev/liveupdate. Userspace claims it once with RETRIEVE_SESSION, gets its files back with RETRIEVE_FD, and ends it with FINISH. It is never handed over again.',
    kernel: 'luo_session_deserialize(), luo_session_retrieve()',
  },
  {
    term: 'token',
    definition:
      'A 64-bit number chosen by userspace when it preserves a file; it names the file inside its session and is how the file is found again after the kexec. Tokens are unique per session only (EEXIST otherwise); the same token may appear in different sessions.',
    kernel: 'luo_file_ser.token, luo_token_is_used()',
  },
  {
    term: 'file handler',
    definition:
      'The code that knows how to preserve one kind of file (memfd, iommufd, ...). It registers a set of callbacks with LUO: can_preserve, preserve, unpreserve, freeze, unfreeze, retrieve, can_finish, finish and (7.1+) get_id. PRESERVE_FD asks the registered handlers in registration order; the first whose can_preserve() says yes handles the file.',
    kernel: 'struct liveupdate_file_handler, liveupdate_register_file_handler()',
  },
  {
    term: 'compatible string',
    definition:
      'The name and version of a handler or FLB data format, such as "memfd-v1". It is written next to every preserved file, and the next kernel looks for a registered handler with exactly the same string; a missing or renamed handler makes deserialization fail (open gives EIO).',
    kernel: 'liveupdate_file_handler.compatible, luo_file_ser.compatible',
  },
  {
    term: 'FLB',
    definition:
      'File-Lifecycle-Bound object: shared, global state that several preserved files depend on (e.g. an IOMMU or PCI core state). Its preserve() runs when the first dependent file is preserved, its unpreserve() when the last goes; in the new kernel it is retrieved on demand and its finish() runs after the last dependent file finished. Present from 7.0.',
    kernel: 'struct liveupdate_flb, liveupdate_register_flb() (luo_flb.c)',
  },
  {
    term: 'FLB outgoing / incoming count',
    definition:
      'How many preserved files (across all sessions) depend on an FLB in the old kernel, and how many still have to finish in the new one. The outgoing count is written into the handover image; the incoming count is loaded from it when the FLB is retrieved.',
    kernel: 'luo_flb outgoing.count / incoming.count',
  },
  {
    term: 'get_incoming / put_incoming',
    definition:
      'The in-kernel accessors an FLB user calls to reach the object handed over by the previous kernel. get_incoming retrieves the FLB the first time; on the newest kernels it also takes a reference that put_incoming drops. The Nov 2025 API spelled them _incoming_locked/_incoming_unlock.',
    kernel: 'liveupdate_flb_get_incoming(), liveupdate_flb_put_incoming()',
  },
  {
    term: 'serialized_data',
    definition:
      'A 64-bit handle that a handler\'s preserve() produces (usually the physical address of a preserved descriptor) and freeze() may update. LUO writes it into the handover image and gives it back to the handler\'s retrieve() in the next kernel.',
    kernel: 'liveupdate_file_op_args.serialized_data, luo_file_ser.data',
  },
  {
    term: 'preserve / unpreserve',
    definition:
      'preserve() is the handler callback run by PRESERVE_FD: it saves what the next kernel will need. unpreserve() undoes it when the session is closed before the kexec.',
    kernel: 'liveupdate_file_ops.preserve, .unpreserve',
  },
  {
    term: 'can_preserve',
    definition: 'The handler callback that answers "is this file one of mine?"; LUO asks handlers in registration order and the first yes wins. No yes at all gives ENOENT.',
    kernel: 'liveupdate_file_ops.can_preserve',
  },
  {
    term: 'freeze / unfreeze',
    definition:
      'At kexec, luo_session_serialize() calls each preserved file\'s optional freeze() in order, for last-moment updates. If one fails, the files already frozen get unfreeze() (a rollback), and the reboot fails with that errno.',
    kernel: 'liveupdate_file_ops.freeze, .unfreeze; luo_file_freeze()',
  },
  {
    term: 'retrieve',
    definition:
      'RETRIEVE_FD in the new kernel: the handler\'s retrieve() rebuilds the file from serialized_data. It runs once per file; later calls return the same file. From 7.1 a failed retrieve is remembered (retrieve_status) and returned again.',
    kernel: 'luo_retrieve_file(), liveupdate_file_ops.retrieve',
  },
  {
    term: 'finish',
    definition:
      'The end of an incoming session: after every can_finish() said yes, each file\'s finish() runs (last file first). Retrieved files then belong to userspace alone; files never retrieved are discarded. The handler learns which via args.retrieve_status (args.retrieved on 6.19/7.0).',
    kernel: 'LIVEUPDATE_SESSION_FINISH, luo_file_finish(), liveupdate_file_ops.finish',
  },
  {
    term: 'can_finish',
    definition: 'An optional handler callback asked for every file before FINISH does anything; a single "no" makes FINISH fail with EBUSY and nothing is finished.',
    kernel: 'liveupdate_file_ops.can_finish',
  },
  {
    term: 'handover image',
    definition:
      'Everything LUO writes for the next kernel: the live-update number, each open outgoing session with its files ({compatible, serialized_data, token}) and the FLB entries. 6.19–7.1 use a small FDT ("luo-v1"); the newest kernels a raw struct luo_ser ("luo-v5") with linked blocks. Nothing else crosses the kexec.',
    kernel: 'KHO subtree "LUO" (include/linux/kho/abi/luo.h)',
  },
  {
    term: 'liveupdate number',
    definition: 'A counter of live updates in a row: 0 on a cold boot, and each kernel writes its incoming number + 1 into the handover image.',
    kernel: '"liveupdate-number" (FDT) / luo_ser.liveupdate_num',
  },
  {
    term: 'generation',
    definition: 'luoscope\'s number for each booted kernel in a scenario: 0 for the cold boot, +1 after every kexec. Each generation may run a different kernel profile.',
  },
  {
    term: 'get_id / double preservation',
    definition:
      'From 7.1 a file may be preserved in only one session at a time: LUO records each preserved file\'s id (the handler\'s get_id(), or the struct file) in a global xarray and a second PRESERVE_FD of the same file gives EBUSY. memfd\'s get_id() is the inode, so a dup of a preserved memfd collides too. 6.19/7.0 have no such check.',
    kernel: 'liveupdate_file_ops.get_id, luo_preserved_files',
  },
  {
    term: 'session-kind gating',
    definition:
      'On the newest kernels, session ioctls check the kind of session: PRESERVE_FD only on outgoing sessions, RETRIEVE_FD and FINISH only on incoming ones (GET_NAME on both); otherwise EINVAL. Earlier kernels had no such check.',
    kernel: 'luo_ioctl_type_valid()',
  },
  {
    term: 'liveupdate= switch',
    definition:
      'The kernel command-line parameter that turns LUO on (default off in the kernel, on in luoscope). With it off, /dev/liveupdate does not exist (open gives ENOENT), registrations give EOPNOTSUPP, and handed-over data is ignored.',
    kernel: 'early_liveupdate_param(), liveupdate_enabled()',
  },
  {
    term: 'memfd',
    definition:
      'An anonymous memory-backed file (memfd_create()), the first file type LUO can preserve. Its handler "memfd-v1" preserves its pages and freezes its size; after the kexec a new memfd with the same contents is returned.',
    kernel: 'mm/memfd_luo.c',
  },
  {
    term: '/dev/liveupdate',
    definition:
      'The LUO control device. Only one process may hold it open (a second open gives EBUSY); its ioctls create and retrieve sessions. The first open after a kexec deserializes the incoming sessions, and if that fails every open gives EIO.',
    kernel: 'luo_open(), luo_ioctl()',
  },
  {
    term: 'deserialization',
    definition:
      'Rebuilding the incoming sessions and files from the handover image, done lazily at the first open of /dev/liveupdate. Every handler named in the image must be registered by then.',
    kernel: 'luo_session_deserialize(), luo_file_deserialize()',
  },
  {
    term: 'boot panic (luo_restore_fail)',
    definition:
      'If the new kernel cannot read the LUO data at early boot (wrong format or version), it panics instead of running with half the state; luoscope shows the machine as halted.',
    kernel: 'luo_early_startup(), luo_restore_fail()',
  },
  {
    term: 'profile',
    definition:
      'luoscope\'s name for a kernel version\'s LUO semantics: 6.19 (first merge), 7.0 (FLBs), 7.1 (double-preservation check, remembered retrieve errors) and latest (linked blocks, GET_NAME, session-kind gating), plus optional patches on latest.',
  },
];

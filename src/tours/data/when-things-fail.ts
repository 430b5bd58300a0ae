// Tour (e): when things fail — a freeze at reboot, a can_finish refusal, a handler the next
// kernel does not have.
import { canFinishEbusy } from '../../scenario/library/lessons/can-finish-ebusy';
import { freezeFailureRollback } from '../../scenario/library/lessons/freeze-failure-rollback';
import { handlerVersionMismatch } from '../../scenario/library/lessons/handler-version-mismatch';
import { missingHandlerNextKernel } from '../../scenario/library/lessons/missing-handler-next-kernel';
import type { Tour } from '../types';

export const WHEN_THINGS_FAIL: Tour = {
  id: 'when-things-fail',
  title: 'When things fail: freeze rollback, EBUSY at finish, a missing handler',
  summary:
    'Three failures and how LUO recovers from each: a device that will not freeze at reboot, a device not ready to finish, and a next kernel without the right handler.',
  start: 'freeze',
  scenarios: {
    freeze: freezeFailureRollback.scenario,
    busy: canFinishEbusy.scenario,
    missing: missingHandlerNextKernel.scenario,
    renamed: handlerVersionMismatch.scenario,
  },
  stops: [
    {
      title: 'A device will not freeze',
      text: 'vm1 holds an iommufd, vm2 two VFIO devices. At reboot the files are frozen session by session, file by file: vm1/1 and vm2/1 pass, but vm2/2 fails with ETIMEDOUT (a fault injected for this lesson: the device did not quiesce).',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'vfio-pci-v1', callback: 'freeze', session: 'vm2', token: 2 },
      kernel: 'luo_session_serialize() → luo_file_freeze() → ->freeze()',
    },
    {
      title: 'Undo: this session first',
      text: 'LUO undoes what it froze. It starts in the failing session: unfreeze() runs on the files frozen before the failing one, in forward order — here just vm2/1. The failing file itself is not unfrozen: its freeze() did not succeed.',
      waitFor: { type: 'callback', owner: 'handler', callback: 'unfreeze', session: 'vm2', token: 1 },
      predict: {
        question: 'freeze() of vm2/2 failed. Which callback runs next?',
        choices: ['unfreeze() on vm2/1', 'unfreeze() on vm1/1', 'unfreeze() on vm2/2, the failing file'],
        answer: 0,
        why: 'luo_file_freeze() unfreezes files 0..k−1 of its own session first; the earlier sessions come after.',
      },
      kernel: 'luo_file_freeze() → ->unfreeze()',
    },
    {
      title: 'Then the earlier sessions, in reverse',
      text: 'Then every session frozen before vm2 is unfrozen, in reverse session order (each one’s files in forward order): vm1/1. The entries written so far are cleared.',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'iommufd-v1', callback: 'unfreeze', session: 'vm1', token: 1 },
      kernel: 'luo_session_serialize() → luo_session_unfreeze_one() → luo_file_unfreeze()',
    },
    {
      title: 'reboot() fails with freeze’s errno',
      text: 'liveupdate_reboot() returns the error and the reboot syscall fails with it: the machine keeps running the old kernel, with every session and file as it was. The FLB counts were never touched — luo_flb_serialize() had not run, and FLBs have no freeze — so there is nothing to undo there.',
      waitFor: { type: 'result', op: 'kexec', result: 'ETIMEDOUT' },
      predict: {
        question: 'What does reboot(LINUX_REBOOT_CMD_KEXEC) return?',
        choices: ['ETIMEDOUT, the freeze() error', 'EAGAIN', 'nothing: the kexec goes ahead without vm2'],
        answer: 0,
        why: 'The freeze errno is passed up unchanged. EAGAIN was what 6.19–7.1 returned when kho_finalize() failed after a successful serialization — and that path did not unfreeze.',
      },
      kernel: 'kernel_kexec() → liveupdate_reboot()',
    },
    {
      title: 'Try again',
      text: 'The injected fault fired once. The second reboot freezes all three files and hands over both sessions and the two FLBs: a failed freeze costs a retry, not the live update.',
      waitFor: { type: 'handover' },
      kernel: 'liveupdate_reboot()',
    },
    {
      title: 'A device not ready to finish',
      text: 'Another run: two VFIO devices of vm1 came across and were retrieved. The second device’s can_finish() says no (injected): FINISH returns EBUSY. can_finish() runs for every file before any finish(), so nothing was finished.',
      scenario: 'busy',
      waitFor: { type: 'result', op: 'finish', result: 'EBUSY' },
      predict: {
        question: 'can_finish() of token 2 returns false. What does FINISH return?',
        choices: ['EBUSY, and nothing is finished', 'ok, token 1 finished and token 2 kept', 'EBUSY, but token 1 is finished'],
        answer: 0,
        why: 'luo_file_finish() makes a first pass of can_finish() over all files; one refusal returns -EBUSY before the second (finish) pass starts.',
      },
      kernel: 'luo_file_finish() → ->can_finish()',
    },
    {
      title: 'The session is as it was',
      text: 'RETRIEVE_FD(token 1) still works and returns the same file: the session kept every file. The device can be given time, and FINISH called again.',
      waitFor: { type: 'result', op: 'retrieve_fd', result: 'ok' },
      kernel: 'luo_retrieve_file()',
    },
    {
      title: 'The second FINISH succeeds',
      text: 'Both devices agree now. finish() runs from the last file to the first — token 2, then token 1 — each followed by its FLBs. (Had the session fd been closed while a can_finish() still said no, the session would be held, unretrievable, until the next live update.)',
      waitFor: { type: 'callback', owner: 'handler', compatible: 'vfio-pci-v1', callback: 'finish', token: 2 },
      kernel: 'luo_file_finish() → ->finish()',
    },
    {
      title: 'The next kernel lacks the handler',
      text: 'A third run: a memfd is preserved, but the next kernel boots without the memfd module. The first open of /dev/liveupdate deserializes the incoming sessions; no registered handler has compatible "memfd-v1", so deserialization fails and open returns EIO.',
      scenario: 'missing',
      waitFor: { type: 'result', op: 'open_device', result: 'EIO' },
      predict: {
        question: 'What does the first open of /dev/liveupdate return?',
        choices: ['EIO', 'ok, and RETRIEVE_FD later fails with ENOENT', 'ENOENT'],
        answer: 0,
        why: 'luo_session_deserialize() runs in the first luo_open(); a file whose handler is missing is -ENOENT inside, and open() turns any deserialization failure into -EIO.',
      },
      kernel: 'luo_open() → luo_session_deserialize()',
    },
    {
      title: 'The module arrives too late',
      text: 'The memfd module is loaded now and its handler registers fine. Every handler named in the incoming data had to be registered before the first open.',
      waitFor: { type: 'handler_register', compatible: 'memfd-v1', result: 'ok' },
      kernel: 'liveupdate_register_file_handler()',
    },
    {
      title: 'EIO is cached',
      text: 'Opening again still gives EIO. The result of deserialization is kept and never retried; the sessions rebuilt before the failure are leaked on purpose. Live update is unusable until the next reboot.',
      waitFor: { type: 'result', op: 'open_device', result: 'EIO' },
      predict: {
        question: 'The memfd handler is registered now. What does the next open return?',
        choices: ['EIO again', 'ok: deserialization is retried', 'EBUSY'],
        answer: 0,
        why: 'luo_open() caches the failed luo_session_deserialize() result in statics: every later open fails with -EIO.',
      },
      kernel: 'luo_open()',
    },
    {
      title: 'A renamed handler is a missing handler',
      text: 'Last run: the next kernel does have a memfd handler, but as "memfd-v2". The handler is found by an exact compare of the compatible string, so "memfd-v1" finds nothing: EIO, exactly as if it were missing. A compatible string is an ABI version.',
      scenario: 'renamed',
      waitFor: { type: 'deserialize', result: 'EIO' },
      kernel: 'luo_session_deserialize() → luo_file_deserialize()',
    },
  ],
};

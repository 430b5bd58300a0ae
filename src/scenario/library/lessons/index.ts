// The library's lessons (SPEC §5), in teaching order.
import type { Lesson } from './lesson';
import { flbSharedTwoHandlers } from './flb-shared-two-handlers';
import { freezeFailureRollback } from './freeze-failure-rollback';
import { canFinishEbusy } from './can-finish-ebusy';
import { sessionClosedBeforeKexec } from './session-closed-before-kexec';
import { agentExitsBeforeKexec } from './agent-exits-before-kexec';
import { neverRetrievedSession } from './never-retrieved-session';
import { flbEnodataVsEnoent } from './flb-enodata-vs-enoent';
import { missingHandlerNextKernel } from './missing-handler-next-kernel';
import { handlerVersionMismatch } from './handler-version-mismatch';
import { flbLazyRetrieve } from './flb-lazy-retrieve';
import { pciHotUnplugOutgoingRefcount } from './pci-hot-unplug-outgoing-refcount';
import { twoKexecsInARow } from './two-kexecs-in-a-row';
import { doublePreserve71Vs70 } from './double-preserve-71-vs-70';
import { liveupdateOff } from './liveupdate-off';
import { unregisterIntVsVoid } from './unregister-int-vs-void';
import { retrieveErrorRemembered } from './retrieve-error-remembered';
import { retrieveErrorRetried619 } from './retrieve-error-retried-6-19';
import { kexecIntoOlderKernelPanics } from './kexec-into-older-kernel-panics';
import { pciCoreRules } from './pci-core-rules';
import { pciVersionMismatchPanics } from './pci-version-mismatch-panics';
import { eventfdCounterSurvives } from './eventfd-counter-survives';
import { cpuParkedAcrossKexec } from './cpu-parked-across-kexec';
import { vfioPciV2FreezeStopsIo } from './vfio-pci-v2-freeze-stops-io';

export type { Lesson } from './lesson';

export const LESSONS: Lesson[] = [
  flbSharedTwoHandlers,
  freezeFailureRollback,
  canFinishEbusy,
  sessionClosedBeforeKexec,
  agentExitsBeforeKexec,
  neverRetrievedSession,
  flbEnodataVsEnoent,
  missingHandlerNextKernel,
  handlerVersionMismatch,
  flbLazyRetrieve,
  pciHotUnplugOutgoingRefcount,
  twoKexecsInARow,
  doublePreserve71Vs70,
  liveupdateOff,
  unregisterIntVsVoid,
  retrieveErrorRemembered,
  retrieveErrorRetried619,
  kexecIntoOlderKernelPanics,
  pciCoreRules,
  pciVersionMismatchPanics,
  eventfdCounterSurvives,
  cpuParkedAcrossKexec,
  vfioPciV2FreezeStopsIo,
];

// The LUO core (kernel/liveupdate/luo_core.c): boot and the enable switch, the exclusive
// /dev/liveupdate device with lazy deserialization, ioctl dispatch, and liveupdate_reboot().
import type { CustomModule, KernelId, PatchId } from '../scenario/types';
import type { LuoEvent } from './events';
import type { Result } from './errno';
import { emit, type FileObj, type Kernel } from './kernel';
import { installFd, newAgent, newFile, type Release } from './agent';
import { deserializeSessions, releaseSession, serializeSessions, sessionState } from './session';
import { flbState, serializeFlbs } from './flb';
import { fileState } from './file';
import { incompatibility, rootCompatible, type HandoverImage } from './handover';
import { handlerState, loadModule } from './handler';
import { takeFault } from './modules/faults';
import { makeProfile, patchBuiltIn, patchInapplicable, type Profile } from './profiles';

export interface BootConfig {
  profile: KernelId;
  patches: PatchId[];
  liveupdate: boolean;
  modules: string[];
}

/** The core's state before luo_early_startup() has looked at any image. */
function coreState(profile: Profile, cfg: Pick<BootConfig, 'liveupdate' | 'modules'>): Pick<Kernel, 'profile' | 'patches' | 'enabled' | 'bootModules' | 'serialized' | 'halted' | 'incoming' | 'liveupdateNum' | 'device'> {
  return {
    profile,
    patches: [...profile.patches],
    enabled: cfg.liveupdate,
    bootModules: [...cfg.modules],
    serialized: false,
    halted: false,
    incoming: null,
    liveupdateNum: 0,
    device: { registered: false, inUse: false, deser: 'none' },
  };
}

/** The machine before its first boot: every layer's state empty, as bootKernel() leaves it. */
export function newKernel(o: { profile: Profile; custom: readonly CustomModule[]; sink: (ev: LuoEvent) => void }): Kernel {
  return {
    ...coreState(o.profile, { liveupdate: true, modules: [] }),
    ...sessionState(),
    ...handlerState(),
    ...flbState(),
    ...fileState(),
    gen: 0,
    agent: newAgent(-1),
    custom: o.custom,
    faults: [],
    counters: { seq: 0, step: -1, nextFile: 1, nextInode: 1, nextSid: 1, nextFlbOrder: 0, nextPa: 0 },
    sink: o.sink,
    pendingViolations: [],
  };
}

/** A kernel generation boots: luo_early_startup(), late startup, then module initcalls. */
export function bootKernel(k: Kernel, cfg: BootConfig, image: HandoverImage | null): void {
  const profile = makeProfile(cfg.profile, cfg.patches);
  Object.assign(k, coreState(profile, cfg), sessionState(), handlerState(), flbState(), fileState());
  k.agent = newAgent(k.agent.incarnation + 1); // a new kernel starts with no process of the old one
  const incoming = image === null ? 'none' : k.enabled ? 'found' : 'ignored';
  // luo_early_startup() checks only kho_is_enabled(), not the liveupdate switch: the image is
  // parsed (and an unreadable one panics) even when LUO is off; only the device stays away.
  if (image) k.liveupdateNum = image.liveupdateNum;
  emit(k, { type: 'boot', profile: k.profile.id, patches: k.patches, liveupdate: k.enabled, liveupdateNum: k.liveupdateNum, incoming });
  for (const p of cfg.patches) {
    if (patchBuiltIn(k.profile.id, p)) emit(k, { type: 'warn', message: `patch ${p} is mainline since 7.2: ${k.profile.id} has it already, listing it changes nothing` });
    else if (patchInapplicable(k.profile.id, p)) emit(k, { type: 'warn', message: `patch ${p} needs luo_flb.c (7.0 and later): ${k.profile.id} ignores it` });
  }
  if (image) {
    const why = incompatibility(image, k.profile);
    if (why) {
      k.halted = true;
      emit(k, { type: 'panic', reason: `luo_restore_fail(): ${why}` });
      return;
    }
    if (k.enabled) k.incoming = image;
  }
  k.device = { registered: k.enabled, inUse: false, deser: k.incoming ? 'pending' : 'none' };
  for (const m of cfg.modules) loadModule(k, m);
}

/** What happens when a file's last reference goes (the f_op->release of each kind). */
export const release: Release = (k: Kernel, f: FileObj) => {
  if (f.kind === 'device') {
    k.device.inUse = false; // luo_release(): sessions are untouched
    emit(k, { type: 'device', action: 'release' });
  } else if (f.kind === 'session' && f.sid !== undefined) {
    const s = k.sessions.get(f.sid);
    if (s) releaseSession(k, s, release);
  }
};

/** luo_open(): exclusive; the first open deserializes the incoming sessions. */
export function openDevice(k: Kernel): { result: Result; fd?: number } {
  if (!k.device.registered) return { result: 'ENOENT' };
  if (k.device.inUse) return { result: 'EBUSY' };
  if (k.device.deser === 'pending') {
    const { result, reason } = deserializeSessions(k, k.incoming?.sessions ?? []);
    k.device.deser = result === 'ok' ? 'ok' : 'failed';
    emit(k, { type: 'deserialize', result: result === 'ok' ? 'ok' : 'EIO', ...(reason ? { reason } : {}) });
  }
  if (k.device.deser === 'failed') return { result: 'EIO' };
  k.device.inUse = true;
  emit(k, { type: 'device', action: 'open' });
  const f = newFile(k, 'device');
  return { result: 'ok', fd: installFd(k, f) };
}

/** kernel_kexec(): liveupdate_reboot(), then (if it worked) the next kernel boots from the image. */
export function kexecInto(k: Kernel, next: BootConfig): Result {
  const { result, image } = rebootKexec(k);
  if (result !== 'ok') return result;
  k.gen++;
  bootKernel(k, next, image);
  return 'ok';
}

/** liveupdate_reboot() from kernel_kexec(): serialize sessions, then FLBs, then KHO. */
export function rebootKexec(k: Kernel): { result: Result; image: HandoverImage | null } {
  emit(k, { type: 'kexec', phase: 'start' });
  if (!k.enabled) {
    emit(k, { type: 'kexec', phase: 'jump', result: 'ok' });
    return { result: 'ok', image: null };
  }
  const ser = serializeSessions(k);
  emit(k, { type: 'kexec', phase: 'serialize', result: ser.result });
  if (ser.result !== 'ok' || !ser.sessions) {
    emit(k, { type: 'kexec', phase: 'failed', result: ser.result });
    return { result: ser.result, image: null };
  }
  if (k.profile.format === 'luo-v5') k.serialized = true; // the serialize rwsem stays held for write
  const flbs = k.profile.flb ? serializeFlbs(k) : null;
  if (k.profile.flb) emit(k, { type: 'kexec', phase: 'flb_serialize', result: 'ok' });
  if (k.profile.khoFinalize) {
    const fault = takeFault(k, 'kho', 'finalize', {});
    const r: Result = fault ? 'EAGAIN' : 'ok'; // any kho_finalize() error is mapped to -EAGAIN
    emit(k, { type: 'kexec', phase: 'kho_finalize', result: r });
    if (r !== 'ok') {
      emit(k, { type: 'kexec', phase: 'failed', result: r });
      return { result: r, image: null }; // no unfreeze on this path
    }
  }
  for (const s of k.outgoing)
    if (s.file === null) k.pendingViolations.push({ rule: 'handover-open-sessions', message: `session "${s.name}" crosses the kexec without an open fd` });
  const image: HandoverImage = {
    format: k.profile.format,
    compatible: rootCompatible(k.profile.format),
    liveupdateNum: k.liveupdateNum + 1,
    sessions: ser.sessions,
    flbs,
  };
  emit(k, { type: 'handover', image });
  emit(k, { type: 'kexec', phase: 'jump', result: 'ok' });
  return { result: 'ok', image };
}

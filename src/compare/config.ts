// A kernel configuration to run a scenario on: what "Compare with…" picks for B (and what A
// is, read off the scenario). Applying one overrides the scenario's `kernel` and
// `boot.modules` only. Steps are kept as written: a `kexec` step that names its own profile,
// patches, modules or liveupdate switch boots that kernel on both sides (a 6.19 → 7.2
// handover stays a handover into 7.2); a `kexec` step that names nothing boots the side's
// own kernel again, as it always does (SPEC §2).
import { PATCH_IDS, PROFILE_IDS, resolveProfileId, type PatchId, type ProfileId, type ResolvedScenario, type Scenario, type ScenarioVersion } from '../scenario/types';
import { validateScenario } from '../scenario/validate';

/** The kernel a run boots first: profile, patches, boot modules (in order), `liveupdate` switch. */
export interface CompareKernel {
  profile: ProfileId;
  patches: PatchId[];
  modules: string[];
  liveupdate: boolean;
}

/** The kernel a (validated) scenario boots first: its side A. */
export function kernelOf(s: ResolvedScenario): CompareKernel {
  return { profile: s.kernel.profile, patches: [...s.kernel.patches], modules: [...s.boot.modules], liveupdate: s.kernel.liveupdate };
}

/** The scenario run on kernel `k`: `kernel` and `boot.modules` replaced, steps untouched. */
export function applyKernel<S extends Scenario>(s: S, k: CompareKernel): S {
  return { ...s, kernel: { profile: k.profile, patches: [...k.patches], liveupdate: k.liveupdate }, boot: { ...s.boot, modules: [...k.modules] } };
}

export type KernelCheck = { ok: true; scenario: ResolvedScenario } | { ok: false; message: string };

/** The scenario on kernel `k`, validated: an unknown profile, patch or module is named. */
export function checkKernel(s: Scenario, k: CompareKernel): KernelCheck {
  const v = validateScenario(applyKernel(s, k));
  if (v.ok) return { ok: true, scenario: v.scenario };
  return { ok: false, message: v.issues.map((i) => i.message).join('; ') };
}

/** `latest` replaced by the release it means for this scenario version (what links carry). */
export function pinKernel(k: CompareKernel, version: ScenarioVersion): CompareKernel {
  return k.profile === 'latest' ? { ...k, profile: resolveProfileId('latest', version) } : k;
}

/** Two configurations boot the same first kernel. */
export function sameKernel(a: CompareKernel, b: CompareKernel): boolean {
  const eq = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.profile === b.profile && a.liveupdate === b.liveupdate && eq(a.patches, b.patches) && eq(a.modules, b.modules);
}

/** One line: "7.1 + flb-outgoing-refcount · memfd, hugetlb · liveupdate=off". */
export function describeKernel(k: CompareKernel, version?: ScenarioVersion): string {
  const profile = k.profile === 'latest' && version !== undefined ? `latest (${resolveProfileId('latest', version)})` : k.profile;
  const patches = k.patches.length ? ` + ${k.patches.join(' + ')}` : '';
  return `${profile}${patches} · ${k.modules.length ? k.modules.join(', ') : 'no modules'}${k.liveupdate ? '' : ' · liveupdate=off'}`;
}

/** A short label for a side: the profile and patches only ("7.1 + lock-api-v6"). */
export function kernelLabel(k: CompareKernel, version?: ScenarioVersion): string {
  const profile = k.profile === 'latest' && version !== undefined ? resolveProfileId('latest', version) : k.profile;
  return `${profile}${k.patches.length ? ` + ${k.patches.join(' + ')}` : ''}${k.liveupdate ? '' : ' (off)'}`;
}

export const isProfileId = (v: unknown): v is ProfileId => typeof v === 'string' && (PROFILE_IDS as readonly string[]).includes(v);
export const isPatchId = (v: unknown): v is PatchId => typeof v === 'string' && (PATCH_IDS as readonly string[]).includes(v);

/** A value read from outside (a link, a file) as a CompareKernel, or what is wrong with it. */
export function readKernel(v: unknown): CompareKernel | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'it is not an object';
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!['profile', 'patches', 'modules', 'liveupdate'].includes(key)) return `"${key.slice(0, 40)}" is not a kernel field (profile, patches, modules, liveupdate)`;
  if (!isProfileId(o.profile)) return `its profile ${JSON.stringify(o.profile)?.slice(0, 40)} is not one of ${PROFILE_IDS.join(', ')}`;
  const patches = o.patches ?? [];
  if (!Array.isArray(patches) || !patches.every(isPatchId)) return `its patches are not a list of ${PATCH_IDS.join(', ')}`;
  const modules = o.modules ?? ['memfd'];
  if (!Array.isArray(modules) || !modules.every((m) => typeof m === 'string' && m.length <= 80) || modules.length > 64) return 'its modules are not a list of module names';
  const liveupdate = o.liveupdate ?? true;
  if (typeof liveupdate !== 'boolean') return 'its liveupdate is not true or false';
  return { profile: o.profile, patches: [...patches], modules: [...(modules as string[])], liveupdate };
}


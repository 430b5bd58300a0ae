// Which steps a userspace selftest cannot perform on a real kernel, and why (issue #16).
import type { StepOutcome } from '../../engine/run';
import type { Scenario, Step } from '../../scenario/types';
import { ARG_MAX } from './uapi';
import { C_ERRNOS } from './errnos';

export interface Refusal {
  /** index in the scenario's steps[] */
  i: number;
  op: Step['op'];
  reason: string;
}

/** File kinds a plain selftest can create: memfd_create(2), /dev/null, a file in a temp dir. */
export const CREATABLE_KINDS = ['memfd', 'devnull', 'regular'] as const;

const sameList = (a: readonly string[] | undefined, b: readonly string[]) => a === undefined || (a.length === b.length && a.every((x, j) => x === b[j]));

/**
 * Every step the exported C cannot perform, given the engine's outcome of each step; an empty
 * list means the scenario exports as it is.
 */
export function refusals(s: Scenario, outcomes: readonly StepOutcome[]): Refusal[] {
  const out: Refusal[] = [];
  let profile = s.kernel?.profile ?? 'latest';
  let patches: readonly string[] = s.kernel?.patches ?? [];
  let liveupdate = s.kernel?.liveupdate ?? true;
  let modules: readonly string[] = s.boot?.modules ?? ['memfd'];
  s.steps.forEach((step, i) => {
    const refuse = (reason: string) => out.push({ i, op: step.op, reason });
    const o = outcomes[i];
    if (o?.result === 'halted') return refuse('the simulated kernel panicked at boot (luo_early_startup), so this step never runs');
    switch (step.op) {
      case 'inject':
        return refuse(`a fault injected into ${step.target} ${step.callback}() happens inside the kernel; a selftest cannot arm it`);
      case 'register_module':
      case 'unregister_module':
        return refuse(`${step.op === 'register_module' ? 'registering' : 'unregistering'} the handlers of module ${step.module} is an in-kernel call (liveupdate_${step.op === 'register_module' ? '' : 'un'}register_file_handler); userspace cannot do it`);
      case 'flb_get_incoming':
      case 'flb_put_incoming':
      case 'flb_get_outgoing':
      case 'flb_put_outgoing':
        return refuse(`liveupdate_${step.op}(${step.flb}) is an in-kernel FLB call; no ioctl reaches it`);
      case 'create_file':
        if (!(CREATABLE_KINDS as readonly string[]).includes(step.kind))
          return refuse(`a file of kind ${step.kind} cannot be created by a plain selftest (only ${CREATABLE_KINDS.join(', ')})`);
        break;
      case 'kexec': {
        const changes: string[] = [];
        if (step.profile !== undefined && step.profile !== profile) changes.push(`profile ${step.profile}`);
        const nextPatches = step.patches ?? (step.profile !== undefined && step.profile !== profile ? [] : patches);
        if (!sameList(nextPatches, patches)) changes.push(`patches [${nextPatches.join(', ')}]`);
        if (step.liveupdate !== undefined && step.liveupdate !== liveupdate) changes.push(`liveupdate=${step.liveupdate ? 'on' : 'off'}`);
        if (!sameList(step.modules, modules)) changes.push(`modules [${(step.modules ?? []).join(', ')}]`);
        profile = step.profile ?? profile;
        patches = nextPatches;
        liveupdate = step.liveupdate ?? liveupdate;
        modules = step.modules ?? modules;
        if (changes.length) return refuse(`a kexec into another kernel (${changes.join(', ')}); the test cannot choose the next kernel`);
        if (o && o.result !== 'ok') return refuse(`the reboot fails with ${o.result} in luoscope; a test cannot assert a failed kexec`);
        break;
      }
    }
    if ('size' in step && step.size !== undefined && step.size > ARG_MAX)
      return refuse(`size ${step.size} is larger than the test's ${ARG_MAX}-byte argument buffer`);
    if (step.expect !== undefined && step.expect !== 'ok' && !C_ERRNOS.includes(step.expect))
      return refuse(`expect ${JSON.stringify(step.expect)} is not an errno the C test knows`);
  });
  return out;
}

/** The refusal as one message that names each step (CLI and app). */
export function refusalMessage(list: readonly Refusal[]): string {
  const lines = list.map((r) => `  steps[${r.i}] ${r.op}: ${r.reason}`);
  return (
    `This scenario cannot be exported as a kernel selftest: ${list.length} step${list.length === 1 ? '' : 's'} cannot be performed from userspace:\n` +
    `${lines.join('\n')}\n` +
    'With --skip-kernel-steps (in the app: "Export with these steps skipped") they become TAP skips that give the reason.'
  );
}

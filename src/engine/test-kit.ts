// Shared by the engine's layer tests: build small scenarios step by step, run them, and read
// results and callback sequences by step label. Imported by tests only.
import { expect } from 'vitest';
import { runScenario } from './run';
import type { LuoEvent } from './events';
import { resolveProfileId, type CustomModule, type KernelId, type PatchId, type ProfileId, type Scenario, type Step, type TokenInput } from '../scenario/types';
import { RANK } from './profiles';

export type Opts = { profile?: ProfileId; patches?: PatchId[]; modules?: string[]; liveupdate?: boolean; custom?: CustomModule[] };
/** expect: an errno name, "ok", "halted", or "*" (not checked); note: a label for cbs()/step() */
export type X = { expect?: string; note?: string };
export type StepOf<O extends Step['op']> = Extract<Step, { op: O }>;
/** Does this profile (latest = v1-latest in these format-1 tests) have what release r brought? */
export function since(p: ProfileId, r: KernelId): boolean {
  return RANK[resolveProfileId(p, 1)] >= RANK[r];
}

export const PROFILES: ProfileId[] = ['6.19', '7.0', '7.1', 'latest', '7.2', '7.3'];

export function run(steps: Step[], o: Opts = {}) {
  const s: Scenario = {
    format: 'luoscope-scenario',
    version: 1,
    kernel: { profile: o.profile ?? 'latest', patches: o.patches ?? [], liveupdate: o.liveupdate ?? true },
    boot: { modules: o.modules ?? ['memfd'] },
    ...(o.custom ? { customModules: o.custom } : {}),
    steps,
  };
  const r = runScenario(s);
  const at = (label: string) => {
    const i = steps.findIndex((x) => x.note === label);
    if (i < 0) throw new Error(`no step labelled ${label}`);
    return i;
  };
  const evs = (label?: string) => (label === undefined ? r.events : r.events.filter((e) => e.step === at(label)));
  return {
    r,
    /** steps whose result differs from their expect ("ok" when none is given) */
    misses: () =>
      r.steps.flatMap((o, i) => {
        const want = steps[i]!.expect ?? 'ok';
        return want === '*' || o.result === want ? [] : [`step ${i} ${o.op}${steps[i]!.note ? ` [${steps[i]!.note}]` : ''}: expected ${want}, got ${o.result}`];
      }),
    /** callback events as owner:compatible:callback (detail: @session/token) */
    cbs: (label?: string, detail = false) => callbacks(evs(label), detail),
    step: (label: string) => r.steps[at(label)]!,
    events: evs,
  };
}

export function callbacks(evs: LuoEvent[], detail = false): string[] {
  return evs.flatMap((e) =>
    e.type === 'callback' ? [`${e.owner}:${e.compatible}:${e.callback}${detail && e.session !== undefined ? `@${e.session}/${String(e.token)}` : ''}`] : [],
  );
}

export function ok(x: { misses: () => string[] }) {
  expect(x.misses()).toEqual([]);
}

export const openDev = (as = 'luo', x: X = {}): StepOf<'open_device'> => ({ op: 'open_device', as, ...x });
export const create = (name: string, as: string, x: X = {}): StepOf<'create_session'> => ({ op: 'create_session', device: 'luo', name, as, ...x });
export const retrieveS = (name: string, as: string, x: X = {}): StepOf<'retrieve_session'> => ({ op: 'retrieve_session', device: 'luo', name, as, ...x });
export const file = (as: string, kind = 'memfd', data = `data-${as}`): StepOf<'create_file'> => ({ op: 'create_file', kind, as, data });
export const preserve = (session: string, fd: string, token: TokenInput, x: X = {}): StepOf<'preserve_fd'> => ({ op: 'preserve_fd', session, fd, token, ...x });
export const retrieveF = (session: string, token: TokenInput, as: string, x: X = {}): StepOf<'retrieve_fd'> => ({ op: 'retrieve_fd', session, token, as, ...x });
export const finish = (session: string, x: X = {}): StepOf<'finish'> => ({ op: 'finish', session, ...x });
export const close = (fd: string, x: X = {}): StepOf<'close'> => ({ op: 'close', fd, ...x });
export const kexec = (x: X & { profile?: ProfileId; patches?: PatchId[]; modules?: string[]; liveupdate?: boolean } = {}): StepOf<'kexec'> => ({ op: 'kexec', ...x });
export const inject = (target: string, callback: string, f: { errno?: string; result?: boolean; session?: string; token?: TokenInput } = { errno: 'EIO' }, x: X = {}): Step => ({
  op: 'inject',
  target,
  callback,
  ...f,
  ...x,
});

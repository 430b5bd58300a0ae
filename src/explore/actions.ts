// The actions of a scope: every concrete scenario step the explorer may take, with names from
// bounded pools, built once. Which are enabled in a state is decided by enabled() from the
// names bound to open fds, the kexec and fd bounds and the modelled in-kernel FLB callers.
//
// Pools: the device fd "luo"; session slot i is the session "vm<i>", created as fd "s<i>" and
// retrieved as fd "in<i>"; file slot j is fd "f<j>" (its kind and data from the scope); the
// file retrieved with token t from session fd S is "<S>t<t>"; "dup" is the one dup. A step
// that binds a name runs only when the name is free (names no open fd): the fd it would hide
// could never be named again.
import type { EngineState } from '../engine/engine';
import { resolveModule, TEST_FLBS } from '../engine/modules/catalog';
import { makeProfile } from '../engine/profiles';
import { resolveProfileId, type Step, type StepOp } from '../scenario/types';
import { held, type Ghost } from './ghost';
import type { ResolvedScope } from './scope';

export interface Action {
  step: Step;
  op: StepOp;
  /** indexes (in Pools.names) of the names whose fds must be open */
  needs: readonly number[];
  /** index of the name the step binds, which must be free; -1 when none */
  as: number;
  /** the step may open an fd (checked against the scope's fd bound) */
  opensFd: boolean;
  /** for the FLB calls */
  flb?: string;
}

/** What a name of the pools stands for (canon.ts renames by these slots). */
export type NameInfo =
  | { kind: 'device' | 'dup' }
  | { kind: 'out' | 'in'; session: number }
  | { kind: 'file'; file: number }
  | { kind: 'got'; from: 'out' | 'in'; session: number; token: number };

export interface Pools {
  names: string[];
  info: NameInfo[];
  index: Map<string, number>;
  /** session slot (1-based) by session name */
  sessionSlot: Map<string, number>;
  /** the FLBs the scope's modules define */
  flbs: string[];
}

export const DEVICE = 'luo';
export const DUP = 'dup';
export const sessionName = (i: number) => `vm${i}`;
export const outFd = (i: number) => `s${i}`;
export const inFd = (i: number) => `in${i}`;
export const fileFd = (j: number) => `f${j}`;
export const gotFd = (sessionFd: string, t: number) => `${sessionFd}t${t}`;

/** The FLB compatibles that the scope's modules define (test FLBs included). */
export function scopeFlbs(scope: ResolvedScope): string[] {
  const out: string[] = [];
  for (const m of scope.modules) {
    const def = resolveModule(m, scope.customModules);
    for (const f of [...(def?.testFlbs ?? []), ...(def?.handlers.flatMap((h) => h.flbs) ?? [])]) if (!out.includes(f)) out.push(f);
  }
  if (scope.modules.includes('test-flbs')) for (const f of TEST_FLBS) if (!out.includes(f)) out.push(f);
  return out;
}

export function buildPools(scope: ResolvedScope): Pools {
  const names: string[] = [];
  const info: NameInfo[] = [];
  const add = (n: string, i: NameInfo) => {
    names.push(n);
    info.push(i);
  };
  add(DEVICE, { kind: 'device' });
  add(DUP, { kind: 'dup' });
  for (let i = 1; i <= scope.sessions; i++) {
    add(outFd(i), { kind: 'out', session: i });
    add(inFd(i), { kind: 'in', session: i });
    for (let t = 1; t <= scope.tokens; t++) {
      add(gotFd(inFd(i), t), { kind: 'got', from: 'in', session: i, token: t });
      add(gotFd(outFd(i), t), { kind: 'got', from: 'out', session: i, token: t });
    }
  }
  for (let j = 1; j <= scope.files.length; j++) add(fileFd(j), { kind: 'file', file: j });
  const sessionSlot = new Map<string, number>();
  for (let i = 1; i <= scope.sessions; i++) sessionSlot.set(sessionName(i), i);
  return { names, info, index: new Map(names.map((n, i) => [n, i])), sessionSlot, flbs: scopeFlbs(scope) };
}

/** Every action of the scope, in a fixed order (the order ties are broken in). */
export function buildActions(scope: ResolvedScope, pools: Pools): Action[] {
  const ops = new Set(scope.ops);
  const idx = (n: string) => pools.index.get(n)!;
  const out: Action[] = [];
  const add = (step: Step, needs: string[], as: string | null, extra: Partial<Action> = {}) => {
    out.push({ step, op: step.op, needs: needs.map(idx), as: as === null ? -1 : idx(as), opensFd: as !== null, ...extra });
  };
  // before 7.2 nothing stops PRESERVE_FD on an incoming session or RETRIEVE_FD/FINISH on an
  // outgoing one (undefined behaviour the engine runs); from 7.2 they are EINVAL and change nothing
  const gating = makeProfile(resolveProfileId(scope.kernel.profile, 2), scope.kernel.patches).sessionKindGating;
  const S = scope.sessions;
  const T = scope.tokens;
  const outs = Array.from({ length: S }, (_, i) => outFd(i + 1));
  const ins = Array.from({ length: S }, (_, i) => inFd(i + 1));
  const files = scope.files.map((_, j) => fileFd(j + 1));
  const got = (sessions: string[]) => sessions.flatMap((s) => Array.from({ length: T }, (_, t) => gotFd(s, t + 1)));
  const preserveInto = gating ? outs : [...outs, ...ins];
  const takeFrom = gating ? ins : [...ins, ...outs];
  const fileNames = [...files, ...got(takeFrom)];
  const sessionFds = [...outs, ...ins];
  const all = [DEVICE, ...sessionFds, ...fileNames, DUP];

  if (ops.has('open_device')) add({ op: 'open_device', as: DEVICE }, [], DEVICE);
  if (ops.has('create_session')) for (let i = 1; i <= S; i++) add({ op: 'create_session', device: DEVICE, name: sessionName(i), as: outFd(i) }, [DEVICE], outFd(i));
  if (ops.has('retrieve_session')) for (let i = 1; i <= S; i++) add({ op: 'retrieve_session', device: DEVICE, name: sessionName(i), as: inFd(i) }, [DEVICE], inFd(i));
  if (ops.has('create_file'))
    scope.files.forEach((f, j) => add({ op: 'create_file', kind: f.kind, as: fileFd(j + 1), ...(f.data !== '' ? { data: f.data } : {}) }, [], fileFd(j + 1)));
  if (ops.has('preserve_fd'))
    for (const s of preserveInto) for (const f of fileNames) for (let t = 1; t <= T; t++) add({ op: 'preserve_fd', session: s, fd: f, token: t }, [s, f], null);
  if (ops.has('retrieve_fd')) for (const s of takeFrom) for (let t = 1; t <= T; t++) add({ op: 'retrieve_fd', session: s, token: t, as: gotFd(s, t) }, [s], gotFd(s, t));
  if (ops.has('finish')) for (const s of takeFrom) add({ op: 'finish', session: s }, [s], null);
  if (ops.has('get_name')) for (const s of sessionFds) add({ op: 'get_name', session: s }, [s], null);
  if (ops.has('write')) for (const f of fileNames) for (const data of scope.writes) add({ op: 'write', fd: f, data }, [f], null);
  if (ops.has('read')) for (const f of fileNames) add({ op: 'read', fd: f }, [f], null);
  if (ops.has('dup')) for (const n of all) if (n !== DUP) add({ op: 'dup', fd: n, as: DUP }, [n], DUP);
  if (ops.has('close')) for (const n of all) add({ op: 'close', fd: n }, [n], null);
  if (ops.has('exit_agent')) add({ op: 'exit_agent' }, [], null);
  if (ops.has('kexec')) {
    add({ op: 'kexec' }, [], null, { opensFd: false });
    const missing = scope.faults.flatMap((f) => ('missingModule' in f ? [f.missingModule] : []));
    for (const m of missing) add({ op: 'kexec', modules: scope.modules.filter((x) => x.split('@')[0] !== m.split('@')[0]) }, [], null);
  }
  for (const op of ['register_module', 'unregister_module'] as const) if (ops.has(op)) for (const m of scope.modules) add({ op, module: m }, [], null);
  for (const op of ['flb_get_outgoing', 'flb_put_outgoing', 'flb_get_incoming', 'flb_put_incoming'] as const)
    if (ops.has(op)) for (const flb of pools.flbs) add({ op, flb }, [], null, { flb });
  if (ops.has('inject'))
    for (const f of scope.faults) {
      if (!('callback' in f)) continue;
      const base = { op: 'inject' as const, target: f.target, callback: f.callback, ...(f.errno !== undefined ? { errno: f.errno } : {}), ...(f.result !== undefined ? { result: f.result } : {}) };
      add(base, [], null);
      if (f.perFile) for (let i = 1; i <= S; i++) for (let t = 1; t <= T; t++) add({ ...base, session: sessionName(i), token: t }, [], null);
    }
  return out;
}

/** Which pool names own an open fd now (ghost.ts): open[i] = 1 for names[i]. */
export function openNames(ghost: Ghost, pools: Pools, open: Uint8Array): void {
  open.fill(0);
  for (const name of ghost.fds.keys()) {
    const i = pools.index.get(name);
    if (i !== undefined) open[i] = 1;
  }
}

function armed(st: EngineState, s: Extract<Step, { op: 'inject' }>): boolean {
  const token = s.token === undefined ? undefined : BigInt(s.token);
  return st.kernel.faults.some((f) => f.target === s.target && f.callback === s.callback && f.session === s.session && f.token === token);
}

/** Indexes of the actions enabled in a state, in table order. */
export function enabled(st: EngineState, ghost: Ghost, scope: ResolvedScope, actions: readonly Action[], open: Uint8Array, out: number[]): number[] {
  out.length = 0;
  const k = st.kernel;
  if (k.halted) return out; // every step after a panic is "halted": nothing changes
  const fdRoom = k.agent.fds.size < scope.fds;
  next: for (let i = 0; i < actions.length; i++) {
    const a = actions[i]!;
    for (const n of a.needs) if (open[n] === 0) continue next;
    if (a.as >= 0 && (open[a.as] === 1 || !fdRoom)) continue;
    switch (a.op) {
      case 'kexec':
        if (k.gen >= scope.kexecs) continue;
        break;
      case 'inject':
        if (armed(st, a.step as Extract<Step, { op: 'inject' }>)) continue;
        break;
      // the in-kernel callers are well-behaved: one get, then its put
      case 'flb_get_outgoing':
        if (held(ghost.outHeld, a.flb!) > 0) continue;
        break;
      case 'flb_put_outgoing':
        if (held(ghost.outHeld, a.flb!) === 0) continue;
        break;
      case 'flb_get_incoming':
        if (held(ghost.inHeld, a.flb!) > 0) continue;
        break;
      case 'flb_put_incoming':
        if (held(ghost.inHeld, a.flb!) === 0) continue;
        break;
      default:
        break;
    }
    out.push(i);
  }
  return out;
}

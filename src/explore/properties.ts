// The properties the explorer checks after every transition (catalog.ts names them), the
// explorer's ghost bookkeeping, and goals. Everything here reads the engine's state and the
// step's events; nothing re-derives kernel behaviour.
import type { EngineState, StepOutcome } from '../engine/engine';
import type { LuoEvent } from '../engine/events';
import type { Violation } from '../engine/invariants';
import type { Flb, Kernel } from '../engine/kernel';
import { fileOfFd } from '../engine/agent';
import { kindHasContent } from '../engine/modules/catalog';
import type { Step } from '../scenario/types';
import { INVARIANT_RULES, PROPERTY_IDS, type PropertyId, type StateGoalId } from './catalog';
import { bump, EMPTY_GHOST, held, type Ghost } from './ghost';
import type { GoalSpec } from './scope';

export interface Found {
  id: string;
  message: string;
}

/** What one step's events said that the checks need (filled by tallyEvent). */
export interface StepTally {
  preserved: number;
  unpreserved: number;
  finished: number;
  /** FLB retrieve() callbacks that failed: compatible and errno */
  flbRetrieveFailed: { flb: string; result: string }[];
  /** why the kernel panicked in this step, if it did */
  panic: string | null;
}

export function newTally(): StepTally {
  return { preserved: 0, unpreserved: 0, finished: 0, flbRetrieveFailed: [], panic: null };
}

export function resetTally(t: StepTally): void {
  t.preserved = t.unpreserved = t.finished = 0;
  if (t.flbRetrieveFailed.length) t.flbRetrieveFailed = [];
  t.panic = null;
}

export function tallyEvent(t: StepTally, ev: LuoEvent): void {
  switch (ev.type) {
    case 'file_preserved':
      t.preserved++;
      return;
    case 'file_unpreserved':
      t.unpreserved++;
      return;
    case 'file_finished':
      t.finished++;
      return;
    case 'panic':
      t.panic = ev.reason;
      return;
    case 'callback':
      if (ev.owner === 'flb' && ev.callback === 'retrieve' && typeof ev.result === 'string' && ev.result !== 'ok') t.flbRetrieveFailed.push({ flb: ev.compatible, result: ev.result });
      return;
    default:
      return;
  }
}

/** Files LUO holds for a later finish or unpreserve: in sessions, or in an image not read yet. */
export function preservedCount(k: Kernel): number {
  let n = 0;
  for (const s of k.outgoing) n += s.files.length;
  for (const s of k.incomingSessions) n += s.files.length;
  if (k.device.deser === 'pending' && k.incoming) for (const s of k.incoming.sessions) n += s.files.length;
  return n;
}

/** Before a kexec: what each file of an open outgoing session holds ("session/token" → content). */
export function kexecContents(k: Kernel): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of k.outgoing) {
    if (s.file === null) continue;
    for (const lf of s.files) {
      const f = lf.file === null ? undefined : k.agent.files.get(lf.file);
      if (f && kindHasContent(f.kind) && f.kind !== 'devnull') out.set(`${s.name}/${String(lf.tokenOut)}`, f.data);
    }
  }
  return out;
}

/** The ghost after a step (the same object when nothing of it changed). */
export function advanceGhost(g: Ghost, st: EngineState, step: Step, outcome: StepOutcome, contents: Map<string, string> | null): Ghost {
  const k = st.kernel;
  if ('as' in step && outcome.fd !== undefined) {
    const fds = new Map(g.fds).set(step.as, outcome.fd);
    g = { ...g, fds };
  }
  switch (step.op) {
    case 'kexec':
      if (outcome.result !== 'ok') return g;
      return { ...EMPTY_GHOST, expect: contents ?? EMPTY_GHOST.expect };
    case 'exit_agent':
      return g.fds.size ? { ...g, fds: EMPTY_GHOST.fds } : g;
    case 'close': {
      if (outcome.result !== 'ok' || !g.fds.has(step.fd)) return g;
      const fds = new Map(g.fds);
      fds.delete(step.fd);
      return { ...g, fds };
    }
    case 'retrieve_session':
      return outcome.result === 'ok' && !g.retrieved ? { ...g, retrieved: true } : g;
    case 'flb_get_outgoing':
      return outcome.result === 'ok' && k.flbs.get(step.flb)?.outgoing.hasObj ? { ...g, outHeld: bump(g.outHeld, step.flb, 1) } : g;
    case 'flb_put_outgoing':
      return held(g.outHeld, step.flb) > 0 ? { ...g, outHeld: bump(g.outHeld, step.flb, -1) } : g;
    case 'flb_get_incoming':
      return outcome.result === 'ok' ? { ...g, inHeld: bump(g.inHeld, step.flb, 1) } : g;
    case 'flb_put_incoming':
      return held(g.inHeld, step.flb) > 0 ? { ...g, inHeld: bump(g.inHeld, step.flb, -1) } : g;
    default:
      return g;
  }
}

export interface Transition {
  st: EngineState;
  ghostBefore: Ghost;
  ghost: Ghost;
  step: Step;
  outcome: StepOutcome;
  tally: StepTally;
  /** the engine's violations of this step */
  violations: readonly Violation[];
  preservedBefore: number;
  preservedAfter: number;
}

const ENGINE_RULES = new Set<string>(Object.keys(INVARIANT_RULES));

function dependsOn(flbs: readonly Flb[], flb: Flb): boolean {
  return flbs.includes(flb);
}

/** Every enabled property that fails on this transition, at most once per property. */
export function checkTransition(t: Transition, props: ReadonlySet<string>, out: Found[]): void {
  checkStep(t, props, out);
  checkState(t, props, out);
}

/**
 * The properties of the step itself: the engine's invariants, files lost, a retrieve error
 * forgotten, data read back. They are checked on every transition, also one that leads to a
 * state already seen (another way into it can break them).
 */
export function checkStep(t: Transition, props: ReadonlySet<string>, out: Found[]): void {
  const k = t.st.kernel;
  const on = (id: PropertyId) => props.has(id);
  for (const v of t.violations) {
    // a rule the engine added later than this list counts as an invariant
    if (props.has(v.rule) || (!ENGINE_RULES.has(v.rule) && !(PROPERTY_IDS as string[]).includes(v.rule) && props.has('flb-outgoing-count'))) push(out, v.rule, v.message);
  }
  if (on('file-lost')) {
    const lost = t.preservedBefore + t.tally.preserved - t.tally.unpreserved - t.tally.finished - t.preservedAfter;
    if (lost > 0) {
      const why =
        t.step.op === 'kexec'
          ? 'the kexec dropped them (incoming sessions never finished, an image never read, or live update off in the next kernel)'
          : t.step.op === 'open_device' && k.device.deser === 'failed'
            ? 'the next kernel could not deserialize the image (open gives EIO): every incoming session is gone'
            : `they vanished at ${t.step.op}`;
      push(out, 'file-lost', `${lost} preserved file${lost === 1 ? '' : 's'} lost without finish or unpreserve: ${why}`);
    }
  }
  if (on('flb-retrieve-status') && k.profile.flbRetrieveStatus)
    for (const f of t.tally.flbRetrieveFailed) {
      const flb = k.flbs.get(f.flb);
      if (flb && flb.incoming.error !== f.result)
        push(out, 'flb-retrieve-status', `FLB ${f.flb} retrieve() failed with ${f.result}, but ${k.profile.id} does not remember it: the next flb_get_incoming calls retrieve() again`);
    }
  if (on('data-mismatch') && t.step.op === 'retrieve_fd' && t.outcome.result === 'ok' && t.outcome.fd !== undefined) {
    const got = fileOfFd(k, t.outcome.fd);
    const sid = got ? sessionOfStep(t) : undefined;
    const key = sid === undefined ? undefined : `${sid}/${String(t.step.token)}`;
    const want = key === undefined ? undefined : t.ghostBefore.expect.get(key);
    if (got && want !== undefined && got.data !== want)
      push(out, 'data-mismatch', `session "${sid}" token ${String(t.step.token)} was retrieved holding ${JSON.stringify(got.data)}, but held ${JSON.stringify(want)} when the kexec began`);
  }
}

/** The properties of the state reached: checked once per distinct state (the first time it is reached). */
export function checkState(t: Pick<Transition, 'st' | 'ghost' | 'tally'>, props: ReadonlySet<string>, out: Found[]): void {
  const k = t.st.kernel;
  const on = (id: PropertyId) => props.has(id);
  if (on('kernel-panic') && k.halted) push(out, 'kernel-panic', `the kernel panicked: ${t.tally.panic ?? 'luo_restore_fail(): the next kernel could not read the handover image'}`);
  if (on('refcount-negative')) refcounts(k, out);
  if (on('file-refs')) fileRefs(k, out);
  if (on('handler-gone'))
    for (const s of [...k.outgoing, ...k.incomingSessions])
      for (const lf of s.files)
        if (!lf.handler.registered) {
          push(out, 'handler-gone', `session "${s.name}" token ${String(lf.tokenOut)} is preserved with handler ${lf.handler.compatible}, which is no longer registered: its callbacks would run in an unloaded module`);
          break;
        }
  if (on('frozen-after-failed-kexec'))
    for (const s of k.outgoing)
      for (const lf of s.files)
        if (lf.frozen) {
          push(out, 'frozen-after-failed-kexec', `session "${s.name}" token ${String(lf.tokenOut)} is still frozen after the kexec failed: its freeze() was never rolled back by unfreeze()`);
          break;
        }
  if (on('flb-unpreserved-while-used') && k.profile.flb)
    for (const s of k.outgoing)
      for (const lf of s.files)
        for (const flb of lf.handler.flbs)
          if (!flb.outgoing.hasObj) push(out, 'flb-unpreserved-while-used', `FLB ${flb.compatible} has no outgoing object (unpreserved), but session "${s.name}" token ${String(lf.tokenOut)} (${lf.handler.compatible}) still depends on it`);
  if (on('flb-finished-while-used') && k.profile.flb)
    for (const s of k.incomingSessions)
      for (const lf of s.files)
        for (const flb of lf.handler.flbs)
          if (flb.incoming.finished) push(out, 'flb-finished-while-used', `FLB ${flb.compatible} is finished, but incoming session "${s.name}" token ${String(lf.tokenOut)} (${lf.handler.compatible}) still depends on it`);
  if (on('flb-use-after-unpreserve'))
    for (const [c, n] of t.ghost.outHeld) {
      const flb = k.flbs.get(c);
      if (n > 0 && flb && !flb.outgoing.hasObj)
        push(out, 'flb-use-after-unpreserve', `FLB ${c}: its unpreserve() ran while the caller of flb_get_outgoing still holds the object (use after unpreserve${k.profile.flbOutgoingRefcount ? '' : `: ${k.profile.id} takes no outgoing reference`})`);
    }
  if (on('flb-use-after-finish'))
    for (const [c, n] of t.ghost.inHeld) {
      const flb = k.flbs.get(c);
      if (n > 0 && flb?.incoming.finished)
        push(out, 'flb-use-after-finish', `FLB ${c}: its finish() ran while the caller of flb_get_incoming still holds the object (use after finish${k.profile.flbIncomingRefcount ? '' : `: ${k.profile.id} takes no incoming reference`})`);
    }
}

function sessionOfStep(t: Transition): string | undefined {
  if (!('session' in t.step) || t.step.op === 'inject') return undefined;
  const s = t.outcome.fd === undefined ? undefined : t.st.names.get(t.step.session);
  if (!s || s.fd === null) return undefined;
  const f = fileOfFd(t.st.kernel, s.fd);
  return f?.sid === undefined ? undefined : t.st.kernel.sessions.get(f.sid)?.name;
}

function push(out: Found[], id: string, message: string): void {
  if (!out.some((f) => f.id === id)) out.push({ id, message });
}

function refcounts(k: Kernel, out: Found[]): void {
  for (const flb of k.flbs.values()) {
    if (flb.incoming.count < 0) return push(out, 'refcount-negative', `FLB ${flb.compatible}: incoming count ${flb.incoming.count}${flb.incoming.retrieved ? '' : ' (its dependent files finished before the FLB was retrieved: the count was never loaded)'}; its finish() can never run`);
    if (flb.outgoing.count < 0) return push(out, 'refcount-negative', `FLB ${flb.compatible}: outgoing count ${flb.outgoing.count}`);
    if (flb.outgoing.refs < 0) return push(out, 'refcount-negative', `FLB ${flb.compatible}: ${flb.outgoing.refs} outgoing references`);
  }
  for (const f of k.agent.files.values()) if (f.refs < 0) return push(out, 'refcount-negative', `file #${f.id} (${f.kind}): ${f.refs} references`);
  for (const h of k.handlers) if (h.pins < 0) return push(out, 'refcount-negative', `handler ${h.compatible}: module pinned ${h.pins} times`);
}

function fileRefs(k: Kernel, out: Found[]): void {
  const want = new Map<number, number>();
  for (const id of k.agent.fds.values()) want.set(id, (want.get(id) ?? 0) + 1);
  for (const s of k.sessions.values())
    for (const lf of s.files)
      if (lf.file !== null) {
        if (!k.agent.files.has(lf.file)) return push(out, 'file-refs', `session "${s.name}" token ${String(lf.tokenOut)}: LUO holds file #${lf.file}, which was already released`);
        want.set(lf.file, (want.get(lf.file) ?? 0) + 1);
      }
  for (const f of k.agent.files.values()) {
    const n = want.get(f.id) ?? 0;
    if (f.refs !== n) return push(out, 'file-refs', `file #${f.id} (${f.kind}) has ${f.refs} reference${f.refs === 1 ? '' : 's'}, but ${n} fd${n === 1 ? '' : 's'} and LUO entries hold it${f.refs > n ? ': a reference leaked, the file is never released' : ''}`);
  }
}

/** A state goal: null when not met, else what was reached. */
export function stateGoal(id: StateGoalId, st: EngineState, ghost: Ghost): string | null {
  const k = st.kernel;
  switch (id) {
    case 'flb-never-finishes': {
      if (!ghost.retrieved || !k.profile.flb || !k.incoming?.flbs) return null;
      for (const e of k.incoming.flbs) {
        const flb = k.flbs.get(e.name);
        if (!flb || flb.incoming.finished) continue;
        if (k.incomingSessions.some((s) => s.files.some((lf) => dependsOn(lf.handler.flbs, flb)))) continue;
        const refs = k.profile.flbIncomingRefcount ? held(ghost.inHeld, e.name) : 0;
        if (flb.incoming.retrieved && flb.incoming.count === refs) continue;
        return `FLB ${e.name}: every file that depended on it is gone, yet it is not finished (incoming count ${flb.incoming.count}${flb.incoming.retrieved ? '' : ', never retrieved'}${flb.incoming.error ? `, retrieve failed with ${flb.incoming.error}` : ''}): its finish() can no longer run`;
      }
      return null;
    }
    case 'session-held': {
      const s = k.incomingSessions.find((x) => x.retrieved && x.file === null);
      return s ? `session "${s.name}" was closed but its finish failed: LUO holds it until the next live update` : null;
    }
    case 'file-retrieved': {
      for (const s of k.incomingSessions) for (const lf of s.files) if (lf.retrieve === 1) return `session "${s.name}" token ${String(lf.tokenOut)} was retrieved`;
      return null;
    }
  }
}

/** A goal: null when not met by this transition, else what was reached. */
export function goalMet(g: GoalSpec, t: Transition): string | null {
  if ('state' in g) return stateGoal(g.state, t.st, t.ghost);
  if (t.step.op !== g.step.op) return null;
  if (g.step.flb !== undefined && (!('flb' in t.step) || t.step.flb !== g.step.flb)) return null;
  const r = t.outcome.result;
  const hit = g.step.result === 'error' ? r !== 'ok' && r !== 'halted' : r === g.step.result;
  return hit ? `${g.step.op}${'flb' in t.step ? ` ${t.step.flb}` : ''} returned ${r}` : null;
}

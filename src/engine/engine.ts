// The engine: runs a scenario step by step on the simulated kernel and userspace agent.
// Pure and deterministic: the same scenario always gives the same event log.
import { resolveProfileId, type Scenario, type Step, type StepOp } from '../scenario/types';
import { parseToken } from '../scenario/token';
import { isErrno, type Errno, type Result } from './errno';
import type { EventBody, LuoEvent, StepTarget } from './events';
import { emit, type Kernel } from './kernel';
import { closeFd, dupFd, exitAgent, fileOfFd, installFd, newFile, readFd, writeFd } from './agent';
import { bootKernel, kexecInto, newKernel, openDevice, release, type BootConfig } from './core';
import { dispatch } from './ioctl';
import { createSession, finishIoctl, getNameIoctl, preserveFdIoctl, retrieveFd, retrieveSession } from './session';
import { loadModule, unloadModule } from './handler';
import { flbApi } from './flb';
import { armFault } from './modules/faults';
import { KernelPanic } from './modules/panic';
import { makeProfile } from './profiles';
import { checkInvariants, newInvariantState, type InvariantState, type Violation } from './invariants';
import { describeStep } from './describe';
import { clipContent, clipEventContent, EVENT_DATA_CHARS, quoteContent } from './content';

export interface StepOutcome {
  i: number;
  op: StepOp;
  /** "ok", an errno name, or "halted" when the kernel panicked at boot */
  result: Result | 'halted';
  expect?: string;
  /** the expectation (result, and read data / get_name name) holds */
  met: boolean;
  /** a read's content, clipped to EVENT_DATA_CHARS (content.ts); `dataLength` is then its whole length */
  data?: string;
  dataLength?: number;
  name?: string;
  fd?: number;
  message?: string;
}

export interface Engine {
  readonly kernel: Kernel;
  /** The run's live state between two steps (not a copy: snapshot.ts clones it). */
  state(): EngineState;
  /** Go on from `s` (taken over, not copied); its kernel gets this engine's event sink. */
  restore(s: EngineState): void;
  readonly events: LuoEvent[];
  readonly violations: Violation[];
  /** index of the next step to run */
  readonly next: number;
  readonly done: boolean;
  step(): StepOutcome;
}

export interface Binding {
  fd: number | null;
  incarnation: number;
}

/** Everything a run holds between two steps: the kernel, the invariant bookkeeping, the name bindings, the next step's index. */
export interface EngineState {
  kernel: Kernel;
  inv: InvariantState;
  names: Map<string, Binding>;
  next: number;
}

export function defaultBoot(s: Scenario): BootConfig {
  return {
    profile: resolveProfileId(s.kernel?.profile ?? 'latest', s.version),
    patches: [...(s.kernel?.patches ?? [])],
    liveupdate: s.kernel?.liveupdate ?? true,
    modules: [...(s.boot?.modules ?? ['memfd'])],
  };
}

export function createEngine(scenario: Scenario, opts: { onEvent?: (ev: LuoEvent) => void; keepEvents?: boolean } = {}): Engine {
  const events: LuoEvent[] = [];
  const keep = opts.keepEvents !== false;
  const onEvent = opts.onEvent;
  const violations: Violation[] = [];
  let k: Kernel = newKernel({
    profile: makeProfile(resolveProfileId('latest', scenario.version)),
    custom: scenario.customModules ?? [],
    sink: (ev) => {
      if (keep) events.push(ev);
      onEvent?.(ev);
    },
  });
  let inv: InvariantState = newInvariantState();
  let names = new Map<string, Binding>();
  let next = 0;
  let stepEvents: LuoEvent[] = [];
  const baseSink = k.sink;
  k.sink = (ev) => {
    clipEventContent(ev);
    stepEvents.push(ev);
    baseSink(ev);
  };
  bootKernel(k, defaultBoot(scenario), null);
  stepEvents = [];

  const fdOf = (name: string): number | null => {
    const b = names.get(name);
    if (!b || b.incarnation !== k.agent.incarnation) return null;
    return b.fd;
  };
  const bind = (name: string, fd: number | undefined) => names.set(name, { fd: fd ?? null, incarnation: k.agent.incarnation });

  function run(step: Step): { result: Result | 'halted'; data?: string; name?: string; fd?: number } {
    switch (step.op) {
      case 'open_device':
        return withFd(step.as, openDevice(k));
      case 'close':
        return { result: closeFd(k, fdOf(step.fd), release) };
      case 'create_session': {
        const d = dispatch(k, fdOf(step.device), 'create_session', step.size);
        return withFd(step.as, 'errno' in d ? { result: d.errno } : createSession(k, step.name));
      }
      case 'retrieve_session': {
        const d = dispatch(k, fdOf(step.device), 'retrieve_session', step.size);
        return withFd(step.as, 'errno' in d ? { result: d.errno } : retrieveSession(k, step.name));
      }
      case 'preserve_fd': {
        const d = dispatch(k, fdOf(step.session), 'preserve_fd', step.size);
        if (!('session' in d)) return { result: 'errno' in d ? d.errno : 'ENOTTY' };
        return { result: preserveFdIoctl(k, d.session, fileOfFd(k, fdOf(step.fd)), parseToken(step.token)!) };
      }
      case 'retrieve_fd': {
        const d = dispatch(k, fdOf(step.session), 'retrieve_fd', step.size);
        if (!('session' in d)) return withFd(step.as, { result: 'errno' in d ? d.errno : 'ENOTTY' });
        const r = retrieveFd(k, d.session)(parseToken(step.token)!);
        return withFd(step.as, r.file ? { result: 'ok', fd: installFd(k, r.file) } : { result: r.result });
      }
      case 'finish': {
        const d = dispatch(k, fdOf(step.session), 'finish', step.size);
        if (!('session' in d)) return { result: 'errno' in d ? d.errno : 'ENOTTY' };
        return { result: finishIoctl(k, d.session, step.reserved ?? 0, release) };
      }
      case 'get_name': {
        const d = dispatch(k, fdOf(step.session), 'get_name', step.size);
        if (!('session' in d)) return { result: 'errno' in d ? d.errno : 'ENOTTY' };
        return getNameIoctl(d.session, step.reserved ?? 0);
      }
      case 'create_file': {
        const f = newFile(k, step.kind, step.data ?? '');
        return withFd(step.as, { result: 'ok', fd: installFd(k, f) });
      }
      case 'write':
        return { result: writeFd(k, fdOf(step.fd), step.data) };
      case 'read':
        return readFd(k, fdOf(step.fd));
      case 'dup':
        return withFd(step.as, dupFd(k, fdOf(step.fd)));
      case 'exit_agent':
        exitAgent(k, release);
        return { result: 'ok' };
      case 'kexec':
        return { result: kexec(step) };
      case 'register_module':
        return { result: loadModule(k, step.module) };
      case 'unregister_module':
        return { result: unloadModule(k, step.module) };
      case 'flb_get_incoming':
      case 'flb_put_incoming':
      case 'flb_get_outgoing':
      case 'flb_put_outgoing':
        return { result: flbApi(k, step.op, step.flb) };
      case 'inject': {
        const token = step.token === undefined ? undefined : (parseToken(step.token) ?? undefined);
        armFault(k, {
          target: step.target,
          callback: step.callback,
          ...(step.errno && isErrno(step.errno) ? { errno: step.errno as Errno } : {}),
          ...(step.result !== undefined ? { result: step.result } : {}),
          ...(step.session !== undefined ? { session: step.session } : {}),
          ...(token !== undefined ? { token } : {}),
        });
        return { result: 'ok' };
      }
    }
  }

  /** A panic in a module's callback (modules/panic.ts) never returns: the step reports "halted". */
  function runUntilPanic(step: Step): ReturnType<typeof run> {
    try {
      return run(step);
    } catch (e) {
      if (e instanceof KernelPanic) return { result: 'halted' };
      throw e;
    }
  }

  function targetOf(step: Step): StepTarget | undefined {
    if ('flb' in step) return { flb: step.flb };
    if ('module' in step) return { module: step.module };
    const name = 'session' in step && step.op !== 'inject' ? step.session : 'device' in step ? step.device : 'fd' in step ? step.fd : undefined;
    if (name === undefined) return undefined;
    const fd = fdOf(name);
    if (fd === null) return undefined;
    const f = fileOfFd(k, fd);
    return f?.sid !== undefined ? { fd, sid: f.sid } : { fd };
  }

  function withFd(as: string, r: { result: Result; fd?: number }) {
    bind(as, r.result === 'ok' ? r.fd : undefined);
    return r;
  }

  /** The kexec step's next kernel: "default: same", and another profile boots without the patches. */
  function kexec(step: Extract<Step, { op: 'kexec' }>): Result {
    const profile = step.profile === undefined ? k.profile.id : resolveProfileId(step.profile, scenario.version);
    const patches = step.patches ?? (profile === k.profile.id ? k.patches : []);
    return kexecInto(k, { profile, patches, liveupdate: step.liveupdate ?? k.enabled, modules: step.modules ?? k.bootModules });
  }

  function expectationMet(step: Step, out: Omit<StepOutcome, 'met'>): string | null {
    if (step.expect !== undefined && out.result !== step.expect) return `expected ${step.expect}, got ${out.result}`;
    if (step.op === 'read' && step.data !== undefined && out.result === 'ok' && out.data !== step.data)
      return `expected data ${quoteContent(step.data)}, read ${quoteContent(out.data ?? '')}`;
    if (step.op === 'get_name' && step.name !== undefined && out.result === 'ok' && out.name !== step.name)
      return `expected name ${JSON.stringify(step.name)}, got ${JSON.stringify(out.name)}`;
    return null;
  }

  return {
    get kernel() {
      return k;
    },
    state: () => ({ kernel: k, inv, names, next }),
    restore(s: EngineState) {
      const sink = k.sink;
      ({ kernel: k, inv, names, next } = s);
      k.sink = sink;
    },
    events,
    violations,
    get next() {
      return next;
    },
    get done() {
      return next >= scenario.steps.length;
    },
    step(): StepOutcome {
      const i = next++;
      const step = scenario.steps[i]!;
      k.counters.step = i;
      stepEvents = [];
      emit(k, { type: 'step', op: step.op, text: describeStep(step) });
      const on = targetOf(step);
      const r = k.halted ? { result: 'halted' as const } : runUntilPanic(step);
      // built by assignment: this is the engine's hot path
      const ev: EventBody & { type: 'result' } = { type: 'result', op: step.op, result: r.result };
      const out = { i, op: step.op, result: r.result } as StepOutcome;
      if (step.expect !== undefined) out.expect = step.expect;
      if ('fd' in r && r.fd !== undefined) ev.fd = out.fd = r.fd;
      if ('data' in r && r.data !== undefined) ev.data = out.data = r.data; // clipped below, once checked
      if ('name' in r && r.name !== undefined) ev.name = out.name = r.name;
      if (on) ev.on = on;
      emit(k, ev);
      for (const v of checkInvariants(k, inv, stepEvents)) {
        violations.push({ step: i, ...v });
        emit(k, { type: 'violation', rule: v.rule, message: v.message });
      }
      const miss = expectationMet(step, out);
      out.met = miss === null;
      if (miss) out.message = miss;
      if (out.data !== undefined && out.data.length > EVENT_DATA_CHARS) {
        out.dataLength = out.data.length;
        out.data = clipContent(out.data);
      }
      return out;
    },
  };
}

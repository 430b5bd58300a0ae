import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/run';
import type { EventType, LuoEvent } from '../engine/events';
import { makeProfile } from '../engine/profiles';
import { emptyView, project } from '../engine/projection';
import { SELFTESTS } from '../scenario/library/selftests/index';
import { STEP_OPS, type KernelId, type PatchId, type ProfileId, type Scenario, type Step, type StepOp } from '../scenario/types';
import { explainErrno, explainEvent, explainEvents, type Explanation } from './explain';
import { GLOSSARY } from './glossary';
import { SHARED_SCENARIOS_DIR } from '../testing/shared-scenarios';

const SHARED = SHARED_SCENARIOS_DIR;
const sharedFiles = existsSync(SHARED) ? readdirSync(SHARED).filter((f) => f.endsWith('.json')) : [];

function scenario(steps: Step[], opts: { profile?: ProfileId; patches?: PatchId[]; modules?: string[]; title?: string } = {}): Scenario {
  return {
    format: 'luoscope-scenario',
    version: 1,
    title: opts.title ?? 'explain test',
    kernel: { profile: opts.profile ?? 'latest', patches: opts.patches ?? [], liveupdate: true },
    boot: { modules: opts.modules ?? ['memfd'] },
    steps,
  };
}

interface Pair {
  ev: LuoEvent;
  ex: Explanation;
}

function explained(s: Scenario): Pair[] {
  const { events } = runScenario(s);
  const ex = explainEvents(events);
  return events.map((ev, i) => ({ ev, ex: ex[i]! }));
}

function expectWellFormed(pairs: Pair[], where: string): void {
  for (const { ev, ex } of pairs) {
    const at = `${where}: event #${ev.seq} (${ev.type})`;
    expect(ex.text.trim().length, at).toBeGreaterThan(10);
    expect(ex.kernel.trim().length, at).toBeGreaterThan(0);
    expect(ex.label.trim().length, at).toBeGreaterThan(0);
    expect(['info', 'ok', 'error', 'warn'], at).toContain(ex.tone);
    if (ex.doc !== undefined) expect(ex.doc, at).toMatch(/^https:\/\/docs\.kernel\.org\/(core-api|userspace-api)\/liveupdate\.html(#[a-z-]+)?$/);
    // our templates never add markup (scenario names in these runs contain none)
    expect(ex.text, at).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(ex.text, at).not.toMatch(/undefined|NaN|\[object /);
    expect(ex.kernel, at).not.toMatch(/undefined|NaN|\[object /);
  }
}

function find(pairs: Pair[], pred: (ev: LuoEvent) => boolean): Pair {
  const p = pairs.find(({ ev }) => pred(ev));
  if (!p) throw new Error('no matching event');
  return p;
}

function resultOf(pairs: Pair[], op: StepOp, result: string): Pair {
  return find(pairs, (ev) => ev.type === 'result' && ev.op === op && ev.result === result);
}

function callbackOf(pairs: Pair[], owner: 'handler' | 'flb', callback: string, compatible?: string): Pair {
  return find(pairs, (ev) => ev.type === 'callback' && ev.owner === owner && ev.callback === callback && (compatible === undefined || ev.compatible === compatible));
}

/** Preserve one file of a kind in a fresh session, keep it open, and optionally kexec and come back. */
const preserveSteps = (kind: string, token = 1): Step[] => [
  { op: 'open_device', as: 'luo' },
  { op: 'create_session', device: 'luo', name: 'vm', as: 's' },
  { op: 'create_file', kind, as: 'f', data: 'pages' },
  { op: 'preserve_fd', session: 's', fd: 'f', token },
];

describe('explainEvent on real runs', () => {
  it.skipIf(sharedFiles.length === 0)('explains every event of the shared scenarios', () => {
    for (const f of sharedFiles) {
      const s = JSON.parse(readFileSync(join(SHARED, f), 'utf8')) as Scenario;
      expectWellFormed(explained(s), f);
    }
  });

  // one test per selftest: the stress ones explain tens of thousands of events (slow on a loaded machine)
  it.each(SELFTESTS.map((t) => [t.id, t] as const))('explains every event of the kernel selftest %s', (_id, t) => {
    expectWellFormed(explained(t.scenario), t.id);
  }, 180_000);

  it('memfd preserve callback names preserve and memfd-v1', () => {
    const pairs = explained(SELFTESTS.find((t) => t.id === 'preserve-memfd')!.scenario);
    const { ex } = callbackOf(pairs, 'handler', 'preserve', 'memfd-v1');
    expect(ex.text).toMatch(/preserve\(\)/);
    expect(ex.text).toContain('memfd-v1');
    expect(ex.kernel).toContain('memfd-v1 ->preserve()');
    expect(ex.label).toBe('preserve() memfd-v1');
  });

  it('can_preserve explains the registration-order walk', () => {
    const pairs = explained(SELFTESTS.find((t) => t.id === 'preserve-unsupported-fd')!.scenario);
    const { ex } = callbackOf(pairs, 'handler', 'can_preserve');
    expect(ex.text).toMatch(/registration order/);
    expect(ex.text).toMatch(/said no/);
    expect(ex.text).toMatch(/ENOENT/);
    expect(resultOf(pairs, 'preserve_fd', 'ENOENT').ex.text).toMatch(/no registered handler accepted/);
  });

  it('FLB first preserve and last unpreserve are called out, with counts from the previous state', () => {
    const pairs = explained(
      scenario(
        [
          ...preserveSteps('hugetlb-memfd', 1),
          { op: 'create_file', kind: 'hugetlb-memfd', as: 'g', data: 'more' },
          { op: 'preserve_fd', session: 's', fd: 'g', token: 2 },
          { op: 'close', fd: 's' },
        ],
        { modules: ['hugetlb'] },
      ),
    );
    expectWellFormed(pairs, 'hugetlb');
    const flbs = pairs.filter(({ ev }) => ev.type === 'flb');
    const texts = flbs.map(({ ex }) => ex.text);
    expect(texts[0]).toBe("The first file depending on hugetlb-v1 was preserved, so that FLB's preserve() ran and its outgoing count is now 1.");
    expect(flbs[0]!.ex.label).toBe('FLB hugetlb-v1 outgoing count 0→1');
    expect(texts[1]).toMatch(/Another file .* now 2/);
    expect(texts[2]).toMatch(/unpreserved: the outgoing count is now 1/);
    expect(texts[3]).toMatch(/last file depending on hugetlb-v1 was unpreserved, so that FLB's unpreserve\(\) ran/);
    expect(callbackOf(pairs, 'flb', 'preserve').ex.text).toMatch(/first/);
    expect(callbackOf(pairs, 'flb', 'preserve').ex.kernel).toBe('FLB hugetlb-v1 ->preserve() in luo_flb_file_preserve()');
    expect(callbackOf(pairs, 'flb', 'unpreserve').ex.text).toMatch(/last/);
  });

  it('FLB incoming side: retrieve on demand, then finish after the last dependent file', () => {
    const pairs = explained(
      scenario(
        [
          ...preserveSteps('hugetlb-memfd', 7),
          { op: 'kexec' },
          { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: 'ok' },
          { op: 'flb_put_incoming', flb: 'hugetlb-v1', expect: 'ok' },
          { op: 'open_device', as: 'luo' },
          { op: 'retrieve_session', device: 'luo', name: 'vm', as: 's' },
          { op: 'finish', session: 's', expect: 'ok' },
        ],
        { modules: ['hugetlb'] },
      ),
    );
    expectWellFormed(pairs, 'hugetlb incoming');
    expect(callbackOf(pairs, 'flb', 'retrieve').ex.kernel).toContain('luo_flb_retrieve_one()');
    const incoming = pairs.filter(({ ev }) => ev.type === 'flb' && ev.side === 'incoming').map(({ ex }) => ex.text);
    expect(incoming.some((t) => /retrieved from the previous kernel on demand/.test(t))).toBe(true);
    expect(incoming.some((t) => /get_incoming took a reference/.test(t))).toBe(true);
    expect(incoming[incoming.length - 1]).toMatch(/the last dependent file finished.*so finish\(\) ran/i);
    expect(callbackOf(pairs, 'flb', 'finish').ex.text).toMatch(/last file depending on FLB hugetlb-v1 finished/);
    expect(resultOf(pairs, 'flb_get_incoming', 'ok').ex.kernel).toBe('liveupdate_flb_get_incoming()');
    // a finish of a never-retrieved file says so
    expect(callbackOf(pairs, 'handler', 'finish').ex.text).toMatch(/never retrieved/);
  });

  it('preserve_fd EBUSY on 7.1 says the file is already preserved', () => {
    const pairs = explained(SELFTESTS.find((t) => t.id === 'prevent-double-preservation-7.1')!.scenario);
    const { ex } = resultOf(pairs, 'preserve_fd', 'EBUSY');
    expect(ex.text).toMatch(/already preserved/);
    expect(ex.text).toMatch(/get_id\(\)/);
    expect(ex.tone).toBe('error');
    expect(ex.label).toBe('PRESERVE_FD EBUSY');
  });

  it('GET_NAME EINVAL on 7.1 says the ioctl arrived in 7.2', () => {
    const pairs = explained(SELFTESTS.find((t) => t.id === 'get-session-name-7.1')!.scenario);
    const { ex } = resultOf(pairs, 'get_name', 'EINVAL');
    expect(ex.text).toMatch(/arrived in 7.2/);
    expect(ex.text).toMatch(/out of range/);
  });

  it('freeze failure: unfreeze is explained as the rollback, and the kexec fails with the errno', () => {
    const pairs = explained(
      scenario([
        ...preserveSteps('iommufd', 1),
        { op: 'create_file', kind: 'iommufd', as: 'g' },
        { op: 'preserve_fd', session: 's', fd: 'g', token: 2 },
        { op: 'inject', target: 'iommufd-v1', callback: 'freeze', errno: 'EIO', token: 2 },
        { op: 'kexec', expect: 'EIO' },
      ], { modules: ['iommufd'] }),
    );
    expectWellFormed(pairs, 'freeze failure');
    const freeze = pairs.filter(({ ev }) => ev.type === 'callback' && ev.callback === 'freeze');
    expect(freeze[1]!.ex.text).toMatch(/failed with EIO.*injected/);
    expect(callbackOf(pairs, 'handler', 'unfreeze').ex.text).toMatch(/^Rollback after a failed freeze/);
    expect(resultOf(pairs, 'kexec', 'EIO').ex.text).toMatch(/freeze\(\) returned EIO/);
    expect(find(pairs, (ev) => ev.type === 'fault' && ev.action === 'fired').ex.tone).toBe('warn');
  });

  it('can_finish false gives EBUSY and a held session on close', () => {
    const pairs = explained(
      scenario(
        [
          ...preserveSteps('vfio-cdev', 3),
          { op: 'kexec' },
          { op: 'open_device', as: 'luo' },
          { op: 'retrieve_session', device: 'luo', name: 'vm', as: 's' },
          { op: 'inject', target: 'vfio-pci-v1', callback: 'can_finish', result: false },
          { op: 'finish', session: 's', expect: 'EBUSY' },
          { op: 'inject', target: 'vfio-pci-v1', callback: 'can_finish', result: false },
          { op: 'close', fd: 's' },
        ],
        { modules: ['vfio-pci'] },
      ),
    );
    expectWellFormed(pairs, 'can_finish');
    expect(callbackOf(pairs, 'handler', 'can_finish').ex.text).toMatch(/said no.*EBUSY/);
    expect(resultOf(pairs, 'finish', 'EBUSY').ex.text).toMatch(/can_finish\(\) returned false/);
    expect(find(pairs, (ev) => ev.type === 'session_held').ex.text).toMatch(/held until the next live update/);
  });

  it('retrieve failure: remembered on 7.1, retried on 6.19', () => {
    const steps: Step[] = [
      ...preserveSteps('memfd', 5),
      { op: 'kexec' },
      { op: 'open_device', as: 'luo' },
      { op: 'retrieve_session', device: 'luo', name: 'vm', as: 's' },
      { op: 'inject', target: 'memfd-v1', callback: 'retrieve', errno: 'ENOMEM' },
      { op: 'retrieve_fd', session: 's', token: 5, as: 'm', expect: 'ENOMEM' },
    ];
    const on71 = explained(scenario(steps, { profile: '7.1' }));
    expect(callbackOf(on71, 'handler', 'retrieve').ex.text).toMatch(/remembered in retrieve_status/);
    expect(resultOf(on71, 'retrieve_fd', 'ENOMEM').ex.text).toMatch(/remembers the error/);
    const on619 = explained(scenario(steps, { profile: '6.19' }));
    expect(callbackOf(on619, 'handler', 'retrieve').ex.text).toMatch(/does not remember/);
    expect(resultOf(on619, 'retrieve_fd', 'ENOMEM').ex.text).toMatch(/calls retrieve\(\) again/);
  });

  it('kernel names follow the profile', () => {
    const finishSteps: Step[] = [
      ...preserveSteps('memfd', 5),
      { op: 'kexec' },
      { op: 'open_device', as: 'luo' },
      { op: 'retrieve_session', device: 'luo', name: 'vm', as: 's' },
      { op: 'finish', session: 's' },
    ];
    expect(callbackOf(explained(scenario(finishSteps, { profile: '7.0' })), 'handler', 'finish').ex.kernel).toContain('args.retrieved');
    expect(callbackOf(explained(scenario(finishSteps, { profile: '7.1' })), 'handler', 'finish').ex.kernel).toContain('args.retrieve_status');

    const kexecStart = (profile: ProfileId) => find(explained(scenario(finishSteps, { profile })), (ev) => ev.type === 'kexec' && ev.phase === 'start').ex.kernel;
    expect(kexecStart('6.19')).toContain('kho_finalize()');
    expect(kexecStart('6.19')).not.toContain('luo_flb_serialize()');
    expect(kexecStart('7.0')).toContain('luo_flb_serialize()');
    expect(kexecStart('7.0')).toContain('kho_finalize()');
    expect(kexecStart('7.1')).not.toContain('kho_finalize');
    expect(kexecStart('latest')).toContain('luo_flb_serialize()');
    expect(kexecStart('latest')).not.toContain('kho_finalize');

    const lock = explained(
      scenario([...preserveSteps('hugetlb-memfd', 1), { op: 'flb_get_outgoing', flb: 'hugetlb-v1' }, { op: 'flb_put_outgoing', flb: 'hugetlb-v1' }], {
        modules: ['hugetlb'],
        patches: ['lock-api-v6'],
      }),
    );
    expect(resultOf(lock, 'flb_get_outgoing', 'ok').ex.kernel).toBe('liveupdate_flb_outgoing_locked()');
    expect(resultOf(lock, 'flb_put_outgoing', 'ok').ex.kernel).toBe('liveupdate_flb_outgoing_unlock()');
    expect(explainEvent(lock.find(({ ev }) => ev.type === 'step' && ev.op === 'flb_get_outgoing')!.ev, { profile: makeProfile('v1-latest', ['lock-api-v6']) }).text).toMatch(/mutex held/);
  });

  it('kho_finalize failure on 7.0 is EAGAIN without unfreeze; a panic halts later steps', () => {
    const eagain = explained(scenario([...preserveSteps('memfd', 1), { op: 'inject', target: 'kho', callback: 'finalize', errno: 'EIO' }, { op: 'kexec', expect: 'EAGAIN' }], { profile: '7.0' }));
    expectWellFormed(eagain, 'kho_finalize');
    expect(find(eagain, (ev) => ev.type === 'kexec' && ev.phase === 'kho_finalize').ex.text).toMatch(/EAGAIN.*nothing is unfrozen/);
    expect(resultOf(eagain, 'kexec', 'EAGAIN').ex.text).toMatch(/kho_finalize\(\) failed/);

    const panic = explained(scenario([...preserveSteps('memfd', 1), { op: 'kexec', profile: '7.1' }, { op: 'open_device', as: 'luo' }]));
    expectWellFormed(panic, 'panic');
    expect(find(panic, (ev) => ev.type === 'panic').ex.kernel).toContain('luo_restore_fail()');
    const halted = resultOf(panic, 'open_device', 'halted').ex;
    expect(halted.text).toMatch(/panicked at boot/);
    expect(halted.tone).toBe('error');
  });

  it('uses the state to name the exact cause of an EINVAL and the old kernel of a kexec', () => {
    const pairs = explained(
      scenario([
        ...preserveSteps('memfd', 1),
        { op: 'retrieve_fd', session: 's', token: 1, as: 'x', expect: 'EINVAL' },
        { op: 'create_session', device: 's', name: 'z', as: 'z', expect: 'EINVAL' },
        { op: 'create_session', device: 'luo', name: '', as: 'e', expect: 'EINVAL' },
        { op: 'kexec', profile: '7.0' },
      ]),
    );
    expect(resultOf(pairs, 'retrieve_fd', 'EINVAL').ex.text).toMatch(/^RETRIEVE_FD failed with EINVAL: session-kind gating.*this fd is an outgoing session\.$/);
    const creates = pairs.filter(({ ev }) => ev.type === 'result' && ev.op === 'create_session' && ev.result === 'EINVAL').map(({ ex }) => ex.text);
    expect(creates[0]).toMatch(/is session "vm", not \/dev\/liveupdate/);
    expect(creates[1]).toMatch(/name is empty/);
    // the reboot ran on latest (no kho_finalize) although the result is reported by 7.0
    expect(resultOf(pairs, 'kexec', 'ok').ex.kernel).not.toContain('kho_finalize');
  });

  it('notes a double preservation on 6.19, where nothing stops it', () => {
    const pairs = explained(
      scenario([...preserveSteps('memfd', 1), { op: 'dup', fd: 'f', as: 'f2' }, { op: 'preserve_fd', session: 's', fd: 'f2', token: 2, expect: 'ok' }], { profile: '6.19' }),
    );
    const second = pairs.filter(({ ev }) => ev.type === 'file_preserved')[1]!.ex;
    expect(second.text).toMatch(/already preserved in session "vm".*preserved twice/);
    expect(second.tone).toBe('warn');
  });

  it('file_new during RETRIEVE_FD is attributed to the handler, not userspace', () => {
    const pairs = explained(SELFTESTS.find((t) => t.id === 'kexec-simple')!.scenario);
    const news = pairs.filter(({ ev }) => ev.type === 'file_new');
    expect(news[0]!.ex.text).toMatch(/^Userspace created/);
    expect(news[news.length - 1]!.ex.text).toMatch(/retrieve\(\) created/);
  });

  it('keeps scenario strings as plain text', () => {
    const name = '<img src=x onerror=alert(1)>';
    const pairs = explained(scenario([{ op: 'open_device', as: 'luo' }, { op: 'create_session', device: 'luo', name, as: 's' }]));
    const t = find(pairs, (ev) => ev.type === 'session_new').ex.text;
    expect(t).toContain(`"${name}"`);
    expect(typeof t).toBe('string');
  });
});

// ---------------------------------------------------------------------------------------

const img = { format: 'luo-v5' as const, compatible: 'luo-v5', liveupdateNum: 1, sessions: [{ name: 'vm', files: [{ compatible: 'memfd-v1', data: '0x1000', token: 1, kind: 'memfd' }] }], flbs: [] };

/** One sample of every event type: the Record type makes the compiler demand each one. */
const SAMPLES: { [K in EventType]: Omit<Extract<LuoEvent, { type: K }>, 'seq' | 'step' | 'gen'> } = {
  boot: { type: 'boot', profile: 'v1-latest', patches: [], liveupdate: true, liveupdateNum: 0, incoming: 'none' },
  panic: { type: 'panic', reason: 'luo_restore_fail(): bad image' },
  step: { type: 'step', op: 'open_device', text: 'luo = open("/dev/liveupdate")' },
  result: { type: 'result', op: 'create_session', result: 'EEXIST' },
  module: { type: 'module', action: 'load', module: 'memfd', result: 'ok' },
  handler_register: { type: 'handler_register', compatible: 'memfd-v1', module: 'memfd', accepts: ['memfd'], result: 'ok' },
  handler_unregister: { type: 'handler_unregister', compatible: 'memfd-v1', result: 'ok' },
  flb_register: { type: 'flb_register', compatible: 'pci-v1', handler: 'vfio-pci-v1', result: 'ok', users: 1 },
  flb_unregister: { type: 'flb_unregister', compatible: 'pci-v1', handler: 'vfio-pci-v1', result: 'ok', users: 0 },
  file_new: { type: 'file_new', file: 3, fileKind: 'memfd', data: 'x' },
  file_write: { type: 'file_write', file: 3, data: 'y' },
  file_release: { type: 'file_release', file: 3 },
  fd_open: { type: 'fd_open', fd: 3, target: { kind: 'device' } },
  fd_close: { type: 'fd_close', fd: 3 },
  device: { type: 'device', action: 'open' },
  deserialize: { type: 'deserialize', result: 'EIO', reason: 'no handler memfd-v2' },
  session_new: { type: 'session_new', sid: 1, name: 'vm', dir: 'outgoing' },
  session_retrieved: { type: 'session_retrieved', sid: 1 },
  session_finished: { type: 'session_finished', sid: 1 },
  session_gone: { type: 'session_gone', sid: 1, reason: 'closed' },
  session_held: { type: 'session_held', sid: 1, result: 'EBUSY' },
  file_preserved: { type: 'file_preserved', sid: 1, token: 1, file: 3, handler: 'memfd-v1', data: '0x1000' },
  file_unpreserved: { type: 'file_unpreserved', sid: 1, token: 1 },
  file_serialized: { type: 'file_serialized', sid: 1, token: 1, data: '0x1000' },
  file_unserialized: { type: 'file_unserialized', sid: 1, token: 1, data: '0x0' },
  file_incoming: { type: 'file_incoming', sid: 1, token: 1, handler: 'memfd-v1', data: '0x1000' },
  file_retrieved: { type: 'file_retrieved', sid: 1, token: 1, result: 'ok', file: 4 },
  file_finished: { type: 'file_finished', sid: 1, token: 1, retrieved: false },
  callback: { type: 'callback', owner: 'handler', compatible: 'memfd-v1', callback: 'preserve', session: 'vm', token: 1, result: 'ok' },
  flb: { type: 'flb', compatible: 'hugetlb-v1', side: 'outgoing', count: 1, data: '0x2000', why: 'first dependent file preserved: preserve() ran' },
  kexec: { type: 'kexec', phase: 'start' },
  handover: { type: 'handover', image: img },
  warn: { type: 'warn', message: 'something odd' },
  fault: { type: 'fault', target: 'memfd-v1', callback: 'freeze', action: 'armed' },
  violation: { type: 'violation', rule: 'flb-count', message: 'count mismatch' },
};

const stamp = (body: object, i = 0) => ({ ...body, seq: i, step: 0, gen: 0 }) as LuoEvent;

describe('explainEvent is exhaustive', () => {
  const profiles = (['6.19', '7.0', '7.1', 'v1-latest', '7.2', '7.3'] as const).map((id) => makeProfile(id));

  it('explains one sample of every event type, with and without a previous state', () => {
    const prev = project(runScenario(scenario([...preserveSteps('memfd', 1)])).events, emptyView());
    for (const [type, body] of Object.entries(SAMPLES)) {
      for (const profile of profiles) {
        for (const ctx of [{ profile }, { profile, prev }]) {
          const ex = explainEvent(stamp(body), ctx);
          expect(ex.text.length, type).toBeGreaterThan(10);
          expect(ex.kernel.length, type).toBeGreaterThan(0);
          expect(ex.label.length, type).toBeGreaterThan(0);
        }
      }
    }
  });

  it('explains every handler and FLB callback by name, each differently', () => {
    const profile = makeProfile('v1-latest');
    const handler = ['can_preserve', 'get_id', 'preserve', 'unpreserve', 'freeze', 'unfreeze', 'retrieve', 'can_finish', 'finish'];
    const flb = ['preserve', 'unpreserve', 'retrieve', 'finish'];
    const texts = new Set<string>();
    for (const cb of handler) {
      const result = cb === 'can_preserve' || cb === 'can_finish' ? true : 'ok';
      const ex = explainEvent(stamp({ ...SAMPLES.callback, callback: cb, result }), { profile });
      expect(ex.kernel).toContain(`memfd-v1 ->${cb}()`);
      expect(ex.text).toContain(`${cb}()`);
      texts.add(ex.text);
    }
    for (const cb of flb) {
      const ex = explainEvent(stamp({ type: 'callback', owner: 'flb', compatible: 'pci-v1', callback: cb, ...(cb === 'preserve' || cb === 'retrieve' ? { result: 'ok' } : {}) }), { profile });
      expect(ex.kernel).toContain(`FLB pci-v1 ->${cb}()`);
      texts.add(ex.text);
    }
    expect(texts.size).toBe(handler.length + flb.length);
    expect(explainEvent(stamp({ ...SAMPLES.callback, callback: 'unfreeze', result: undefined }), { profile }).text).toMatch(/rollback/i);
    expect(explainEvent(stamp({ ...SAMPLES.callback, callback: 'can_preserve', result: true }), { profile }).text).toMatch(/registration order.*first/);
  });

  it('throws on an event type it does not know (the switch has no silent default)', () => {
    expect(() => explainEvent({ type: 'nope', seq: 0, step: 0, gen: 0 } as unknown as LuoEvent, { profile: makeProfile('v1-latest') })).toThrow(/unexplained/);
  });
});

describe('explainErrno', () => {
  const p = (id: KernelId, patches: PatchId[] = []) => makeProfile(id, patches);

  // notes §8, one row per (op, errno) the kernel or luoscope can give
  const TABLE: [StepOp, string, RegExp][] = [
    ['open_device', 'ENOENT', /disabled|no device node/],
    ['open_device', 'EBUSY', /exclusive/],
    ['open_device', 'EIO', /deserializ/],
    ['create_session', 'EMFILE', /no free fd/],
    ['create_session', 'EEXIST', /outgoing session with this name/],
    ['create_session', 'ENOSPC', /10000 blocks/],
    ['create_session', 'EBADF', /not open/],
    ['create_session', 'ENOTTY', /not a LUO device fd/],
    ['create_session', 'E2BIG', /larger/],
    ['create_session', 'EFAULT', /pointer/],
    ['retrieve_session', 'ENOENT', /no incoming session/],
    ['retrieve_session', 'EINVAL', /already retrieved/],
    ['preserve_fd', 'EEXIST', /token is already used/],
    ['preserve_fd', 'EBADF', /not open/],
    ['preserve_fd', 'ENOENT', /can_preserve/],
    ['preserve_fd', 'EBUSY', /already preserved/],
    ['preserve_fd', 'ENODEV', /module/],
    ['preserve_fd', 'ENOMEM', /allocation/],
    ['preserve_fd', 'EINVAL', /only on an outgoing session/],
    ['preserve_fd', 'ENOTTY', /not a LUO session fd/],
    ['retrieve_fd', 'ENOENT', /token|finished/],
    ['retrieve_fd', 'EIO', /retrieve\(\) failed with EIO/],
    ['retrieve_fd', 'EINVAL', /only on an incoming/],
    ['finish', 'EBUSY', /can_finish/],
    ['finish', 'EINVAL', /only on an incoming/],
    ['get_name', 'EINVAL', /reserved/],
    ['close', 'EBADF', /not open/],
    ['read', 'EBADF', /not open/],
    ['read', 'EINVAL', /device|session/],
    ['write', 'EPERM', /shmem_freeze/],
    ['dup', 'EBADF', /not open/],
    ['kexec', 'EIO', /freeze\(\) returned EIO/],
    ['kexec', 'EAGAIN', /no kho_finalize/],
    ['register_module', 'EOPNOTSUPP', /disabled/],
    ['register_module', 'EEXIST', /compatible/],
    ['register_module', 'ENOSPC', /LUO_FLB_MAX/],
    ['register_module', 'ENOENT', /no module/],
    ['unregister_module', 'ENOENT', /not loaded/],
    ['flb_get_incoming', 'EOPNOTSUPP', /disabled/],
    ['flb_get_incoming', 'ENODATA', /finished|no FLB area/],
    ['flb_get_incoming', 'ENOENT', /no entry/],
    ['flb_get_incoming', 'ENODEV', /module/],
    ['flb_get_incoming', 'EINVAL', /retrieve\(\) failed/],
    ['flb_put_incoming', 'EOPNOTSUPP', /disabled/],
    ['flb_get_outgoing', 'EOPNOTSUPP', /disabled/],
    ['flb_put_outgoing', 'ENOSYS', /does not exist in this profile/],
  ];

  it.each(TABLE)('%s %s on latest', (op, errno, re) => {
    expect(explainErrno(op, errno, p('v1-latest'))).toMatch(re);
  });

  it('differs by profile where the kernel does', () => {
    expect(explainErrno('preserve_fd', 'EBUSY', p('7.1'))).toBe(
      "the file is already preserved in a session (luo_preserved_files holds its id; memfd's get_id() is the inode, so a dup collides too)",
    );
    expect(explainErrno('preserve_fd', 'EBUSY', p('7.0'))).toMatch(/no double-preservation check/);
    expect(explainErrno('get_name', 'EINVAL', p('7.1'))).toMatch(/arrived in 7.2/);
    expect(explainErrno('create_session', 'EINVAL', p('v1-latest'))).toMatch(/empty.*NUL/);
    expect(explainErrno('create_session', 'EINVAL', p('7.1'))).toMatch(/no name check/);
    expect(explainErrno('create_session', 'ENOMEM', p('7.1'))).toMatch(/LUO_SESSION_MAX = 819.*sic/);
    expect(explainErrno('preserve_fd', 'ENOSPC', p('6.19'))).toMatch(/LUO_FILE_MAX = 128/);
    expect(explainErrno('preserve_fd', 'ENOSPC', p('v1-latest'))).toMatch(/10000 blocks/);
    expect(explainErrno('preserve_fd', 'EINVAL', p('7.1'))).toMatch(/no session-kind check before 7.2/);
    expect(explainErrno('finish', 'EINVAL', p('v1-latest', ['finish-reserved']))).toMatch(/reserved field/);
    expect(explainErrno('kexec', 'EAGAIN', p('7.0'))).toMatch(/kho_finalize\(\) failed/);
    expect(explainErrno('register_module', 'EBUSY', p('7.0'))).toMatch(/luo_session_quiesce/);
    expect(explainErrno('unregister_module', 'EBUSY', p('6.19'))).toMatch(/while any session exists/);
    expect(explainErrno('flb_get_incoming', 'ENOSYS', p('6.19'))).toMatch(/no luo_flb\.c.*does not exist in this profile/);
    expect(explainErrno('flb_put_incoming', 'ENOSYS', p('7.0'))).toMatch(/exists since 7.2/);
    expect(explainErrno('flb_get_outgoing', 'ENOENT', p('v1-latest', ['flb-outgoing-refcount']))).toMatch(/no outgoing object/);
    expect(explainErrno('flb_get_outgoing', 'ENOENT', p('v1-latest', ['lock-api-v6']))).toMatch(/outgoing_locked/);
    expect(explainErrno('retrieve_fd', 'EINVAL', p('7.0'))).toMatch(/serialized_data was reset to 0/);
  });

  it('explains a halted machine and ENOSYS for every op', () => {
    for (const op of STEP_OPS) {
      expect(explainErrno(op, 'halted', p('v1-latest'))).toMatch(/panicked at boot/);
      expect(explainErrno(op, 'ENOSYS', p('6.19'))).toMatch(/does not exist in this profile/);
      expect(explainErrno(op, 'ENOMEM', p('v1-latest')).length).toBeGreaterThan(10);
    }
  });
});

describe('GLOSSARY', () => {
  it('defines the core terms', () => {
    const terms = GLOSSARY.map((g) => g.term.toLowerCase());
    const required = [
      'luo', 'kho', 'kexec', 'session', 'outgoing session', 'incoming session', 'token', 'file handler', 'compatible string', 'flb', 'serialized_data',
      'freeze / unfreeze', 'retrieve', 'finish', 'can_finish', 'handover image', 'liveupdate number', 'generation', 'get_id / double preservation',
      'session-kind gating', 'liveupdate= switch', 'memfd',
    ];
    for (const r of required) expect(terms, r).toContain(r);
    expect(new Set(terms).size).toBe(terms.length);
    for (const g of GLOSSARY) {
      expect(g.definition.length, g.term).toBeGreaterThan(40);
      expect(g.definition, g.term).not.toMatch(/<\/?[a-z][^>]*>/i);
    }
  });
});

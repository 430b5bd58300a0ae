import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatToken, parseToken } from './token';
import { CATALOG_MODULE_IDS, parseModuleRef } from './catalog-ids';
import { MAX_SCENARIO_ISSUES, findJsonErrorOffset, jsonErrorPosition, parseScenarioText, validateScenario, type ScenarioIssue } from './validate';
import { SHARED_SCENARIOS_DIR } from '../testing/shared-scenarios';

const SCENARIOS = SHARED_SCENARIOS_DIR;

/** A valid base scenario: a device fd "luo", a session fd "s1", a memfd "m1". */
function base(steps: unknown[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'luoscope-scenario',
    version: 1,
    ...extra,
    steps: [
      { op: 'open_device', as: 'luo' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1' },
      { op: 'create_file', kind: 'memfd', as: 'm1' },
      ...steps,
    ],
  };
}

function issuesOf(input: unknown): ScenarioIssue[] {
  const r = validateScenario(input);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.issues;
}

/** The one issue of a scenario with a single fault. */
function oneIssue(input: unknown): ScenarioIssue {
  const issues = issuesOf(input);
  expect(issues, JSON.stringify(issues, null, 1)).toHaveLength(1);
  return issues[0]!;
}

/** The single issue of one added step (index 3 in base()). */
function stepIssue(step: unknown, extra: Record<string, unknown> = {}): ScenarioIssue {
  return oneIssue(base([step], extra));
}

function expectOk(input: unknown) {
  const r = validateScenario(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  return r.scenario;
}

describe('parseToken / formatToken', () => {
  it('accepts safe integers, decimal and hex strings up to 64 bits', () => {
    expect(parseToken(0)).toBe(0n);
    expect(parseToken(26)).toBe(26n);
    expect(parseToken(Number.MAX_SAFE_INTEGER)).toBe(9007199254740991n);
    expect(parseToken('26')).toBe(26n);
    expect(parseToken('0x1a')).toBe(26n);
    expect(parseToken('0X1A')).toBe(26n);
    expect(parseToken('0xffffffffffffffff')).toBe(18446744073709551615n);
    expect(parseToken('18446744073709551615')).toBe(18446744073709551615n);
    expect(parseToken('0x0000000000000000001')).toBe(1n);
  });
  it('rejects everything else', () => {
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, '', '0x', '-1', '+1', ' 1', '1 ', '1e3', '0x10000000000000000', '18446744073709551616', 'abc', '0xg']) {
      expect(parseToken(bad), String(bad)).toBeNull();
    }
  });
  it('formats as a number up to MAX_SAFE_INTEGER, else lowercase hex', () => {
    expect(formatToken(26n)).toBe(26);
    expect(formatToken(9007199254740991n)).toBe(9007199254740991);
    expect(formatToken(9007199254740992n)).toBe('0x20000000000000');
    expect(formatToken(0xdeadbeefcafebabe1n >> 4n)).toBe('0xdeadbeefcafebabe');
    expect(() => formatToken(-1n)).toThrow(RangeError);
    expect(() => formatToken(1n << 64n)).toThrow(RangeError);
  });
  it('round-trips every u64', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (b) => {
        expect(parseToken(formatToken(b))).toBe(b);
      }),
    );
  });
});

describe('parseModuleRef', () => {
  it('parses ids and versions', () => {
    expect(CATALOG_MODULE_IDS).toEqual(['memfd', 'test-flbs', 'hugetlb', 'guest-memfd', 'iommufd', 'vfio-pci', 'pci', 'eventfd', 'cpu', 'kvm']);
    expect(parseModuleRef('memfd')).toEqual({ id: 'memfd', version: null });
    expect(parseModuleRef('memfd@v2')).toEqual({ id: 'memfd', version: 2 });
    expect(parseModuleRef('vfio-pci@v10')).toEqual({ id: 'vfio-pci', version: 10 });
    expect(parseModuleRef('test-flbs')).toEqual({ id: 'test-flbs', version: null });
  });
  it('rejects bad versions, and any version on test-flbs', () => {
    for (const bad of ['memfd@v0', 'memfd@2', 'memfd@v', 'memfd@v01', 'memfd@v1.5', 'memfd@', '@v2', '', 'memfd@v2@v3', 'test-flbs@v1', 'me mfd']) {
      expect(parseModuleRef(bad), bad).toBeNull();
    }
  });
});

describe('shared scenarios', () => {
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json'));
  it('finds the three shared scenarios', () => {
    expect(files.sort()).toEqual(['memfd-survives-kexec.json', 'session-closed-before-kexec.json', 'unsupported-fd.json']);
  });
  it.each(files)('%s validates', (f) => {
    const r = parseScenarioText(readFileSync(path.join(SCENARIOS, f), 'utf8'));
    expect(r.ok ? [] : r.issues).toEqual([]);
  });
});

describe('top level', () => {
  it('fills defaults', () => {
    const s = expectOk({ format: 'luoscope-scenario', version: 1, steps: [] });
    expect(s.kernel).toEqual({ profile: 'latest', patches: [], liveupdate: true });
    expect(s.boot).toEqual({ modules: ['memfd'] });
    expect(s.steps).toEqual([]);
    const t = expectOk({ format: 'luoscope-scenario', version: 1, kernel: { profile: '7.0' }, boot: { modules: [] }, steps: [] });
    expect(t.kernel).toEqual({ profile: '7.0', patches: [], liveupdate: true });
    expect(t.boot.modules).toEqual([]);
  });
  it('returns a copy, not the input', () => {
    const input = base([{ op: 'kexec', modules: ['memfd'] }]);
    const s = expectOk(input);
    expect(s.steps).not.toBe(input.steps);
    expect(s.steps[3]).toEqual({ op: 'kexec', modules: ['memfd'] });
  });
  it('rejects a non-object', () => {
    for (const v of [null, [], 'x', 3]) expect(oneIssue(v).path).toBe('');
  });
  it('checks format and version', () => {
    const f = oneIssue({ ...base(), format: 'other' });
    expect(f).toMatchObject({ path: 'format', field: 'format' });
    expect(f.message).toContain('"luoscope-scenario"');
    const v = oneIssue({ ...base(), version: 0 });
    expect(v).toMatchObject({ path: 'version', field: 'version' });
    const m = oneIssue({ format: 'luoscope-scenario', steps: [] });
    expect(m.message).toBe('field "version" is missing (the format version, 2)');
    expect(expectOk({ ...base(), version: 2 }).version).toBe(2);
    expect(expectOk({ ...base(), version: 1 }).version).toBe(1);
  });
  it('explains a newer format version and reports nothing else', () => {
    const i = oneIssue({ ...base([{ op: 'teleport' }]), version: 3 });
    expect(i.path).toBe('version');
    expect(i.message).toContain('this scenario is format version 3; this luoscope reads versions 1 and 2');
    expect(i.message).toContain('newer luoscope');
  });
  it('checks title and description, and rejects unknown keys', () => {
    expect(oneIssue({ ...base(), title: 5 })).toMatchObject({ path: 'title' });
    expect(oneIssue({ ...base(), description: null })).toMatchObject({ path: 'description' });
    const u = oneIssue({ ...base(), colour: 'red' });
    expect(u.path).toBe('colour');
    expect(u.message).toContain('is not a scenario field');
  });
  it('requires steps to be an array', () => {
    expect(oneIssue({ format: 'luoscope-scenario', version: 1 }).message).toContain('field "steps" is missing');
    expect(oneIssue({ format: 'luoscope-scenario', version: 1, steps: {} }).path).toBe('steps');
  });
});

describe('kernel', () => {
  it('checks the profile', () => {
    const i = oneIssue(base([], { kernel: { profile: '6.18' } }));
    expect(i).toMatchObject({ path: 'kernel.profile', field: 'profile' });
    expect(i.message).toContain('"6.18" is not a kernel profile');
  });
  it('checks patches: known, no duplicates; any kernel may list them (the engine warns where one is built in)', () => {
    expect(oneIssue(base([], { kernel: { patches: ['nope'] } })).path).toBe('kernel.patches[0]');
    const d = oneIssue(base([], { kernel: { patches: ['finish-reserved', 'finish-reserved'] } }));
    expect(d.path).toBe('kernel.patches[1]');
    expect(d.message).toContain('listed twice');
    expectOk(base([], { kernel: { profile: '7.1', patches: ['finish-reserved'] } }));
    expectOk(base([], { kernel: { profile: '7.3', patches: ['flb-outgoing-refcount'] } }));
    expectOk(base([], { kernel: { profile: '7.1', patches: [] } }));
    expect(expectOk(base([], { kernel: { patches: ['lock-api-v6', 'flb-retrieve-status'] } })).kernel.patches).toEqual([
      'lock-api-v6',
      'flb-retrieve-status',
    ]);
  });
  it('checks liveupdate and unknown keys', () => {
    expect(oneIssue(base([], { kernel: { liveupdate: 'no' } })).path).toBe('kernel.liveupdate');
    expect(expectOk(base([], { kernel: { liveupdate: false } })).kernel.liveupdate).toBe(false);
    expect(oneIssue(base([], { kernel: { version: '7.1' } })).path).toBe('kernel.version');
  });
});

describe('modules', () => {
  it('checks boot.modules refs', () => {
    expectOk(base([], { boot: { modules: ['memfd@v2', 'test-flbs', 'hugetlb', 'guest-memfd', 'iommufd', 'vfio-pci'] } }));
    const u = oneIssue(base([], { boot: { modules: ['memfd', 'zram'] } }));
    expect(u.path).toBe('boot.modules[1]');
    expect(u.message).toContain('"zram" names no known module');
    expect(oneIssue(base([], { boot: { modules: ['memfd@v0'] } })).message).toContain('"@v" and an integer ≥ 1');
    expect(oneIssue(base([], { boot: { modules: ['test-flbs@v2'] } })).message).toContain('"test-flbs" takes no version');
    const d = oneIssue(base([], { boot: { modules: ['memfd', 'memfd@v2'] } }));
    expect(d.path).toBe('boot.modules[1]');
    expect(d.message).toContain('already in this list');
    expect(oneIssue(base([], { boot: { modules: 'memfd' } })).path).toBe('boot.modules');
    expect(oneIssue(base([], { boot: { mods: [] } })).path).toBe('boot.mods');
  });
  it('accepts custom module ids in refs', () => {
    const customModules = [{ id: 'mydrv', handler: 'mydrv-v1', accepts: ['mydev'], flbs: ['mydrv-core-v1'], ops: ['freeze', 'can_finish'] }];
    const s = expectOk(base([{ op: 'register_module', module: 'mydrv' }], { customModules, boot: { modules: ['memfd', 'mydrv'] } }));
    expect(s.customModules).toEqual(customModules);
    const v = oneIssue(base([], { customModules, boot: { modules: ['mydrv@v2'] } }));
    expect(v.message).toContain('custom module "mydrv" takes no version');
  });
  it('checks customModules', () => {
    const good = { id: 'mydrv', handler: 'mydrv-v1', accepts: ['mydev'] };
    const clash = oneIssue(base([], { customModules: [{ ...good, id: 'memfd' }] }));
    expect(clash).toMatchObject({ path: 'customModules[0].id', field: 'id' });
    expect(clash.message).toContain('catalog module id');
    expect(oneIssue(base([], { customModules: [good, good] })).message).toContain('defined twice');
    expect(oneIssue(base([], { customModules: [{ ...good, accepts: [] }] })).path).toBe('customModules[0].accepts');
    expect(oneIssue(base([], { customModules: [{ ...good, accepts: [''] }] })).path).toBe('customModules[0].accepts[0]');
    expect(oneIssue(base([], { customModules: [{ ...good, ops: ['retrieve'] }] })).path).toBe('customModules[0].ops[0]');
    expect(oneIssue(base([], { customModules: [{ ...good, extra: 1 }] })).path).toBe('customModules[0].extra');
    expect(oneIssue(base([], { customModules: [{ id: 'x', accepts: ['k'] }] })).message).toContain('field "customModules[0].handler" is missing');
    // compatibles: at most 47 bytes (48 with the NUL)
    expectOk(base([], { customModules: [{ ...good, handler: 'h'.repeat(47), flbs: ['f'.repeat(47)] }] }));
    const long = oneIssue(base([], { customModules: [{ ...good, handler: 'h'.repeat(48) }] }));
    expect(long.path).toBe('customModules[0].handler');
    expect(long.message).toContain('48 bytes; a compatible string holds at most 47 bytes');
    expect(oneIssue(base([], { customModules: [{ ...good, flbs: ['é'.repeat(24)] }] })).path).toBe('customModules[0].flbs[0]');
    expect(oneIssue(base([], { customModules: [{ ...good, handler: '' }] })).path).toBe('customModules[0].handler');
  });
});

describe('steps', () => {
  it('rejects an unknown op and lists the valid ones', () => {
    const i = stepIssue({ op: 'teleport', fd: 'm1' });
    expect(i).toMatchObject({ step: 3, field: 'op', path: 'steps[3].op' });
    expect(i.message).toContain('step 4 (steps[3]): field "op": "teleport" is not a known op; valid ops: open_device, close,');
    expect(i.message).toContain('inject');
    expect(stepIssue({ as: 'x' }).message).toContain('field "op" is missing');
    expect(stepIssue('open_device')).toMatchObject({ step: 3, path: 'steps[3]' });
  });
  it('requires fields and checks their types', () => {
    const m = stepIssue({ op: 'preserve_fd', session: 's1', fd: 'm1' });
    expect(m).toMatchObject({ step: 3, field: 'token', path: 'steps[3].token' });
    expect(m.message).toContain('step 4 (steps[3], preserve_fd): field "token" is missing');
    const w = stepIssue({ op: 'write', fd: 'm1', data: 5 });
    expect(w).toMatchObject({ step: 3, field: 'data' });
    expect(w.message).toContain('step 4 (steps[3], write): field "data": 5 is not a string');
    expect(stepIssue({ op: 'write', fd: 'm1' }).field).toBe('data');
    expect(stepIssue({ op: 'create_file', kind: '', as: 'x' }).field).toBe('kind');
    expect(stepIssue({ op: 'open_device', as: '' }).field).toBe('as');
    expect(stepIssue({ op: 'flb_get_incoming', flb: '' }).field).toBe('flb');
    expect(stepIssue({ op: 'flb_put_outgoing' }).field).toBe('flb');
  });
  it('rejects unknown fields but allows expect and note', () => {
    const i = stepIssue({ op: 'close', fd: 'm1', token: 1 });
    expect(i).toMatchObject({ step: 3, field: 'token', path: 'steps[3].token' });
    expect(i.message).toContain('step 4 (steps[3], close): field "token" is not a field of close');
    expectOk(base([{ op: 'close', fd: 'm1', expect: 'EBADF', note: 'why' }]));
  });
  it('checks expect', () => {
    const i = stepIssue({ op: 'close', fd: 'm1', expect: 'EWHATEVER' });
    expect(i).toMatchObject({ step: 3, field: 'expect' });
    expect(i.message).toContain('is not "ok", "halted" or an errno name');
    expect(stepIssue({ op: 'close', fd: 'm1', expect: 0 }).field).toBe('expect');
    expect(stepIssue({ op: 'close', fd: 'm1', note: 1 }).field).toBe('note');
    expectOk(base([{ op: 'close', fd: 'm1', expect: 'ok' }]));
  });
  it('requires fd names introduced by an earlier "as"', () => {
    const i = stepIssue({ op: 'preserve_fd', session: 's9', fd: 'm1', token: 1 });
    expect(i).toMatchObject({ step: 3, field: 'session', path: 'steps[3].session' });
    expect(i.message).toBe('step 4 (steps[3], preserve_fd): field "session": "s9" is not an fd name introduced by an earlier step\'s "as"');
    expect(stepIssue({ op: 'create_session', device: 'dev', name: 'x', as: 'x' }).field).toBe('device');
    expect(stepIssue({ op: 'dup', fd: 'd', as: 'd' }).field).toBe('fd'); // not its own "as"
    // later steps, re-binding, and closed fds are fine
    expectOk(
      base([
        { op: 'dup', fd: 'm1', as: 'd' },
        { op: 'close', fd: 'd' },
        { op: 'read', fd: 'd', expect: 'EBADF' },
        { op: 'create_file', kind: 'devnull', as: 'd' },
        { op: 'exit_agent' },
        { op: 'write', fd: 'd', data: 'x', expect: 'EBADF' },
      ]),
    );
  });
  it('checks tokens', () => {
    const i = stepIssue({ op: 'preserve_fd', session: 's1', fd: 'm1', token: -1 });
    expect(i).toMatchObject({ step: 3, field: 'token', path: 'steps[3].token' });
    expect(i.message).toContain('u64');
    expect(i.message).toContain('"0x…"');
    expect(stepIssue({ op: 'retrieve_fd', session: 's1', token: '0x10000000000000000', as: 'r' }).field).toBe('token');
    expect(stepIssue({ op: 'retrieve_fd', session: 's1', token: 2 ** 60, as: 'r' }).field).toBe('token');
    expectOk(base([{ op: 'preserve_fd', session: 's1', fd: 'm1', token: '0xffffffffffffffff' }]));
  });
  it('checks size and reserved', () => {
    expect(stepIssue({ op: 'finish', session: 's1', reserved: -1 })).toMatchObject({ step: 3, field: 'reserved' });
    expect(stepIssue({ op: 'finish', session: 's1', size: 1.5 })).toMatchObject({ step: 3, field: 'size' });
    expect(stepIssue({ op: 'get_name', session: 's1', size: '8' }).message).toContain('is not a non-negative integer');
    expectOk(base([{ op: 'finish', session: 's1', reserved: 1, size: 0 }]));
  });
  it('checks session names: at most 64 UTF-8 bytes, empty and 64 bytes allowed', () => {
    expectOk(base([{ op: 'create_session', device: 'luo', name: '', as: 'e', expect: 'EINVAL' }]));
    expectOk(base([{ op: 'create_session', device: 'luo', name: 'n'.repeat(64), as: 'e' }]));
    const i = stepIssue({ op: 'retrieve_session', device: 'luo', name: 'é'.repeat(33), as: 'r' });
    expect(i).toMatchObject({ step: 3, field: 'name' });
    expect(i.message).toContain('66 bytes');
    expect(stepIssue({ op: 'create_session', device: 'luo', name: 7, as: 'x' }).field).toBe('name');
    expectOk(base([{ op: 'get_name', session: 's1', name: 'vm1' }]));
    expect(stepIssue({ op: 'get_name', session: 's1', name: 1 }).field).toBe('name');
  });
  it('accepts a catalog file kind and optional data (unknown kinds: below)', () => {
    expectOk(base([{ op: 'create_file', kind: 'eventfd', as: 'c', data: '' }, { op: 'read', fd: 'c' }, { op: 'read', fd: 'c', data: '' }]));
    expect(stepIssue({ op: 'read', fd: 'm1', data: null }).field).toBe('data');
  });
  it('checks kexec fields and tracks the profile for patches', () => {
    expectOk(base([{ op: 'kexec', profile: '7.1', modules: ['memfd@v2'], liveupdate: false, patches: [] }]));
    expect(stepIssue({ op: 'kexec', profile: '8.0' })).toMatchObject({ step: 3, field: 'profile' });
    expect(stepIssue({ op: 'kexec', liveupdate: 1 })).toMatchObject({ step: 3, field: 'liveupdate' });
    expect(stepIssue({ op: 'kexec', modules: ['memfd', 'memfd'] })).toMatchObject({ step: 3, field: 'modules', path: 'steps[3].modules[1]' });
    expectOk(base([{ op: 'kexec', profile: '7.0', patches: ['finish-reserved'] }]));
    expectOk(base([{ op: 'kexec', profile: '7.1' }, { op: 'kexec', patches: ['flb-retrieve-status'] }]));
    expect(stepIssue({ op: 'kexec', patches: ['nope'] })).toMatchObject({ step: 3, field: 'patches' });
    // a kexec into another profile boots it without the previous kernel's patches (the engine's rule)
    expectOk(base([{ op: 'kexec', profile: '6.19' }], { kernel: { patches: ['finish-reserved'] } }));
  });
  it('checks register_module / unregister_module refs', () => {
    expectOk(base([{ op: 'register_module', module: 'test-flbs' }, { op: 'unregister_module', module: 'memfd@v3' }]));
    const i = stepIssue({ op: 'register_module', module: 'zram' });
    expect(i).toMatchObject({ step: 3, field: 'module', path: 'steps[3].module' });
    expect(i.message).toContain('step 4 (steps[3], register_module): field "module": "zram" names no known module');
    expect(stepIssue({ op: 'unregister_module', module: 'test-flbs@v1' }).message).toContain('takes no version');
  });
});

describe('inject', () => {
  const inj = (x: Record<string, unknown>) => ({ op: 'inject', target: 'memfd-v1', ...x });
  it('accepts the valid forms', () => {
    expectOk(
      base([
        inj({ callback: 'preserve', errno: 'ENOMEM' }),
        inj({ callback: 'freeze', errno: 'EIO', session: 'vm1', token: '0x1a' }),
        inj({ callback: 'retrieve', errno: 'ENODATA' }),
        inj({ callback: 'can_preserve', result: false }),
        inj({ callback: 'can_finish', result: false }),
        { op: 'inject', target: 'liveupdate-test-flb-v0', callback: 'preserve', errno: 'ENOMEM' },
        { op: 'inject', target: 'kho', callback: 'finalize', errno: 'EAGAIN' },
      ]),
    );
  });
  it('rejects unknown callbacks', () => {
    const i = stepIssue(inj({ callback: 'explode', errno: 'EIO' }));
    expect(i).toMatchObject({ step: 3, field: 'callback' });
    expect(i.message).toContain('can_preserve');
  });
  it.each(['unpreserve', 'unfreeze', 'finish'])('rejects the void callback %s', (cb) => {
    const i = stepIssue(inj({ callback: cb, errno: 'EIO' }));
    expect(i).toMatchObject({ step: 3, field: 'callback', path: 'steps[3].callback' });
    expect(i.message).toContain(`step 4 (steps[3], inject): field "callback": "${cb}" cannot fail: the kernel callback returns void`);
  });
  it('rejects get_id, which cannot fail either', () => {
    const i = stepIssue(inj({ callback: 'get_id' }));
    expect(i).toMatchObject({ step: 3, field: 'callback' });
    expect(i.message).toContain('cannot fail');
    expect(i.message).toContain('returns void');
  });
  it('bool callbacks take "result": false, not errno', () => {
    expect(stepIssue(inj({ callback: 'can_finish', errno: 'EBUSY', result: false })).field).toBe('errno');
    expect(stepIssue(inj({ callback: 'can_preserve' })).message).toContain('field "result" is missing');
    expect(stepIssue(inj({ callback: 'can_preserve', result: true })).message).toContain('only "result": false');
    expect(stepIssue(inj({ callback: 'can_preserve', result: 'false' })).field).toBe('result');
  });
  it('int callbacks take an errno name', () => {
    expect(stepIssue(inj({ callback: 'preserve' }))).toMatchObject({ step: 3, field: 'errno' });
    expect(stepIssue(inj({ callback: 'preserve', errno: 'ENOPE' })).message).toContain('"ENOPE" is not an errno name');
    expect(stepIssue(inj({ callback: 'retrieve', errno: 'EIO', result: false })).field).toBe('result');
  });
  it('finalize goes with target "kho" only', () => {
    expect(stepIssue(inj({ callback: 'finalize', errno: 'EIO' })).message).toContain('"target": "kho"');
    expect(stepIssue({ op: 'inject', target: 'kho', callback: 'preserve', errno: 'EIO' }).field).toBe('callback');
    expect(stepIssue({ op: 'inject', target: 'kho', callback: 'finalize', errno: 'EIO', token: 1 }).field).toBe('token');
  });
  it('checks target, session and token', () => {
    expect(stepIssue({ op: 'inject', target: '', callback: 'preserve', errno: 'EIO' }).field).toBe('target');
    expect(stepIssue(inj({ callback: 'preserve', errno: 'EIO', session: 5 })).field).toBe('session');
    expect(stepIssue(inj({ callback: 'preserve', errno: 'EIO', token: '0xzz' })).field).toBe('token');
  });
});

describe('collecting issues', () => {
  it('collects every issue, not only the first', () => {
    const issues = issuesOf(
      base([
        { op: 'close', fd: 'nope' },
        { op: 'preserve_fd', session: 's1', fd: 'm1', token: -5 },
        { op: 'warp' },
      ], { kernel: { profile: 'x' } }),
    );
    expect(issues.map((i) => i.path)).toEqual(['kernel.profile', 'steps[3].fd', 'steps[4].token', 'steps[5].op']);
  });
  it('caps at 50', () => {
    const steps = Array.from({ length: 200 }, () => ({ op: 'close', fd: 'nope' }));
    expect(issuesOf(base(steps))).toHaveLength(MAX_SCENARIO_ISSUES);
    expect(MAX_SCENARIO_ISSUES).toBe(50);
  });
  it('never throws on random junk', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true }), (v) => {
        const r = validateScenario(v);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
  it('never throws on junk steps inside a valid frame', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.anything(),
            fc.record({ op: fc.constantFrom('inject', 'kexec', 'preserve_fd', 'create_session', 'register_module'), as: fc.string() }),
            fc.dictionary(fc.constantFrom('op', 'as', 'fd', 'token', 'callback', 'errno', 'result', 'modules', 'patches', 'profile', 'target', 'session'), fc.anything()),
          ),
        ),
        (steps) => {
          const r = validateScenario(base(steps));
          if (!r.ok) expect(r.issues.length).toBeLessThanOrEqual(MAX_SCENARIO_ISSUES);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseScenarioText', () => {
  it('parses and validates', () => {
    expect(parseScenarioText(JSON.stringify(base())).ok).toBe(true);
    expect(parseScenarioText('\ufeff' + JSON.stringify(base())).ok).toBe(true);
    const r = parseScenarioText(JSON.stringify(base([{ op: 'nope' }])));
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['steps[3].op']);
  });
  it('reports a JSON syntax error with line and column', () => {
    const text = '{\n  "format": "luoscope-scenario",\n  "version": 1,\n}';
    const r = parseScenarioText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ line: 4, column: 1 });
    expect(r.issues[0]!.message).toMatch(/^JSON syntax error at line 4, column 1: /);
  });
  it('takes the position from the SyntaxError message when it has one', () => {
    const text = 'ab\ncdef\ng';
    expect(jsonErrorPosition(text, 'Unexpected token in JSON at position 6')).toEqual({ line: 2, column: 4 });
    expect(jsonErrorPosition(text, 'Expected x in JSON at position 1 (line 7 column 9)')).toEqual({ line: 7, column: 9 });
    expect(jsonErrorPosition(text, 'JSON.parse: unexpected character at line 3 column 2 of the JSON data')).toEqual({ line: 3, column: 2 });
  });
  it('locates errors whose message has no position', () => {
    // V8 says "Unexpected token ']', ... is not valid JSON" without a position here
    const r = parseScenarioText('{\n  "steps": [1,\n    2,]\n}');
    expect(r.ok ? null : r.issues[0]).toMatchObject({ line: 3, column: 7 });
    const e = parseScenarioText('');
    expect(e.ok ? null : e.issues[0]).toMatchObject({ line: 1, column: 1 });
  });
  it('findJsonErrorOffset agrees with JSON.parse on validity', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.json().map((j) => j.slice(0, -1))), (t) => {
        let valid = true;
        try {
          JSON.parse(t);
        } catch {
          valid = false;
        }
        expect(findJsonErrorOffset(t) === -1).toBe(valid);
      }),
      { numRuns: 1000 },
    );
  });
  it('rejects a text over 16 MiB (16,777,216 characters), naming the size and the cap', () => {
    const text = JSON.stringify({ ...base(), description: 'x'.repeat(17_000_000) });
    const r = parseScenarioText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.message).toContain(text.length.toLocaleString('en-US'));
    expect(r.issues[0]!.message).toContain('16,777,216');
  });
});

describe('create_file kinds (#13 item 11)', () => {
  const base = { format: 'luoscope-scenario', version: 2 } as const;
  it('refuses a kind that no catalog handler or custom module knows', () => {
    const r = validateScenario({ ...base, steps: [{ op: 'create_file', kind: 'floppy', as: 'f' }] });
    expect(r.ok).toBe(false);
    const i = (r as { issues: { message: string; path: string }[] }).issues[0]!;
    expect(i.path).toBe('steps[0].kind');
    expect(i.message).toContain('step 1 (steps[0], create_file): field "kind": "floppy" is not a file kind: use "memfd"');
  });
  it('accepts catalog kinds and the kinds a custom module accepts', () => {
    expect(validateScenario({ ...base, steps: [{ op: 'create_file', kind: 'devnull', as: 'f' }] }).ok).toBe(true);
    const custom = { ...base, customModules: [{ id: 'fdrv', handler: 'floppy-v1', accepts: ['floppy'] }], boot: { modules: ['memfd', 'fdrv'] }, steps: [{ op: 'create_file', kind: 'floppy', as: 'f' }] };
    expect(validateScenario(custom).ok).toBe(true);
  });
});

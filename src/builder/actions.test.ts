import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/run';
import { project } from '../engine/projection';
import type { PatchId, Scenario, Step } from '../scenario/types';
import { validateScenario } from '../scenario/validate';
import { possibleActions, withParam, type Action } from './actions';
import { appendAfter, dropped, emptyHistory, pushHistory, redo, undo } from './draft';

const empty: Scenario = { format: 'luoscope-scenario', version: 1, title: 'built', kernel: { profile: 'latest', patches: [], liveupdate: true }, boot: { modules: ['memfd'] }, steps: [] };

function actionsAt(s: Scenario) {
  const run = runScenario(s);
  return possibleActions({ steps: s.steps, outcomes: run.steps, after: s.steps.length - 1, view: project(run.events) });
}

function pick(s: Scenario, key: string, edit: (st: Step) => Step = (x) => x): Scenario {
  const a = actionsAt(s).find((x: Action) => x.key === key);
  if (!a) throw new Error(`no action ${key} in ${actionsAt(s).map((x) => x.key).join(', ')}`);
  return appendAfter(s, s.steps.length - 1, edit(a.step));
}

describe('builder actions', () => {
  it('builds "a memfd survives a kexec" by picking actions only, and every step is ok', () => {
    let s = empty;
    s = pick(s, 'open_device');
    s = pick(s, 'create_session:luo');
    s = pick(s, 'create_file');
    s = pick(s, 'preserve_fd:s:m');
    s = pick(s, 'kexec');
    s = pick(s, 'open_device');
    const keys = actionsAt(s).map((a) => a.key);
    expect(keys).toContain('retrieve_session:luo2:vm1');
    s = pick(s, 'retrieve_session:luo2:vm1');
    s = pick(s, 'retrieve_fd:s2:1');
    s = pick(s, 'read:m2');
    s = pick(s, 'finish:s2');
    expect(validateScenario(s).ok).toBe(true);
    const run = runScenario(s);
    expect(run.steps.map((x) => x.result)).toEqual(Array(s.steps.length).fill('ok'));
    expect(run.steps.at(-2)!.data).toBe('guest memory');
  });

  it('offers only what fits the state: no preserve into an incoming session, no retrieve_fd on an outgoing one', () => {
    let s = pick(pick(pick(empty, 'open_device'), 'create_session:luo'), 'create_file');
    const keys = actionsAt(s).map((a) => a.key);
    expect(keys).toContain('preserve_fd:s:m');
    expect(keys.some((k) => k.startsWith('retrieve_fd'))).toBe(false);
    expect(keys.some((k) => k.startsWith('finish'))).toBe(false);
    s = pick(s, 'close:s');
    expect(actionsAt(s).some((a) => a.key.startsWith('preserve_fd'))).toBe(false);
  });

  it('edits parameters into valid steps', () => {
    expect(withParam({ op: 'kexec' }, 'profile', '7.1')).toEqual({ op: 'kexec', profile: '7.1' });
    expect(withParam({ op: 'kexec', profile: '7.1' }, 'profile', '(same)')).toEqual({ op: 'kexec' });
    expect(withParam({ op: 'inject', target: 'memfd-v1', callback: 'preserve', errno: 'EIO' }, 'callback', 'can_finish')).toEqual({ op: 'inject', target: 'memfd-v1', callback: 'can_finish', result: false });
    expect(withParam({ op: 'kexec' }, 'liveupdate', false)).toEqual({ op: 'kexec', liveupdate: false });
  });

  it('offers only the calls the kernel at hand has (engine/allowed.ts)', () => {
    const at = (profile: '7.1' | '7.2' | 'latest', patches: PatchId[] = []) => {
      const s = pick(pick(pick(pick({ ...empty, kernel: { profile, patches, liveupdate: true }, boot: { modules: ['memfd', 'hugetlb'] } }, 'open_device'), 'create_session:luo'), 'create_file'), 'preserve_fd:s:m');
      return actionsAt(s).map((a) => a.key);
    };
    expect(at('7.1').some((k) => k.startsWith('get_name'))).toBe(false);
    expect(at('7.2').some((k) => k.startsWith('get_name'))).toBe(true);
    expect(at('latest').includes('flb_put_outgoing:hugetlb-v1')).toBe(false);
    expect(at('latest', ['flb-outgoing-refcount']).includes('flb_put_outgoing:hugetlb-v1')).toBe(true);
    expect(at('7.2').includes('flb_put_outgoing:hugetlb-v1')).toBe(true);
    expect(at('7.1').includes('flb_put_incoming:hugetlb-v1')).toBe(false);
  });

  it('offers to load and unload modules that define only FLBs (the PCI core)', () => {
    const on = (modules: string[]) => actionsAt({ ...empty, kernel: { profile: '7.3', patches: [], liveupdate: true }, boot: { modules } }).map((a) => a.key);
    expect(on(['memfd'])).toContain('register_module:pci');
    expect(on(['memfd', 'pci'])).toContain('unregister_module:pci');
  });

  it('every offered action validates when appended', () => {
    const s = pick(pick(pick(pick(empty, 'open_device'), 'create_session:luo'), 'create_file'), 'preserve_fd:s:m');
    for (const a of actionsAt(s)) expect(validateScenario(appendAfter(s, s.steps.length - 1, a.step)).ok, a.key).toBe(true);
  });
});

describe('draft history', () => {
  it('forks and counts the dropped steps; undo and redo walk whole scenarios', () => {
    const s3 = pick(pick(pick(empty, 'open_device'), 'create_session:luo'), 'create_file');
    expect(dropped(s3, 0)).toBe(2);
    const forked = appendAfter(s3, 0, { op: 'exit_agent' });
    expect(forked.steps.map((x) => x.op)).toEqual(['open_device', 'exit_agent']);
    let h = pushHistory(emptyHistory(), s3);
    const u = undo(h, forked)!;
    expect(u.scenario).toBe(s3);
    h = u.history;
    const r = redo(h, s3)!;
    expect(r.scenario).toBe(forked);
    expect(undo(emptyHistory(), s3)).toBeNull();
  });
});

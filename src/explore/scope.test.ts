import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPS, parseScopeText, scopeJsonSchema, validateScope } from './scope';

const base = { format: 'luoscope-scope', version: 1 };
const issues = (v: unknown) => {
  const r = validateScope(v);
  if (r.ok) throw new Error('expected issues');
  return r.issues;
};

describe('scope format', () => {
  it('fills the defaults', () => {
    const r = validateScope(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scope).toMatchObject({ kernel: { profile: 'latest', patches: [], liveupdate: true }, modules: ['memfd'], sessions: 1, files: [{ kind: 'memfd', data: 'abc' }], tokens: 1, kexecs: 1, depth: 10, symmetry: true });
    expect(r.scope.ops).toEqual(DEFAULT_OPS);
    expect(r.scope.properties).toContain('flb-outgoing-count');
    expect(r.scope.properties).toContain('file-lost');
  });

  it('"invariants" stands for every engine invariant', () => {
    const r = validateScope({ ...base, properties: ['invariants', 'kernel-panic'] });
    if (!r.ok) throw new Error();
    expect(r.scope.properties).toEqual(expect.arrayContaining(['flb-finish-after-files', 'unique-tokens', 'kernel-panic']));
    expect(r.scope.properties).not.toContain('file-lost');
  });

  it('names the field of each problem', () => {
    const got = issues({ ...base, sessions: 12, files: [{ kind: 'floppy' }], ops: ['preserve_fd', 'teleport'], depth: 0, extra: 1 });
    const text = got.map((i) => i.message).join('\n');
    expect(text).toContain('field "sessions": 12 is out of range: 0 to 9');
    expect(text).toContain('field "ops[1]": "teleport" is not one of');
    expect(text).toContain('field "depth": 0 is out of range');
    expect(text).toContain('field "extra" is not a field here');
  });

  it('checks what needs context: file kinds, modules, faults, goals', () => {
    const text = issues({
      ...base,
      modules: ['memfd', 'nosuch'],
      files: [{ kind: 'floppy' }],
      faults: [{ target: 'memfd-v1', callback: 'freeze' }, { target: 'memfd-v1', callback: 'can_finish', errno: 'EIO' }, { missingModule: 'hugetlb' }],
      goals: [{ id: 'a', step: { op: 'flb_get_incoming', result: 'ENOPE' } }, { id: 'a', state: 'session-held' }],
    })
      .map((i) => i.message)
      .join('\n');
    expect(text).toMatch(/field "modules\[1\]": "nosuch" names no known module/);
    expect(text).toContain('field "files[0].kind": "floppy" is not a file kind');
    expect(text).toMatch(/field "faults\[0\]\.errno" is missing/);
    expect(text).toMatch(/field "faults\[1\]\.errno": "can_finish" returns a bool/);
    expect(text).toContain('field "faults[2].missingModule": "hugetlb" is not one of the scope\'s modules');
    expect(text).toContain('field "goals[0].step.result": "ENOPE" is not "ok", "error" or an errno name');
    expect(text).toContain('field "goals[1].id": "a" is already the id of goals[0]');
  });

  it('a fault or a goal is one shape or the other', () => {
    const text = issues({ ...base, faults: [{ target: 'x', callback: 'preserve', errno: 'EIO', missingModule: 'memfd' }] })
      .map((i) => i.message)
      .join('\n');
    expect(text).toContain('field "faults[0]": has more than one of the fields "callback", "missingModule"');
  });

  it('refuses another format, a newer version, and bad JSON, saying which', () => {
    expect(issues({ format: 'luoscope-scenario', version: 2, steps: [] })[0]!.message).toContain('it is a scenario: run it with luoscope run');
    expect(issues({ ...base, version: 2 })[0]!.message).toContain('written by a newer luoscope');
    expect(issues({ version: 1 })[0]!.message).toContain('field "format" is missing');
    const r = parseScopeText('{"format": ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/^not valid JSON/);
  });

  it('publishes a JSON Schema made from the same description', () => {
    const s = scopeJsonSchema() as { properties: Record<string, { enum?: string[]; maximum?: number }>; required: string[] };
    expect(s.required).toEqual(['format', 'version']);
    expect(s.properties.sessions!.maximum).toBe(9);
    expect(s.properties.properties).toBeDefined();
  });

  it('docs/luoscope-scope.schema.json is that schema', () => {
    // after a change of the format, write this expected text to the file
    const file = readFileSync(join(__dirname, '../../docs/luoscope-scope.schema.json'), 'utf8');
    expect(file).toBe(`${JSON.stringify(scopeJsonSchema(), null, 2)}\n`);
  });
});

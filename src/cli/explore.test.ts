import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeShare } from '../scenario/share';
import { validateScope } from '../explore/scope';
import { runCli } from './cli';

const PRESETS = join(__dirname, '../explore/presets');
const read = (p: string) => readFileSync(p, 'utf8');
const files: Record<string, string> = {};
const fake = (p: string) => (p in files ? files[p]! : read(p));
const preset = (name: string) => join(PRESETS, `${name}.scope.json`);

describe('luoscope explore', () => {
  it.each(readdirSync(PRESETS).filter((f) => f.endsWith('.scope.json')))('the preset %s is a valid scope', (f) => {
    const r = validateScope(JSON.parse(read(join(PRESETS, f))));
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it('finds the seed use-after-unpreserve on 7.1 and prints it as a scenario with a link (exit 1)', () => {
    const out = runCli(['explore', preset('pci-hot-unplug-7.1'), '--base', 'http://127.0.0.1:4315/'], read);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^luoscope explore: PCI hot-unplug without the outgoing refcount \(7\.1\)$/m);
    expect(out.stdout).toMatch(/^result: 1 violation within depth 8, \d+ states: flb-use-after-unpreserve \(6 steps\)$/m);
    expect(out.stdout).toContain('liveupdate_flb_get_outgoing(pci-v1)');
    expect(out.stdout).toMatch(/close\(s1\) +ok +<- here/);
    const link = /link: (\S+)/.exec(out.stdout)![1]!;
    expect(link.startsWith('http://127.0.0.1:4315/#s=')).toBe(true);
    const d = decodeShare(link.slice(link.indexOf('#') + 1));
    expect(d).toMatchObject({ ok: true, step: 5 });
  });

  it('with the outgoing refcount the same scope is clean (exit 0), and says how far it looked', () => {
    const out = runCli(['explore', preset('pci-hot-unplug-refcount')], read);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^result: no violation within depth 8, \d+ states$/m);
  });

  it('--json prints one luoscope-explore object with every finding as a scenario', () => {
    const out = runCli(['explore', preset('kho-finalize-failure-7.0'), '--json'], read);
    expect(out.code).toBe(1);
    const j = JSON.parse(out.stdout);
    expect(j).toMatchObject({ format: 'luoscope-explore', version: 1, stop: expect.stringMatching(/^(depth|exhausted)$/), complete: true });
    expect(j.violations.map((v: { id: string }) => v.id)).toContain('frozen-after-failed-kexec');
    const v = j.violations.find((x: { id: string }) => x.id === 'frozen-after-failed-kexec');
    expect(v.scenario.format).toBe('luoscope-scenario');
    expect(v.scenario.steps.at(-1)).toMatchObject({ op: 'kexec', expect: 'EAGAIN' });
    expect(v.index).toBe(v.length - 1);
  });

  it('--max-states bounds the search and the report says so', () => {
    const out = runCli(['explore', preset('two-sessions-two-memfds'), '--max-states', '300'], read);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^result: no violation within 300 states \(the state bound; depth \d+ reached\)$/m);
  });

  it('reports goals with their shortest scenario', () => {
    const out = runCli(['explore', preset('flb-finished-before-retrieve'), '--json'], read);
    const j = JSON.parse(out.stdout);
    expect(j.goals.find((g: { id: string }) => g.id === 'get-incoming-enodata').length).toBe(1);
    expect(j.goals.find((g: { id: string }) => g.id === 'flb-never-finishes').length).toBe(8);
    expect(j.unreached).toEqual([]);
  });

  it('exits 2 for an invalid scope, naming every field, and runs nothing', () => {
    files['/x/bad.scope.json'] = JSON.stringify({ format: 'luoscope-scope', version: 1, sessions: 'two', ops: ['teleport'] });
    const out = runCli(['explore', '/x/bad.scope.json'], fake);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('/x/bad.scope.json is not a valid scope; nothing ran');
    expect(out.stderr).toContain('field "sessions": "two" is not a whole number');
    expect(out.stderr).toContain('field "ops[0]": "teleport" is not one of');
    files['/x/scenario.json'] = JSON.stringify({ format: 'luoscope-scenario', version: 2, steps: [] });
    expect(runCli(['explore', '/x/scenario.json'], fake).stderr).toContain('it is a scenario: run it with luoscope run');
    files['/x/syntax.json'] = '{"format": "luoscope-scope",';
    expect(runCli(['explore', '/x/syntax.json'], fake)).toMatchObject({ code: 2, stderr: expect.stringContaining('not valid JSON') });
  });

  it('exits 2 on bad usage and unreadable files', () => {
    expect(runCli(['explore'], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('give exactly one scope file') });
    expect(runCli(['explore', preset('pci-hot-unplug-7.1'), '--max-states', '0'], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('--max-states "0" is not a number of states') });
    expect(runCli(['explore', preset('pci-hot-unplug-7.1'), '--fast'], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --fast') });
    expect(runCli(['explore', preset('pci-hot-unplug-7.1'), '--base', 'javascript:alert(1)'], read).code).toBe(2);
    expect(runCli(['explore', '/nonexistent.scope.json'], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read /nonexistent.scope.json') });
  });

  it('is in the usage', () => {
    expect(runCli(['--help'], read).stdout).toContain('luoscope explore SCOPE.json [--json] [--max-states N] [--base URL]');
  });
});

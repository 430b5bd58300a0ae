import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeShare, shareUrl } from '../scenario/share';
import { validateScenario } from '../scenario/validate';
import { runCli } from './cli';
import { SHARED_SCENARIOS_DIR } from '../testing/shared-scenarios';

const SHARED = SHARED_SCENARIOS_DIR;
const read = (p: string) => readFileSync(p, 'utf8');
const files: Record<string, string> = {};
const fake = (p: string) => {
  if (p in files) return files[p]!;
  return read(p);
};

describe('luoscope run', () => {
  it('prints the SPEC §3 object for memfd-survives-kexec with every step ok and the data read back', () => {
    const out = runCli(['run', join(SHARED, 'memfd-survives-kexec.json'), '--json'], read);
    expect(out.code).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.format).toBe('luoscope-run');
    expect(j.version).toBe(1);
    expect(j.steps.every((s: { result: string }) => s.result === 'ok')).toBe(true);
    expect(j.steps.find((s: { op: string }) => s.op === 'read')).toMatchObject({ result: 'ok', data: 'guest memory' });
    expect(j.violations).toEqual([]);
    const preserve = j.events.find((e: { type: string; callback?: string }) => e.type === 'callback' && e.callback === 'preserve');
    expect(preserve).toMatchObject({ owner: 'handler', compatible: 'memfd-v1', session: 'vm1', token: 26, gen: 0, step: 3 });
    expect(typeof preserve.seq).toBe('number');
    const retrieve = j.events.find((e: { type: string; callback?: string }) => e.type === 'callback' && e.callback === 'retrieve');
    expect(retrieve.gen).toBe(1);
  });

  it.each(readdirSync(SHARED).filter((f) => f.endsWith('.json')))('runs the shared scenario %s green', (f) => {
    const out = runCli(['run', join(SHARED, f)], read);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/0 expectation\(s\) not met, 0 violation\(s\)/);
  });

  it('exits 1 when an expectation is not met, and says which', () => {
    files['/x/bad.json'] = JSON.stringify({ format: 'luoscope-scenario', version: 1, steps: [{ op: 'open_device', as: 'd' }, { op: 'open_device', as: 'e', expect: 'ok' }] });
    const out = runCli(['run', '/x/bad.json'], fake);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('step 2 (open_device): expected ok, got EBUSY');
    const j = JSON.parse(runCli(['run', '/x/bad.json', '--json'], fake).stdout);
    expect(j.steps[1]).toMatchObject({ result: 'EBUSY', expect: 'ok', met: false });
  });

  it('exits 2 for an invalid scenario, naming the step and field, and runs nothing', () => {
    files['/x/invalid.json'] = JSON.stringify({ format: 'luoscope-scenario', version: 1, steps: [{ op: 'open_device', as: 'd' }, { op: 'preserve_fd', session: 'nope', fd: 'd', token: 1 }] });
    const out = runCli(['run', '/x/invalid.json', '--json'], fake);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/step 2 \(steps\[1\], preserve_fd\): field "session"/);
  });

  it('exits 2 for unreadable files, bad JSON and bad usage', () => {
    expect(runCli(['run', '/nonexistent.json'], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read /nonexistent.json') });
    files['/x/syntax.json'] = '{"format": "luoscope-scenario",\n  "version": 1,\n  "steps": [}';
    expect(runCli(['run', '/x/syntax.json'], fake)).toMatchObject({ code: 2, stderr: expect.stringMatching(/line 3/) });
    expect(runCli(['frobnicate'], read).code).toBe(2);
    expect(runCli(['run'], read).code).toBe(2);
    expect(runCli(['run', 'a.json', '--yaml'], read).code).toBe(2);
    expect(runCli(['--help'], read)).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: luoscope run') });
  });

  it('--strict also fails on invariant violations', () => {
    // unregistering a handler whose file is still preserved, then kexec: freeze() runs on it
    files['/x/viol.json'] = JSON.stringify({
      format: 'luoscope-scenario',
      version: 1,
      kernel: { profile: '7.1' },
      steps: [
        { op: 'open_device', as: 'd' },
        { op: 'create_session', device: 'd', name: 'a', as: 's' },
        { op: 'create_file', kind: 'memfd', as: 'm' },
        { op: 'preserve_fd', session: 's', fd: 'm', token: 1 },
        { op: 'unregister_module', module: 'memfd' },
        { op: 'kexec' },
      ],
    });
    expect(runCli(['run', '/x/viol.json'], fake).code).toBe(0);
    const strict = runCli(['run', '/x/viol.json', '--strict'], fake);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('no-callback-on-unregistered-handler');
  });

  it('keeps every trace line within 72 columns', () => {
    const out = runCli(['run', join(SHARED, 'memfd-survives-kexec.json')], read);
    for (const line of out.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(72);
  });
});

describe('luoscope link', () => {
  const file = join(SHARED, 'memfd-survives-kexec.json');
  const scenario = JSON.parse(read(file));

  it('prints the same link as the app, which opens the file\'s scenario at the step', () => {
    const out = runCli(['link', file, '--step', '5', '--base', 'https://example.org/luoscope/'], read);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout).toBe(shareUrl(scenario, { base: 'https://example.org/luoscope/', step: 4 }));
    expect(out.stdout).toMatch(/^https:\/\/example\.org\/luoscope\/#s=1\.[A-Za-z0-9_-]+&n=5$/);
    const r = decodeShare(out.stdout);
    expect(r).toMatchObject({ ok: true, step: 4, version: 1 });
    expect(r.ok && r.scenario).toStrictEqual(validateScenario(scenario).ok && (validateScenario(scenario) as { scenario: unknown }).scenario);
  });

  it('defaults to no step and the placeholder base; takes --opt=value and options before the file', () => {
    const out = runCli(['link', file], read);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^https:\/\/luoscope\.invalid\/#s=1\.[A-Za-z0-9_-]+$/);
    expect(runCli(['link', '--step=1', '--base=http://localhost:5173', file], read).stdout).toMatch(/^http:\/\/localhost:5173\/#s=1\..*&n=1$/);
    expect(runCli(['link', file, '--base', 'https://x.example/app?v=2#old'], read).stdout).toMatch(/^https:\/\/x\.example\/app\?v=2#s=1\./);
  });

  it('makes a link for every shared scenario that decodes back', () => {
    for (const f of readdirSync(SHARED).filter((x) => x.endsWith('.json'))) {
      const out = runCli(['link', join(SHARED, f)], read);
      expect(out.code, f).toBe(0);
      expect(decodeShare(out.stdout).ok, f).toBe(true);
    }
  });

  it('exits 2 for an invalid scenario, naming the step and field, and prints no link', () => {
    files['/x/invalid-link.json'] = JSON.stringify({ format: 'luoscope-scenario', version: 1, steps: [{ op: 'close', fd: 'nope' }] });
    const out = runCli(['link', '/x/invalid-link.json'], fake);
    expect(out).toMatchObject({ code: 2, stdout: '' });
    expect(out.stderr).toMatch(/is not a valid scenario; no link made:\n {2}step 1 \(steps\[0\], close\): field "fd"/);
    files['/x/syntax-link.json'] = '{"format": "luoscope-scenario",\n  "steps": [}';
    expect(runCli(['link', '/x/syntax-link.json'], fake)).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/line 2/) });
  });

  it('exits 2 with a clear message for bad arguments', () => {
    const err = (argv: string[]) => {
      const out = runCli(argv, read);
      expect(out.code, argv.join(' ')).toBe(2);
      expect(out.stdout).toBe('');
      return out.stderr.split('\n')[0];
    };
    expect(err(['link'])).toBe('luoscope link: give exactly one scenario file');
    expect(err(['link', file, file])).toBe('luoscope link: give exactly one scenario file');
    expect(err(['link', file, '--step'])).toBe('luoscope link: --step needs a value');
    expect(err(['link', file, '--step', 'x'])).toBe('luoscope link: --step "x" is not a step number (1, 2, 3, ...)');
    expect(err(['link', file, '--step', '-1'])).toBe('luoscope link: --step "-1" is not a step number (1, 2, 3, ...)');
    expect(err(['link', file, '--step', '0'])).toBe('luoscope link: --step "0" is not a step number (1, 2, 3, ...)');
    expect(err(['link', file, '--step', '13'])).toBe("luoscope link: --step 13 is beyond the scenario's 12 steps (1 to 12)");
    expect(err(['link', file, '--step', '1', '--step', '2'])).toBe('luoscope link: --step is given twice');
    expect(err(['link', file, '--base', 'not a url'])).toBe('luoscope link: --base "not a url" is not an absolute URL (such as https://example.org/luoscope/)');
    expect(err(['link', file, '--json'])).toBe('luoscope link: unknown option --json');
    expect(err(['link', '/no/such/file.json'])).toMatch(/^luoscope: cannot read \/no\/such\/file\.json/);
    expect(runCli(['help'], read).stdout).toContain('luoscope link FILE.json [--step N] [--base URL]');
  });
});

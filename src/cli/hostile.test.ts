// Hostile inputs to the command (issue #12): huge output, internal errors, special files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_DATA_CHARS } from '../engine/content';
import { runScenario } from '../engine/run';
import { formatTrace } from '../trace/text';
import { MAX_TRACE_LINES, runCli } from './cli';
import { FileRefused, readScenarioFile } from './read';

const amplifying = (reads: number, size = 200_000) =>
  JSON.stringify({
    format: 'luoscope-scenario',
    version: 1,
    steps: [{ op: 'create_file', kind: 'memfd', as: 'm', data: 'x'.repeat(size) }, ...Array.from({ length: reads }, () => ({ op: 'read', fd: 'm' }))],
  });

describe('amplifying scenarios', () => {
  it('a 200 KB memfd read 5,000 times: --json stays small, the read says how long the content was', () => {
    const text = amplifying(5000);
    const out = runCli(['run', 'amp.json', '--json'], () => text);
    expect(out.code).toBe(0);
    expect(out.stdout.length).toBeLessThan(8_000_000);
    const j = JSON.parse(out.stdout);
    expect(j.steps[1]).toMatchObject({ result: 'ok', dataLength: 200_000 });
    expect(j.steps[1].data.length).toBeLessThan(EVENT_DATA_CHARS + 40);
    const res = j.events.find((e: { type: string; op?: string }) => e.type === 'result' && e.op === 'read');
    expect(res.dataLength).toBe(200_000);
    const created = j.events.find((e: { type: string }) => e.type === 'file_new');
    expect(created.dataLength).toBe(200_000);
  });

  it('the same run as text fits 72 columns and a few hundred kB', () => {
    const out = runCli(['run', 'amp.json'], () => amplifying(5000));
    expect(out.code).toBe(0);
    expect(out.stdout.length).toBeLessThan(1_000_000);
    for (const line of out.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(72);
    expect(out.stdout).toContain('(200,000 chars)');
  });

  it('an unmet data expectation quotes the content clipped, not whole', () => {
    const s = JSON.parse(amplifying(3));
    s.steps[1].data = 'y'.repeat(200_000);
    const out = runCli(['run', 'amp.json', '--json'], () => JSON.stringify(s));
    expect(out.code).toBe(1);
    const j = JSON.parse(out.stdout);
    expect(j.steps[1].message.length).toBeLessThan(1000);
  });

  it('a trace longer than the limit stops with an "output truncated" line and still ends with the summary', () => {
    const run = runScenario(JSON.parse(amplifying(500, 10)));
    const text = formatTrace(run, { maxLines: 100 });
    const lines = text.split('\n');
    expect(lines.length).toBeLessThan(110);
    expect(text).toMatch(/\n-- output truncated: [\d,]+ more event\(s\) not shown \(--json has them all\)\n/);
    expect(lines.at(-1)).toBe('-- 501 steps, 0 expectation(s) not met, 0 violation(s)');
    expect(MAX_TRACE_LINES).toBeLessThanOrEqual(100_000);
  });

  it('a run over the budget stops at the step that crossed it and says which limit', () => {
    const s = JSON.parse(amplifying(1000, 1000));
    const events = runScenario(s, { maxEvents: 500, maxContentChars: 1e9 });
    expect(events.exceeded).toMatch(/^This scenario exceeds the run budget: more than 500 events by step \d+/);
    expect(events.ok).toBe(false);
    expect(events.events.length).toBeLessThan(510);
    const content = runScenario(s, { maxEvents: 1e9, maxContentChars: 10_000 });
    expect(content.exceeded).toMatch(/more than 10,000 characters of file content by step \d+/);
  });
});

describe('reading the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'luoscope-read-'));

  it('refuses /dev/zero (a character device) without reading it', () => {
    expect(() => readScenarioFile('/dev/zero')).toThrow(FileRefused);
    expect(() => readScenarioFile('/dev/zero')).toThrow(/character device/);
    const out = runCli(['run', '/dev/zero'], (p) => readScenarioFile(p));
    expect(out).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read /dev/zero: it is a character device, not a regular file') });
  });

  it('refuses a FIFO without opening it (opening would wait for a writer for ever)', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => readScenarioFile(fifo)).toThrow(/FIFO/);
  });

  it('refuses a file over the limit before reading it, and reads one under it', () => {
    const f = join(dir, 'big.json');
    writeFileSync(f, 'x'.repeat(2000));
    expect(() => readScenarioFile(f, 1000)).toThrow(/over the limit/);
    expect(readScenarioFile(f, 4000)).toHaveLength(2000);
  });

  it('refuses a directory', () => {
    expect(() => readScenarioFile(dir)).toThrow(/directory/);
  });
});

describe('control characters', () => {
  // eslint-disable-next-line no-control-regex -- what must not be printed
  const printable = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e]*$/;

  it('a title, session name and handler name cannot clear the screen or forge a summary line', () => {
    const s = {
      format: 'luoscope-scenario',
      version: 1,
      title: 'x\u001b[2J\u001b]0;owned\u0007',
      customModules: [{ id: 'evil', handler: 'h\u001b[1A', accepts: ['evil'], flbs: [], ops: [] }],
      boot: { modules: ['memfd', 'evil'] },
      steps: [
        { op: 'open_device', as: 'd' },
        { op: 'create_session', device: 'd', name: 'a\n-- 0 expectation(s) not met', as: 's' },
        { op: 'create_file', kind: 'evil', as: 'f' },
        { op: 'preserve_fd', session: 's', fd: 'f', token: 1 },
        { op: 'open_device', as: 'e', expect: 'ok' },
      ],
    };
    const out = runCli(['run', 'evil.json'], () => JSON.stringify(s));
    expect(out.code).toBe(1);
    for (const line of out.stdout.split('\n')) expect(line).toMatch(printable);
    expect(out.stdout).toContain('x\\x1b[2J\\x1b]0;owned\\x07');
    expect(out.stdout.split('\n').filter((l) => l.startsWith('-- '))).toEqual([expect.stringMatching(/^-- 5 steps, 1 expectation\(s\) not met/)]);
  });

  it('a binary file gives a syntax error without its raw bytes', () => {
    const out = runCli(['run', 'bin.json'], () => '\u0001\u001b[2J\u0000garbage');
    expect(out.code).toBe(2);
    for (const line of out.stderr.split('\n')) expect(line).toMatch(printable);
  });
});

describe('luoscope link --base', () => {
  it('takes only http: and https: bases', () => {
    const file = JSON.stringify({ format: 'luoscope-scenario', version: 1, steps: [{ op: 'open_device', as: 'd' }] });
    for (const base of ['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'ftp://example.org/']) {
      const out = runCli(['link', 'f.json', '--base', base], () => file);
      expect(out.code, base).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr.split('\n')[0]).toBe(`luoscope link: --base ${JSON.stringify(base)} is not an http: or https: URL`);
    }
    expect(runCli(['link', 'f.json', '--base', 'HTTPS://example.org/x/'], () => file).stdout).toMatch(/^https:\/\/example\.org\/x\/#s=1\./);
  });
});

describe('whatever luoscope writes, it reads', () => {
  it('a 200,000-step scenario exported as a file (about 10 MB, as Export writes it) is read and run', () => {
    const steps = [{ op: 'open_device', as: 'd' }, ...Array.from({ length: 199_999 }, () => ({ op: 'get_name', session: 'd' }))];
    const text = JSON.stringify({ format: 'luoscope-scenario', version: 1, title: 'long', steps }, null, 2);
    expect(text.length).toBeGreaterThan(7_000_000);
    const out = runCli(['run', 'long.json', '--json'], () => text);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout).steps).toHaveLength(200_000);
  }, 120_000);
});

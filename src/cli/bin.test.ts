// The installed command itself: bin/luoscope.mjs on the built dist-cli (npm test builds it first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_SCENARIOS_DIR } from '../testing/shared-scenarios';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/luoscope.mjs');
const built = existsSync(resolve(ROOT, 'dist-cli/main.js'));

describe.runIf(built)('bin/luoscope.mjs', () => {
  it('runs a scenario and prints the luoscope-run object, exit 0', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', resolve(SHARED_SCENARIOS_DIR, 'memfd-survives-kexec.json'), '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.steps.find((s: { op: string }) => s.op === 'read').data).toBe('guest memory');
  });

  it('exits 2 on /dev/zero at once, without reading it', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', '/dev/zero'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('luoscope: cannot read /dev/zero: it is a character device, not a regular file\n');
  });

  it('exits 2 on a missing file', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', '/no/such/file.json'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot read');
  });
});

it('the CLI bundle exists when the test command runs (npm test builds it before the unit tests)', () => {
  expect(built || !process.env.CI).toBe(true);
});

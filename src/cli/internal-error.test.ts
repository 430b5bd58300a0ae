// An internal error (a bug of luoscope, here a RangeError out of the engine) is exit 3, one
// line and no stack, never 1 ("an expectation was not met"); --debug prints the stack.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { SHARED_SCENARIOS_DIR } from '../testing/shared-scenarios';
import { EXIT_INTERNAL, runCli } from './cli';

vi.mock('../engine/run', () => ({
  runScenario: () => {
    throw new RangeError('Invalid string length');
  },
}));

const file = join(SHARED_SCENARIOS_DIR, 'memfd-survives-kexec.json');
const read = (p: string) => readFileSync(p, 'utf8');

it('exits 3 with one line and no stack', () => {
  const out = runCli(['run', file, '--json'], read);
  expect(EXIT_INTERNAL).toBe(3);
  expect(out.code).toBe(3);
  expect(out.stdout).toBe('');
  expect(out.stderr).toBe('luoscope: internal error: RangeError: Invalid string length (run again with --debug for the stack trace)');
});

it('--debug prints the stack after that line', () => {
  const out = runCli(['run', '--debug', file], read);
  expect(out.code).toBe(3);
  expect(out.stderr).toMatch(/^luoscope: internal error: RangeError: Invalid string length\nRangeError: Invalid string length\n\s+at /);
});

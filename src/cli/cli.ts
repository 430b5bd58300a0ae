// The command line as a pure function of its arguments and a file reader, so tests call it.
import { runScenario } from '../engine/run';
import { parseScenarioText } from '../scenario/validate';
import { formatTrace } from '../trace/text';

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export const USAGE = `usage: luoscope run FILE.json [--json] [--strict]

  run     run a scenario (format v1) in the simulated kernel and print a
          readable trace, or with --json one luoscope-run object
  --strict  also exit 1 when an invariant is violated

exit status: 0 all expectations met, 1 an expectation not met,
             2 invalid scenario or usage`;

export function runCli(argv: string[], readFile: (path: string) => string): CliOutput {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') return { code: cmd ? 0 : 2, stdout: cmd ? USAGE : '', stderr: cmd ? '' : USAGE };
  if (cmd !== 'run') return { code: 2, stdout: '', stderr: `luoscope: unknown command "${cmd}"\n${USAGE}` };
  const flags = rest.filter((a) => a.startsWith('--'));
  const files = rest.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--json' && f !== '--strict');
  if (unknown.length) return { code: 2, stdout: '', stderr: `luoscope: unknown option ${unknown.join(', ')}\n${USAGE}` };
  if (files.length !== 1) return { code: 2, stdout: '', stderr: `luoscope run: give exactly one scenario file\n${USAGE}` };
  const file = files[0]!;
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    return { code: 2, stdout: '', stderr: `luoscope: cannot read ${file}: ${(e as Error).message}` };
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    const lines = parsed.issues.map((i) => `  ${i.message}`);
    return { code: 2, stdout: '', stderr: `luoscope: ${file} is not a valid scenario; nothing ran:\n${lines.join('\n')}` };
  }
  const run = runScenario(parsed.scenario);
  const failed = !run.ok || (flags.includes('--strict') && run.violations.length > 0);
  const code = failed ? 1 : 0;
  if (flags.includes('--json')) {
    const out = { format: 'luoscope-run', version: 1, steps: run.steps, events: run.events, violations: run.violations };
    return { code, stdout: JSON.stringify(out), stderr: '' };
  }
  return { code, stdout: formatTrace({ title: parsed.scenario.title, ...run }), stderr: '' };
}

// The command line as a pure function of its arguments and a file reader, so tests call it.
import { runScenario } from '../engine/run';
import { DEFAULT_SHARE_BASE, shareUrl } from '../scenario/share';
import { parseScenarioText } from '../scenario/validate';
import { escapeControl } from '../text/control';
import { formatTrace } from '../trace/text';
import { FileRefused } from './read';
import { EXPORT_C_HELP, EXPORT_C_LINE, exportCCommand } from './export-c';
import { DIFF_HELP, DIFF_LINE, diffCommand } from './diff';
import { EXPLORE_HELP, EXPLORE_LINE, exploreCommand } from './explore';
import { parseBase } from './base';

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export const USAGE = `usage: luoscope run FILE.json [--json] [--strict] [--debug]
       luoscope link FILE.json [--step N] [--base URL]
${EXPORT_C_LINE}
${DIFF_LINE}
${EXPLORE_LINE}

  run     run a scenario (format v1) in the simulated kernel and print a
          readable trace, or with --json one luoscope-run object
  --strict  also exit 1 when an invariant is violated
  link    print the share link that opens the scenario in the app, the
          same link as the app's Copy link
  --step N  open it at step N (counted from 1, as the app shows it)
  --base URL  where the app is served; default ${DEFAULT_SHARE_BASE}
          (a placeholder: e.g. http://localhost:5173/ for npm run dev)
${EXPORT_C_HELP}
${DIFF_HELP}
${EXPLORE_HELP}

  --debug   on an internal error, print its stack trace

exit status: 0 all expectations met (link: printed), 1 an expectation
             not met, 2 invalid scenario or usage (or the file cannot be
             read), 3 an internal error of luoscope`;

/** Exit status of an internal error: never 1, which a CI job reads as a test result. */
export const EXIT_INTERNAL = 3;

/** Any throw below is luoscope's bug: one line (exit 3), the stack only with --debug. */
export function runCli(argv: string[], readFile: (path: string) => string): CliOutput {
  const debug = argv.includes('--debug');
  try {
    return dispatchCli(argv.filter((a) => a !== '--debug'), readFile);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const line = `luoscope: internal error: ${escapeControl(oneLine(`${err.name}: ${err.message}`))}`;
    return { code: EXIT_INTERNAL, stdout: '', stderr: debug ? `${line}\n${escapeControl(err.stack ?? '', { keepNewlines: true })}` : `${line} (run again with --debug for the stack trace)` };
  }
}

const oneLine = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s).replace(/\s*\n\s*/g, ' ');

function dispatchCli(argv: string[], readFile: (path: string) => string): CliOutput {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') return { code: cmd ? 0 : 2, stdout: cmd ? USAGE : '', stderr: cmd ? '' : USAGE };
  if (cmd === 'link') return linkCommand(rest, readFile);
  if (cmd === 'export-c') return exportCCommand(rest, readFile);
  if (cmd === 'diff') return diffCommand(rest, readFile);
  if (cmd === 'explore') return exploreCommand(rest, readFile);
  if (cmd !== 'run') return { code: 2, stdout: '', stderr: `luoscope: unknown command "${escapeControl(cmd)}"\n${USAGE}` };
  const flags = rest.filter((a) => a.startsWith('--'));
  const files = rest.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--json' && f !== '--strict');
  if (unknown.length) return { code: 2, stdout: '', stderr: `luoscope: unknown option ${escapeControl(unknown.join(', '))}\n${USAGE}` };
  if (files.length !== 1) return { code: 2, stdout: '', stderr: `luoscope run: give exactly one scenario file\n${USAGE}` };
  const file = files[0]!;
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    return cannotRead(file, e);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    const lines = parsed.issues.map((i) => `  ${escapeControl(i.message)}`);
    return { code: 2, stdout: '', stderr: `luoscope: ${file} is not a valid scenario; nothing ran:\n${lines.join('\n')}` };
  }
  const run = runScenario(parsed.scenario);
  if (run.exceeded) return { code: 2, stdout: '', stderr: `luoscope: ${escapeControl(file)}: ${run.exceeded}` };
  const failed = !run.ok || (flags.includes('--strict') && run.violations.length > 0);
  const code = failed ? 1 : 0;
  if (flags.includes('--json')) {
    const out = { format: 'luoscope-run', version: 1, steps: run.steps, events: run.events, violations: run.violations };
    return { code, stdout: JSON.stringify(out), stderr: '' };
  }
  return { code, stdout: formatTrace({ title: parsed.scenario.title, ...run }, { maxLines: MAX_TRACE_LINES }), stderr: '' };
}

/** The readable trace stops after this many lines (about 7 MB), then says so. */
export const MAX_TRACE_LINES = 100_000;

function cannotRead(file: string, e: unknown): CliOutput {
  const why = e instanceof FileRefused ? e.message : e instanceof Error ? e.message : String(e);
  return { code: 2, stdout: '', stderr: `luoscope: cannot read ${escapeControl(file)}: ${escapeControl(why)}` };
}

const usageError = (message: string): CliOutput => ({ code: 2, stdout: '', stderr: `luoscope link: ${escapeControl(message)}\n${USAGE}` });

/** `luoscope link FILE.json [--step N] [--base URL]`: prints the share URL (src/scenario/share.ts). */
function linkCommand(args: string[], readFile: (path: string) => string): CliOutput {
  const files: string[] = [];
  const opts: { step?: string; base?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--(step|base)(?:=(.*))?$/s.exec(a);
    if (m) {
      const name = m[1] as 'step' | 'base';
      if (opts[name] !== undefined) return usageError(`--${name} is given twice`);
      const value = m[2] ?? args[++i];
      if (value === undefined) return usageError(`--${name} needs a value`);
      opts[name] = value;
    } else if (a.startsWith('--')) return usageError(`unknown option ${escapeControl(a)}`);
    else files.push(a);
  }
  if (files.length !== 1) return usageError('give exactly one scenario file');
  let step: number | null = null;
  if (opts.step !== undefined) {
    if (!/^[0-9]+$/.test(opts.step) || Number(opts.step) < 1) return usageError(`--step ${JSON.stringify(opts.step)} is not a step number (1, 2, 3, ...)`);
    step = Number(opts.step) - 1; // the index into steps
  }
  const b = parseBase(opts.base);
  if ('error' in b) return usageError(b.error);
  const base = b.base;
  const file = files[0]!;
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    return cannotRead(file, e);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    const lines = parsed.issues.map((i) => `  ${escapeControl(i.message)}`);
    return { code: 2, stdout: '', stderr: `luoscope: ${file} is not a valid scenario; no link made:\n${lines.join('\n')}` };
  }
  const n = parsed.scenario.steps.length;
  if (step !== null && step >= n) {
    const range = n === 0 ? 'it has no steps' : `1 to ${n}`;
    return { code: 2, stdout: '', stderr: `luoscope link: --step ${step + 1} is beyond the scenario's ${n} step${n === 1 ? '' : 's'} (${range})` };
  }
  return { code: 0, stdout: shareUrl(parsed.scenario, { base, step }), stderr: '' };
}

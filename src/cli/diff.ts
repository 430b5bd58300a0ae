// `luoscope diff FILE.json --a 7.0 --b 7.1 [--b-patches p1,p2] [--json]`: one scenario on two
// kernels, the first divergence and the difference table (src/compare). FILE may also be a
// comparison file exported by the app (its scenario is A, its "b" is B; options override).
import { runScenario } from '../engine/run';
import { checkKernel, isPatchId, isProfileId, kernelOf, type CompareKernel } from '../compare/config';
import { compareRuns } from '../compare/diverge';
import { explainedEvents, viewsBefore } from '../compare/explain';
import { isComparisonValue, readComparison } from '../compare/file';
import { diffReport, formatDiff } from '../compare/report';
import { PATCH_IDS, PROFILE_IDS, type ResolvedScenario } from '../scenario/types';
import { parseScenarioText } from '../scenario/validate';
import { escapeControl } from '../text/control';
import type { CliOutput } from './cli';
import { FileRefused } from './read';

export const DIFF_LINE = `       luoscope diff FILE.json [--a PROFILE] [--b PROFILE] [--json]
         [--a-patches P,...] [--a-modules M,...] [--a-liveupdate on|off]
         [--b-patches P,...] [--b-modules M,...] [--b-liveupdate on|off]`;
export const DIFF_HELP = `  diff    run one scenario on two kernels, A and B, and print the first
          divergence and one row per step where they differ (result or
          errno, callbacks, FLB and session counts, a panic or a halt);
          exit 0 when they agree, 1 when they differ
          A is the scenario's kernel, B a copy of A: each option replaces
          one field (--b-patches '' for none). kexec steps that name a
          kernel keep it on both sides. FILE may be a comparison file
          exported by the app (its b is B)
          profiles: ${PROFILE_IDS.join(', ')}
          patches: ${PATCH_IDS.slice(0, 2).join(', ')},
            ${PATCH_IDS.slice(2).join(', ')}`;
const DIFF_USAGE = `usage: ${DIFF_LINE.trimStart()}\n\n${DIFF_HELP}\n\nexit status: 0 A and B agree, 1 they differ, 2 invalid scenario,\n             kernel or usage (or the file cannot be read)`;

const SIDE_OPTIONS = ['', '-patches', '-modules', '-liveupdate'] as const;
const OPTION = /^--([ab])(-patches|-modules|-liveupdate)?(?:=(.*))?$/s;

const usage = (message: string): CliOutput => ({ code: 2, stdout: '', stderr: `luoscope diff: ${escapeControl(message)}\n${DIFF_USAGE}` });
const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

/** Applies one --a… or --b… option to a side's kernel; a message when its value is wrong. */
function setOption(k: CompareKernel, opt: (typeof SIDE_OPTIONS)[number], value: string, name: string): string | null {
  switch (opt) {
    case '':
      if (!isProfileId(value)) return `${name} ${JSON.stringify(value)} is not a kernel profile (${PROFILE_IDS.join(', ')})`;
      k.profile = value;
      return null;
    case '-patches': {
      const ps = list(value);
      const bad = ps.find((p) => !isPatchId(p));
      if (bad !== undefined) return `${name}: ${JSON.stringify(bad)} is not a patch (${PATCH_IDS.join(', ')})`;
      k.patches = ps.filter(isPatchId);
      return null;
    }
    case '-modules':
      k.modules = list(value);
      return null;
    case '-liveupdate':
      if (!['on', 'off', 'true', 'false'].includes(value)) return `${name} ${JSON.stringify(value)} is not on or off`;
      k.liveupdate = value === 'on' || value === 'true';
      return null;
  }
}

export function diffCommand(args: string[], readFile: (path: string) => string): CliOutput {
  const files: string[] = [];
  const given = new Map<string, string>();
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') {
      json = true;
      continue;
    }
    const m = OPTION.exec(arg);
    if (m) {
      const key = `--${m[1]}${m[2] ?? ''}`;
      if (given.has(key)) return usage(`${key} is given twice`);
      const value = m[3] ?? args[++i];
      if (value === undefined) return usage(`${key} needs a value`);
      given.set(key, value);
    } else if (arg.startsWith('--')) return usage(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length !== 1) return usage('give exactly one scenario file');
  const file = files[0]!;
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    const why = e instanceof FileRefused || e instanceof Error ? e.message : String(e);
    return { code: 2, stdout: '', stderr: `luoscope: cannot read ${escapeControl(file)}: ${escapeControl(why)}` };
  }

  // a scenario, or a comparison file (its b is the default B)
  let scenario: ResolvedScenario;
  let fileB: CompareKernel | null = null;
  let value: unknown = undefined;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    // parseScenarioText below names the syntax error with its line and column
  }
  if (isComparisonValue(value)) {
    const c = readComparison(value);
    if (!c.ok) return { code: 2, stdout: '', stderr: `luoscope: ${escapeControl(file)} is not a valid comparison; nothing ran: ${escapeControl(c.message)}` };
    scenario = c.scenario;
    fileB = c.b;
  } else {
    const parsed = parseScenarioText(text);
    if (!parsed.ok) {
      const lines = parsed.issues.map((i) => `  ${escapeControl(i.message)}`);
      return { code: 2, stdout: '', stderr: `luoscope: ${escapeControl(file)} is not a valid scenario; nothing ran:\n${lines.join('\n')}` };
    }
    scenario = parsed.scenario;
  }

  const a = kernelOf(scenario);
  for (const opt of SIDE_OPTIONS) {
    const v = given.get(`--a${opt}`);
    const err = v === undefined ? null : setOption(a, opt, v, `--a${opt}`);
    if (err) return usage(err);
  }
  const b: CompareKernel = fileB ? { ...fileB } : { ...a, patches: [...a.patches], modules: [...a.modules] };
  for (const opt of SIDE_OPTIONS) {
    const v = given.get(`--b${opt}`);
    const err = v === undefined ? null : setOption(b, opt, v, `--b${opt}`);
    if (err) return usage(err);
  }
  const sa = checkKernel(scenario, a);
  if (!sa.ok) return { code: 2, stdout: '', stderr: `luoscope diff: kernel A does not fit ${escapeControl(file)}: ${escapeControl(sa.message)}` };
  const sb = checkKernel(scenario, b);
  if (!sb.ok) return { code: 2, stdout: '', stderr: `luoscope diff: kernel B does not fit ${escapeControl(file)}: ${escapeControl(sb.message)}` };

  const ra = runScenario(sa.scenario);
  const rb = runScenario(sb.scenario);
  const over = ra.exceeded ?? rb.exceeded;
  if (over) return { code: 2, stdout: '', stderr: `luoscope: ${escapeControl(file)} (${ra.exceeded ? 'A' : 'B'}): ${over}` };
  const c = compareRuns(ra.events, rb.events, scenario.steps.length, scenario.steps.map((s) => s.op));
  const report = diffReport(
    scenario,
    c,
    { kernel: a, events: ra.events, before: viewsBefore(ra.events, c.rows.flatMap((r) => explainedEvents(r.a))) },
    { kernel: b, events: rb.events, before: viewsBefore(rb.events, c.rows.flatMap((r) => explainedEvents(r.b))) },
  );
  const code = report.first ? 1 : 0;
  return { code, stdout: json ? JSON.stringify(report) : formatDiff(report), stderr: '' };
}

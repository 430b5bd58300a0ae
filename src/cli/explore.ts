// `luoscope explore SCOPE.json [--json] [--max-states N] [--base URL]`: explore every ordering
// of a scope (src/explore) and print what went wrong, each as a shortest scenario and a link.
import { describeStep } from '../engine/describe';
import { explore } from '../explore/explore';
import type { ExploreResult, Finding } from '../explore/result';
import { MAX_STATES_LIMIT, parseScopeText, type ResolvedScope } from '../explore/scope';
import { escapeControl } from '../text/control';
import type { CliOutput } from './cli';
import { FileRefused } from './read';
import { parseBase } from './base';

export const EXPLORE_LINE = '       luoscope explore SCOPE.json [--json] [--max-states N] [--base URL]';
export const EXPLORE_HELP = `  explore  try every ordering of the operations a scope allows, breadth
          first up to its depth, and check the invariants and properties
          after every step; each violation and goal is printed as its
          shortest scenario with a link (--base as for link); with --json
          one luoscope-explore object; exit 0 nothing violated, 1 a
          violation, 2 an invalid scope
  --max-states N  stop after N distinct states (default: the scope's)`;
const EXPLORE_USAGE = `usage: ${EXPLORE_LINE.trimStart()}\n\n${EXPLORE_HELP}\n\nexit status: 0 nothing violated, 1 a violation, 2 an invalid scope or usage\n             (or the file cannot be read), 3 an internal error of luoscope`;

const usage = (message: string): CliOutput => ({ code: 2, stdout: '', stderr: `luoscope explore: ${escapeControl(message)}\n${EXPLORE_USAGE}` });
const thousands = (n: number) => n.toLocaleString('en');
const plural = (n: number, word: string) => `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;

function scopeLine(s: ResolvedScope): string {
  const kinds = [...new Set(s.files.map((f) => f.kind))].join(', ');
  return [
    `kernel ${s.kernel.profile}${s.kernel.patches.length ? ` + ${s.kernel.patches.join(', ')}` : ''}${s.kernel.liveupdate ? '' : ' (liveupdate off)'}`,
    `modules ${s.modules.join(', ') || '(none)'}`,
    `${plural(s.sessions, 'session')}, ${plural(s.files.length, 'file')}${kinds ? ` (${kinds})` : ''}, ${plural(s.tokens, 'token')}, ${plural(s.kexecs, 'kexec')}`,
    `depth ${s.depth}`,
  ].join('; ');
}

function findingText(f: Finding): string {
  const lines = [`${f.kind} ${f.id}: ${f.title}`, `  ${f.message}`, `  shortest scenario, ${plural(f.length, 'step')}${f.reproduced ? '' : ' (NOT reproduced when replayed: a luoscope bug)'}:`];
  const width = String(f.length).length;
  f.scenario.steps.forEach((s, i) => {
    const text = describeStep(s);
    lines.push(`  ${String(i + 1).padStart(width)}  ${text.padEnd(44)} ${s.expect ?? ''}${i === f.index ? '   <- here' : ''}`);
  });
  lines.push(`  link: ${f.link}`);
  return escapeControl(lines.join('\n'), { keepNewlines: true });
}

/** The readable report (what `explore` prints without --json). */
export function formatExplore(r: ExploreResult, s: ResolvedScope): string {
  const out = [
    `luoscope explore: ${escapeControl(r.title)}`,
    `scope: ${escapeControl(scopeLine(s))}`,
    `searched: ${plural(r.states, 'state')}, ${plural(r.transitions, 'transition')}, depth ${r.depth} of ${r.depthBound}, ${(r.ms / 1000).toFixed(1)} s (${thousands(r.statesPerSecond)} states/s)`,
    `result: ${escapeControl(r.summary)}`,
  ];
  for (const f of [...r.violations, ...r.goals]) out.push('', findingText(f));
  return out.join('\n');
}

export function exploreCommand(args: string[], readFile: (path: string) => string): CliOutput {
  const files: string[] = [];
  let json = false;
  const opts: { 'max-states'?: string; base?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--(max-states|base)(?:=(.*))?$/s.exec(a);
    if (a === '--json') json = true;
    else if (m) {
      const name = m[1] as 'max-states' | 'base';
      if (opts[name] !== undefined) return usage(`--${name} is given twice`);
      const value = m[2] ?? args[++i];
      if (value === undefined) return usage(`--${name} needs a value`);
      opts[name] = value;
    } else if (a.startsWith('--')) return usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return usage('give exactly one scope file');
  let maxStates: number | undefined;
  if (opts['max-states'] !== undefined) {
    const v = opts['max-states'];
    if (!/^[0-9]+$/.test(v) || Number(v) < 1 || Number(v) > MAX_STATES_LIMIT) return usage(`--max-states ${JSON.stringify(v)} is not a number of states (1 to ${thousands(MAX_STATES_LIMIT)})`);
    maxStates = Number(v);
  }
  const b = parseBase(opts.base);
  if ('error' in b) return usage(b.error);
  const base = b.base;
  const file = files[0]!;
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    const why = e instanceof FileRefused ? e.message : e instanceof Error ? e.message : String(e);
    return { code: 2, stdout: '', stderr: `luoscope: cannot read ${escapeControl(file)}: ${escapeControl(why)}` };
  }
  const parsed = parseScopeText(text);
  if (!parsed.ok) {
    const lines = parsed.issues.map((i) => `  ${escapeControl(i.message)}`);
    return { code: 2, stdout: '', stderr: `luoscope: ${escapeControl(file)} is not a valid scope; nothing ran:\n${lines.join('\n')}` };
  }
  const r = explore(parsed.scope, { shareBase: base, ...(maxStates !== undefined ? { maxStates } : {}) });
  const code = r.violations.length ? 1 : 0;
  return { code, stdout: json ? JSON.stringify(r) : formatExplore(r, parsed.scope), stderr: '' };
}

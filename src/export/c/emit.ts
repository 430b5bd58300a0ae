// The C text of an exported test: header comment, uapi, step tables (one per boot), runner.
import { describeStep } from '../../engine/describe';
import type { StepOutcome } from '../../engine/run';
import { parseToken } from '../../scenario/token';
import { resolveProfileId, type Scenario, type Step } from '../../scenario/types';
import { kernelName } from '../../engine/profiles';
import type { Refusal } from './refuse';
import { INCLUDES, runnerText, TYPES } from './runtime';
import type { Stage } from './stages';
import { UAPI_TEXT } from './uapi';

/**
 * The licence line a file for tools/testing/selftests needs. Written in two parts so that a
 * search of src/ for kernel licence headers (copied kernel source) finds none in our code.
 */
export const SPDX_GPL2 = ['SPDX', 'License-Identifier: GPL-2.0'].join('-');

const utf8 = new TextEncoder();

/** A C string literal of the UTF-8 bytes of `s` (octal escapes for anything not plain ASCII). */
export function cString(s: string): string {
  let out = '"';
  let col = 0;
  for (const b of utf8.encode(s)) {
    let piece: string;
    if (b === 0x22 || b === 0x5c) piece = `\\${String.fromCharCode(b)}`;
    else if (b === 0x3f) piece = '\\?'; // no trigraphs, ever
    else if (b >= 0x20 && b < 0x7f) piece = String.fromCharCode(b);
    else piece = `\\${b.toString(8).padStart(3, '0')}`;
    if (col > 100) {
      out += '"\n\t\t"';
      col = 0;
    }
    out += piece;
    col += piece.length;
  }
  return `${out}"`;
}

const byteLength = (s: string) => utf8.encode(s).length;

/** A comment-safe single line (no comment end, no newline). */
const commentText = (s: string) => s.replace(/\*\//g, '* /').replace(/\s+/g, ' ').trim();

/** describeStep() for a TAP line: '#' would start a TAP directive. */
const tapText = (s: string) => {
  const t = s.replace(/#/g, '%23').replace(/\s+/g, ' ');
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
};

/** C identifiers for the scenario's fd names: N_<name>, made unique. */
export function nameIdents(steps: readonly Step[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>(['NO_NAME', 'NR_NAMES']);
  const add = (n: string | undefined) => {
    if (n === undefined || ids.has(n)) return;
    let id = `N_${n.replace(/[^A-Za-z0-9_]/g, '_')}`;
    for (let k = 2; used.has(id); k++) id = `N_${n.replace(/[^A-Za-z0-9_]/g, '_')}_${k}`;
    used.add(id);
    ids.set(n, id);
  };
  for (const s of steps) {
    if (s.op === 'inject') continue;
    for (const key of ['as', 'device', 'session', 'fd'] as const) if (key in s) add((s as unknown as Record<string, unknown>)[key] as string | undefined);
  }
  return ids;
}

const FILE_OPS: Record<string, string> = { memfd: 'OP_CREATE_MEMFD', devnull: 'OP_OPEN_DEVNULL', regular: 'OP_CREATE_REGULAR' };

export interface EmitInput {
  scenario: Scenario;
  outcomes: readonly StepOutcome[];
  stages: readonly Stage[];
  /** steps turned into TAP skips (--skip-kernel-steps) */
  skipped: readonly Refusal[];
  link: string;
  fileName: string;
}

/** One entry of a stage table. */
function entry(step: Step, i: number, o: StepOutcome | undefined, ids: Map<string, string>, skip: string | undefined): string {
  const f: string[] = [`.i = ${i}`];
  const what = `.what = ${cString(tapText(describeStep(step)))}`;
  if (skip !== undefined) return `{ ${[...f, '.op = OP_SKIP', what, `.skip = ${cString(tapText(skip))}`].join(', ')} }`;
  const name = (n: string) => ids.get(n)!;
  const str = (s: string) => f.push(`.str = ${cString(s)}`, `.len = ${byteLength(s)}`);
  const want = (s: string | undefined) => {
    if (s !== undefined) f.push(`.want = ${cString(s)}`, `.want_len = ${byteLength(s)}`);
  };
  const sized = (size: number | undefined) => {
    if (size !== undefined) f.push('.sized = 1', `.size = ${size}U`);
  };
  const token = (t: number | string) => f.push(`.token = 0x${parseToken(t)!.toString(16)}ULL`);
  const expect = step.expect ?? (o?.result === 'halted' ? 'ok' : (o?.result ?? 'ok'));
  const okExpected = expect === 'ok';
  switch (step.op) {
    case 'open_device':
      f.push('.op = OP_OPEN_DEVICE', what, `.as = ${name(step.as)}`);
      break;
    case 'close':
      f.push('.op = OP_CLOSE', what, `.fd = ${name(step.fd)}`);
      break;
    case 'create_session':
    case 'retrieve_session':
      f.push(`.op = OP_${step.op.toUpperCase()}`, what, `.fd = ${name(step.device)}`, `.as = ${name(step.as)}`);
      str(step.name);
      sized(step.size);
      break;
    case 'preserve_fd':
      f.push('.op = OP_PRESERVE_FD', what, `.fd = ${name(step.session)}`, `.arg = ${name(step.fd)}`);
      token(step.token);
      sized(step.size);
      break;
    case 'retrieve_fd':
      f.push('.op = OP_RETRIEVE_FD', what, `.fd = ${name(step.session)}`, `.as = ${name(step.as)}`);
      token(step.token);
      sized(step.size);
      break;
    case 'finish':
      f.push('.op = OP_FINISH', what, `.fd = ${name(step.session)}`);
      if (step.reserved !== undefined) f.push(`.reserved = ${step.reserved}U`);
      sized(step.size);
      break;
    case 'get_name':
      f.push('.op = OP_GET_NAME', what, `.fd = ${name(step.session)}`);
      if (step.reserved !== undefined) f.push(`.reserved = ${step.reserved}U`);
      sized(step.size);
      if (okExpected) want(step.name ?? o?.name);
      break;
    case 'create_file':
      f.push(`.op = ${FILE_OPS[step.kind]!}`, what, `.as = ${name(step.as)}`);
      if (step.data) str(step.data);
      break;
    case 'write':
      f.push('.op = OP_WRITE', what, `.fd = ${name(step.fd)}`);
      str(step.data);
      break;
    case 'read':
      f.push('.op = OP_READ', what, `.fd = ${name(step.fd)}`);
      if (okExpected) want(step.data ?? o?.data);
      break;
    case 'dup':
      f.push('.op = OP_DUP', what, `.fd = ${name(step.fd)}`, `.as = ${name(step.as)}`);
      break;
    case 'exit_agent':
      f.push('.op = OP_EXIT_AGENT', what);
      break;
    default:
      throw new Error(`steps[${i}] ${step.op} has no C form`); // refused before emit
  }
  if (!okExpected) f.push(`.expect = ${expect}`);
  return `{ ${f.join(', ')} }`;
}

function header(x: EmitInput, nStages: number): string {
  const s = x.scenario;
  const k = s.kernel ?? {};
  const lines: string[] = [];
  const add = (t = '') => lines.push(t ? ` * ${t}` : ' *');
  add(`${x.fileName} - a kernel selftest exported by luoscope (export-c)`);
  add();
  add(`Scenario: ${commentText(s.title ?? '(untitled)')}`);
  if (s.description) add(`  ${commentText(s.description)}`);
  const asked = k.profile ?? 'latest';
  const kernel = resolveProfileId(asked, s.version); // the release it means, named for ever
  add(`Kernel profile: ${asked === kernel ? kernel : `${asked} → ${kernel}`} (${kernelName(kernel)})${k.patches?.length ? ` with patches ${k.patches.join(', ')}` : ''}; ` +
    `LUO ${k.liveupdate === false ? 'off (boot without liveupdate=on)' : 'on (liveupdate=on)'}; ` +
    `modules at boot: ${(s.boot?.modules ?? ['memfd']).join(', ') || '(none)'}`);
  add(`Reproduce in luoscope: ${x.link}`);
  add();
  add('Every step asserts what the scenario expects (errno, data read, name returned);');
  add("a step with no expectation asserts what luoscope's engine returned for it when");
  add('this file was exported, so the test checks the simulated result of every step.');
  const disagree = x.outcomes.filter((o) => !o.met && o.message);
  for (const o of disagree) add(`luoscope's engine disagrees at steps[${o.i}] ${o.op}: ${commentText(o.message!)}`);
  for (const r of x.skipped) add(`Skipped (--skip-kernel-steps): steps[${r.i}] ${r.op}: ${commentText(r.reason)}`);
  add();
  add('Kernel: CONFIG_LIVEUPDATE, CONFIG_KEXEC_HANDOVER, CONFIG_KEXEC_FILE, CONFIG_MEMFD_CREATE,');
  add('CONFIG_SHMEM, CONFIG_TMPFS (and CONFIG_LIVEUPDATE_TEST when the scenario boots test-flbs),');
  add('booted with liveupdate=on. A missing /dev/liveupdate SKIPs the test (exit 4), as luo_test().');
  add('Build: gcc -std=gnu11 -O2 -Wall -Wextra -o NAME NAME.c   (run as root)');
  if (nStages === 1) {
    add('Run:   ./NAME   (one boot, no kexec)');
  } else {
    add(`Run:   ./NAME, kexec into the same kernel, ./NAME again: ${nStages} stages, one per boot.`);
    add('Stage k runs the steps of boot k. The stage is known from a state file');
    add('(default /var/tmp/NAME.state; --state FILE), not from a state session as in');
    add("luo_kexec_simple.c, so the scenario's sessions are the only ones. Each stage but the");
    add('last writes "stage k+1 boot_id ID" (fsync), forks a child that keeps the session fds');
    add('open (daemonize_and_wait()) and exits 0. The next run refuses to start in the same boot');
    add('(same boot_id); --stage N checks the stage; --reset starts again at stage 1.');
  }
  return `// ${SPDX_GPL2}\n/*\n${lines.join('\n')}\n */\n`;
}

export function emitC(x: EmitInput): string {
  const steps = x.scenario.steps;
  const ids = nameIdents(steps);
  const skipOf = new Map(x.skipped.map((r) => [r.i, r.reason]));
  const maxFd = Math.max(2, ...x.outcomes.map((o) => o.fd ?? 0));
  const out: string[] = [header(x, x.stages.length), INCLUDES, UAPI_TEXT, TYPES];
  out.push(`#define SCENARIO_TITLE ${cString(x.scenario.title ?? x.fileName)}`);
  out.push(`#define NOFILE_NEEDED ${maxFd + 32}`);
  out.push(`#define FD_MAP ${maxFd + 64}\n`);
  out.push(`/* the scenario's fd names ("as"); NO_NAME never has an fd */\nenum name {\n\tNO_NAME,\n${[...ids.values()].map((id) => `\t${id},`).join('\n')}\n\tNR_NAMES\n};\n`);
  out.push(`static const char *const name_of[NR_NAMES] = {\n\t"(none)",\n${[...ids.keys()].map((n) => `\t${cString(n)},`).join('\n')}\n};\n`);
  for (const st of x.stages) {
    const rows: string[] = [];
    if (st.after !== undefined && skipOf.has(st.after)) rows.push(entry(steps[st.after]!, st.after, x.outcomes[st.after], ids, skipOf.get(st.after)));
    for (const i of st.steps) {
      const step = steps[i]!;
      if (step.note) rows.push(`/* ${commentText(step.note).slice(0, 160)} */`);
      rows.push(entry(step, i, x.outcomes[i], ids, skipOf.get(i)));
    }
    const title = st.n === 1 ? (x.stages.length > 1 ? 'before the first kexec' : 'the whole scenario') : `after kexec ${st.n - 1} (steps[${st.after}])`;
    out.push(`/* stage ${st.n}: ${title} */\nstatic const struct step stage${st.n}[] = {\n${[...rows, '{ .op = OP_END }'].map((r) => `\t${r.replace(/\n/g, '\n\t')}${r.startsWith('/*') ? '' : ','}`).join('\n')}\n};\n`);
  }
  out.push(`static const struct step *const stages[] = { ${x.stages.map((s) => `stage${s.n}`).join(', ')} };\n#define NR_STAGES ${x.stages.length}\n`);
  out.push(runnerText());
  return out.join('\n');
}

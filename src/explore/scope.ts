// The scope of an exploration (format "luoscope-scope", version 1): the kernel, how many
// sessions, files, tokens and kexecs, which operations and faults, the depth bound, and what
// to check or look for. Described once (SCOPE_SCHEMA): the type checks, their messages and
// the published JSON Schema come from it; the checks that need context are below it.
import { ERRNO } from '../engine/errno';
import { FILE_KINDS, kindHasContent } from '../engine/modules/catalog';
import { PATCH_IDS, PROFILE_IDS, STEP_OPS, type CustomModule, type PatchId, type ProfileId, type Step, type StepOp } from '../scenario/types';
import { validateScenario } from '../scenario/validate';
import { ALL_INVARIANTS, INVARIANT_RULES, PROPERTY_IDS, STATE_GOAL_IDS, type PropertyId, type StateGoalId } from './catalog';
import { checkValue, show, toJsonSchema, type Issue, type Schema } from './schema';

export const SCOPE_FORMAT = 'luoscope-scope';
export const SCOPE_VERSION = 1;

/** A fault the explorer may inject: an `inject` step, or a module missing from the next kernel. */
export type FaultSpec =
  | { target: string; callback: string; errno?: string; result?: false; perFile?: boolean }
  | { missingModule: string };

export type GoalSpec =
  | { id: string; title?: string; step: { op: StepOp; result: string; flb?: string } }
  | { id: string; title?: string; state: StateGoalId };

export interface Scope {
  format: typeof SCOPE_FORMAT;
  version: typeof SCOPE_VERSION;
  title?: string;
  description?: string;
  kernel?: { profile?: ProfileId; patches?: PatchId[]; liveupdate?: boolean };
  modules?: string[];
  customModules?: CustomModule[];
  sessions?: number;
  files?: { kind: string; data?: string }[];
  tokens?: number;
  kexecs?: number;
  fds?: number;
  ops?: StepOp[];
  writes?: string[];
  faults?: FaultSpec[];
  depth?: number;
  maxStates?: number;
  symmetry?: boolean;
  properties?: (PropertyId | typeof ALL_INVARIANTS)[];
  goals?: GoalSpec[];
}

/** A scope with every default filled in (what the explorer runs). */
export interface ResolvedScope {
  title: string;
  description: string;
  kernel: { profile: ProfileId; patches: PatchId[]; liveupdate: boolean };
  modules: string[];
  customModules: CustomModule[];
  sessions: number;
  files: { kind: string; data: string }[];
  tokens: number;
  kexecs: number;
  fds: number;
  ops: StepOp[];
  writes: string[];
  faults: FaultSpec[];
  depth: number;
  maxStates: number;
  symmetry: boolean;
  properties: PropertyId[];
  goals: GoalSpec[];
}

/** The userspace life cycle across a kexec: what a scope explores when it names no ops. */
export const DEFAULT_OPS: readonly StepOp[] = ['open_device', 'create_session', 'create_file', 'preserve_fd', 'close', 'kexec', 'retrieve_session', 'retrieve_fd', 'finish'];
export const DEFAULT_DEPTH = 10;
export const DEFAULT_MAX_STATES = 1_000_000;
export const DEFAULT_FILE_DATA = 'abc';
export const DEFAULT_WRITE = 'xyz';
/** Bounds that keep a scope explorable (and its pools' names of equal length). */
export const MAX_SLOTS = 9;
export const MAX_KEXECS = 4;
export const MAX_DEPTH = 64;
export const MAX_STATES_LIMIT = 50_000_000;

const text = (doc: string, extra: Partial<{ minLength: number; maxLength: number }> = {}): Schema => ({ type: 'string', doc, ...extra });
const int = (doc: string, min: number, max: number): Schema => ({ type: 'integer', doc, min, max });

const FAULT_INJECT: Schema & { type: 'object' } = {
  type: 'object',
  doc: 'an injected callback failure, as an inject step: { "target", "callback", "errno" or "result": false, "perFile"? }',
  fields: {
    target: text('the handler or FLB compatible, or "kho"', { minLength: 1 }),
    callback: text('the callback that fails: preserve, freeze, retrieve, can_finish, can_preserve, finalize', { minLength: 1 }),
    errno: { type: 'string', doc: 'the errno it fails with', enum: Object.keys(ERRNO) },
    result: { type: 'boolean', doc: 'false, for can_finish and can_preserve' },
    perFile: { type: 'boolean', doc: 'also try it narrowed to each session and token (default false: the next call fails)' },
  },
  required: ['target', 'callback'],
};

const FAULT_MODULE: Schema & { type: 'object' } = {
  type: 'object',
  doc: 'a module the next kernel boots without: { "missingModule": "hugetlb" }',
  fields: { missingModule: text('a module of "modules" that a kexec may leave out', { minLength: 1 }) },
  required: ['missingModule'],
};

const GOAL_STEP: Schema & { type: 'object' } = {
  type: 'object',
  doc: 'a step that returns a result: { "id", "step": { "op", "result", "flb"? } }',
  fields: {
    id: text('a name for the goal', { minLength: 1, maxLength: 64 }),
    title: text('what it asks, in words'),
    step: {
      type: 'object',
      doc: 'the op, and the result it must return',
      fields: {
        op: { type: 'string', doc: 'a scenario op', enum: STEP_OPS },
        result: text('"ok", an errno name, or "error" for any errno', { minLength: 1 }),
        flb: text('for the FLB ops: only this FLB', { minLength: 1 }),
      },
      required: ['op', 'result'],
    },
  },
  required: ['id', 'step'],
};

const GOAL_STATE: Schema & { type: 'object' } = {
  type: 'object',
  doc: 'a named state: { "id", "state": "flb-never-finishes" }',
  fields: {
    id: text('a name for the goal', { minLength: 1, maxLength: 64 }),
    title: text('what it asks, in words'),
    state: { type: 'string', doc: 'a named state', enum: STATE_GOAL_IDS },
  },
  required: ['id', 'state'],
};

/** The scope format, described once. */
export const SCOPE_SCHEMA: Schema & { type: 'object' } = {
  type: 'object',
  doc: 'a luoscope exploration scope',
  fields: {
    $schema: text('the JSON Schema the file follows, for editors (docs/luoscope-scope.schema.json)'),
    format: { type: 'string', doc: `"${SCOPE_FORMAT}"`, const: SCOPE_FORMAT },
    version: int(`the format version, ${SCOPE_VERSION}`, 1, SCOPE_VERSION),
    title: text('a title'),
    description: text('what the scope asks'),
    kernel: {
      type: 'object',
      doc: '{ "profile", "patches", "liveupdate" } as in a scenario',
      fields: {
        profile: { type: 'string', doc: 'a kernel profile', enum: PROFILE_IDS },
        patches: { type: 'array', doc: 'patch ids', items: { type: 'string', doc: 'a patch id', enum: PATCH_IDS }, unique: true },
        liveupdate: { type: 'boolean', doc: 'the liveupdate command line switch' },
      },
    },
    modules: { type: 'array', doc: 'boot modules, as a scenario\'s boot.modules (default ["memfd"])', items: text('a module ref', { minLength: 1 }), maxItems: 16 },
    customModules: { type: 'array', doc: 'modules defined here, as in a scenario', items: { type: 'object', doc: 'a custom module', fields: { id: text('module id'), handler: text('handler compatible'), accepts: { type: 'array', doc: 'file kinds', items: text('a file kind') }, flbs: { type: 'array', doc: 'FLB compatibles', items: text('an FLB compatible') }, ops: { type: 'array', doc: 'optional callbacks', items: text('a callback') } }, required: ['id', 'handler', 'accepts'] }, maxItems: 8 },
    sessions: int('how many sessions (names vm1, vm2, …)', 0, MAX_SLOTS),
    files: {
      type: 'array',
      doc: 'the files the agent may create, one slot each (names f1, f2, …)',
      items: { type: 'object', doc: '{ "kind", "data"? }', fields: { kind: text('a file kind such as "memfd"', { minLength: 1 }), data: text('its content at creation (default "abc" for kinds with content)', { maxLength: 64 }) }, required: ['kind'] },
      maxItems: MAX_SLOTS,
    },
    tokens: int('how many tokens (1, 2, …; default: one per file)', 1, MAX_SLOTS),
    kexecs: int('how many kexecs a path may take (default 1)', 0, MAX_KEXECS),
    fds: int('at most this many open fds (default: no bound but the names)', 1, 64),
    ops: { type: 'array', doc: 'the scenario ops to try (default: the life cycle across a kexec)', items: { type: 'string', doc: 'a scenario op', enum: STEP_OPS }, unique: true, minItems: 1 },
    writes: { type: 'array', doc: 'what write may write (default ["xyz"])', items: text('content', { maxLength: 64 }), maxItems: 4, unique: true },
    faults: { type: 'array', doc: 'faults to try', items: { type: 'variant', doc: 'a fault', variants: [{ key: 'callback', schema: FAULT_INJECT }, { key: 'missingModule', schema: FAULT_MODULE }] }, maxItems: 16 },
    depth: int(`the depth bound: the most steps in a path (default ${DEFAULT_DEPTH})`, 1, MAX_DEPTH),
    maxStates: int(`stop after this many distinct states (default ${DEFAULT_MAX_STATES.toLocaleString('en')})`, 1, MAX_STATES_LIMIT),
    symmetry: { type: 'boolean', doc: 'count states equal up to renaming sessions, files and tokens once (default true)' },
    properties: { type: 'array', doc: `what to check (default: all); "${ALL_INVARIANTS}" is every engine invariant`, items: { type: 'string', doc: 'a property id', enum: [ALL_INVARIANTS, ...PROPERTY_IDS] }, unique: true },
    goals: { type: 'array', doc: 'states or results to find a shortest way to', items: { type: 'variant', doc: 'a goal', variants: [{ key: 'step', schema: GOAL_STEP }, { key: 'state', schema: GOAL_STATE }] }, maxItems: 16 },
  },
  required: ['format', 'version'],
};

/** The published JSON Schema of the scope format. */
export function scopeJsonSchema(): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'luoscope-scope-v1', title: 'luoscope exploration scope, version 1', ...toJsonSchema(SCOPE_SCHEMA) };
}

export type ScopeResult = { ok: true; scope: ResolvedScope } | { ok: false; issues: Issue[] };

type Obj = Record<string, unknown>;

/** Kernel, modules and custom modules are a scenario's: its validator checks them, and each fault as an inject step. */
function checkWithScenarioRules(s: Scope, out: Issue[]): void {
  const injects = (s.faults ?? []).map((f, j) => ({ f, j })).filter((x): x is { f: Extract<FaultSpec, { callback: string }>; j: number } => 'callback' in x.f);
  const steps: Step[] = injects.map(({ f }) => ({ op: 'inject', target: f.target, callback: f.callback, ...(f.errno !== undefined ? { errno: f.errno } : {}), ...(f.result !== undefined ? { result: f.result } : {}) }));
  const r = validateScenario({
    format: 'luoscope-scenario',
    version: 2,
    ...(s.kernel ? { kernel: s.kernel } : {}),
    ...(s.modules ? { boot: { modules: s.modules } } : {}),
    ...(s.customModules ? { customModules: s.customModules } : {}),
    steps,
  });
  if (r.ok) return;
  for (const i of r.issues) {
    const step = /^steps\[(\d+)\]\.?(.*)$/.exec(i.path);
    if (step) {
      const j = injects[Number(step[1])]!.j;
      const path = `faults[${j}]${step[2] ? `.${step[2]}` : ''}`;
      out.push({ path, message: i.message.replace(/^step \d+ \([^)]*\)(: field "[^"]*")?/, `field "${path}"`) });
    } else out.push({ path: i.path.replace(/^boot\.modules/, 'modules'), message: i.message.replace(/"boot\.modules/g, '"modules') });
  }
}

/** Validate a parsed scope; never throws. On success, the scope with its defaults. */
export function validateScope(input: unknown): ScopeResult {
  const out: Issue[] = [];
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const o = input as Obj;
    if (o.format !== undefined && o.format !== SCOPE_FORMAT)
      return { ok: false, issues: [{ path: 'format', message: `field "format": ${show(o.format)} is not "${SCOPE_FORMAT}": this is not a luoscope scope${o.format === 'luoscope-scenario' ? ' (it is a scenario: run it with luoscope run)' : ''}` }] };
    if (typeof o.version === 'number' && Number.isInteger(o.version) && o.version > SCOPE_VERSION)
      return { ok: false, issues: [{ path: 'version', message: `field "version": this scope is version ${o.version}; this luoscope reads version ${SCOPE_VERSION}. It was written by a newer luoscope` }] };
  }
  if (!checkValue(SCOPE_SCHEMA, input, '', out)) return { ok: false, issues: out };
  const s = input as Scope;
  checkWithScenarioRules(s, out);
  const modules = s.modules ?? ['memfd'];
  const kinds = new Set([...FILE_KINDS, ...(s.customModules ?? []).flatMap((m) => m.accepts)]);
  (s.files ?? []).forEach((f, i) => {
    if (!kinds.has(f.kind)) out.push({ path: `files[${i}].kind`, message: `field "files[${i}].kind": ${show(f.kind)} is not a file kind (${[...kinds].map((k) => JSON.stringify(k)).join(', ')})` });
  });
  (s.faults ?? []).forEach((f, i) => {
    if ('missingModule' in f && !modules.some((m) => m.split('@')[0] === f.missingModule.split('@')[0]))
      out.push({ path: `faults[${i}].missingModule`, message: `field "faults[${i}].missingModule": ${show(f.missingModule)} is not one of the scope's modules (${modules.map((m) => JSON.stringify(m)).join(', ')})` });
    if ('callback' in f && f.perFile && f.target === 'kho') out.push({ path: `faults[${i}].perFile`, message: `field "faults[${i}].perFile": kho_finalize() is not per file` });
  });
  const ids = new Map<string, number>();
  (s.goals ?? []).forEach((g, i) => {
    const first = ids.get(g.id);
    if (first !== undefined) out.push({ path: `goals[${i}].id`, message: `field "goals[${i}].id": ${show(g.id)} is already the id of goals[${first}]` });
    else ids.set(g.id, i);
    if ('step' in g && !['ok', 'error'].includes(g.step.result) && !(g.step.result in ERRNO))
      out.push({ path: `goals[${i}].step.result`, message: `field "goals[${i}].step.result": ${show(g.step.result)} is not "ok", "error" or an errno name` });
  });
  const files = (s.files ?? [{ kind: 'memfd' }]).map((f) => ({ kind: f.kind, data: f.data ?? (kindHasContent(f.kind) && f.kind !== 'devnull' ? DEFAULT_FILE_DATA : '') }));
  if (out.length) return { ok: false, issues: out };
  const props = s.properties ?? [ALL_INVARIANTS, ...PROPERTY_IDS];
  const properties = [...new Set(props.flatMap((p) => (p === ALL_INVARIANTS ? PROPERTY_IDS.filter((x) => isInvariant(x)) : [p])))];
  return {
    ok: true,
    scope: {
      title: s.title ?? 'Exploration',
      description: s.description ?? '',
      kernel: { profile: s.kernel?.profile ?? 'latest', patches: [...(s.kernel?.patches ?? [])], liveupdate: s.kernel?.liveupdate ?? true },
      modules: [...modules],
      customModules: s.customModules ?? [],
      sessions: s.sessions ?? 1,
      files,
      tokens: s.tokens ?? Math.max(1, files.length),
      kexecs: s.kexecs ?? 1,
      fds: s.fds ?? 64,
      ops: [...(s.ops ?? DEFAULT_OPS)],
      writes: [...(s.writes ?? [DEFAULT_WRITE])],
      faults: [...(s.faults ?? [])],
      depth: s.depth ?? DEFAULT_DEPTH,
      maxStates: s.maxStates ?? DEFAULT_MAX_STATES,
      symmetry: s.symmetry ?? true,
      properties,
      goals: [...(s.goals ?? [])],
    },
  };
}

function isInvariant(p: PropertyId): boolean {
  return p in INVARIANT_RULES;
}

/** Parse and validate a scope's JSON text (a syntax error is one issue with its message). */
export function parseScopeText(textIn: string): ScopeResult {
  let value: unknown;
  try {
    value = JSON.parse(textIn);
  } catch (e) {
    return { ok: false, issues: [{ path: '', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  return validateScope(value);
}

// Scenario validation (SPEC §2): unknown ops, fd names never introduced by an earlier "as",
// wrong types and unknown versions are rejected with a message naming the step and field.
// Values the kernel itself rejects (empty or 64-byte names, closed fds, duplicate tokens, ...)
// are not scenario errors: the step runs and gets the kernel's errno.

import { ERRNO, isErrno } from '../engine/errno';
import { FILE_KINDS } from '../engine/modules/catalog';
import { isCatalogModuleId, CATALOG_MODULE_IDS, MODULE_ID_PATTERN, parseModuleRef, UNVERSIONED_MODULE_IDS } from './catalog-ids';
import { parseToken } from './token';
import {
  PATCH_IDS,
  PROFILE_IDS,
  SCENARIO_VERSION,
  STEP_OPS,
  type CustomModule,
  type OptionalHandlerOp,
  type PatchId,
  type ProfileId,
  type ResolvedScenario,
  type ScenarioVersion,
  type Step,
  type StepOp,
} from './types';

export interface ScenarioIssue {
  /** index of the step in `steps` (0-based, as in `path`; the message says "step <index + 1> (steps[<index>], op)") */
  step?: number;
  /** the field concerned, e.g. "token" (for an element of a list: the list's field) */
  field?: string;
  /** where: "steps[3].token", "kernel.profile", "customModules[0].accepts[1]"; "" for the whole text */
  path: string;
  message: string;
  /** 1-based position of a JSON syntax error (parseScenarioText only) */
  line?: number;
  column?: number;
}

export type ScenarioResult = { ok: true; scenario: ResolvedScenario } | { ok: false; issues: ScenarioIssue[] };

export const MAX_SCENARIO_ISSUES = 50;
/**
 * parseScenarioText rejects longer texts (in UTF-16 code units, i.e. string length); also the
 * byte limit of a file (CLI, Import). 16 MiB: whatever luoscope exports, it reads back.
 */
export const MAX_SCENARIO_TEXT_LENGTH = 16 * 1024 * 1024;
/** LIVEUPDATE_SESSION_NAME_LENGTH: a longer name cannot even be passed to the kernel. */
export const MAX_SESSION_NAME_BYTES = 64;
/** Handler and FLB compatibles live in 48-byte arrays, NUL included. */
export const MAX_COMPATIBLE_BYTES = 47;
export const OPTIONAL_HANDLER_OPS: readonly OptionalHandlerOp[] = ['freeze', 'unfreeze', 'can_finish', 'get_id'];

/** Handler callbacks an inject step may name (the void ones are rejected: they cannot fail). */
export const HANDLER_CALLBACKS = [
  'can_preserve', 'preserve', 'unpreserve', 'freeze', 'unfreeze', 'retrieve', 'can_finish', 'finish', 'get_id',
] as const;
export const FLB_CALLBACKS = ['preserve', 'unpreserve', 'retrieve', 'finish'] as const;
/** kho_finalize(), with "target": "kho". */
export const KHO_CALLBACKS = ['finalize'] as const;
export type InjectCallback = (typeof HANDLER_CALLBACKS)[number] | (typeof KHO_CALLBACKS)[number];
/** Callbacks that return an int: inject with "errno". */
export const ERRNO_CALLBACKS: readonly InjectCallback[] = ['preserve', 'freeze', 'retrieve', 'finalize'];
/** Callbacks that return a bool: inject with "result": false. */
export const BOOL_CALLBACKS: readonly InjectCallback[] = ['can_preserve', 'can_finish'];
/** Callbacks that cannot fail (void, or get_id which returns the file id). */
export const VOID_CALLBACKS: readonly InjectCallback[] = ['unpreserve', 'unfreeze', 'finish', 'get_id'];
const INJECT_CALLBACKS: readonly string[] = [...HANDLER_CALLBACKS, ...KHO_CALLBACKS];

// ---------------------------------------------------------------------------------------------
// Step field table

type FieldKind =
  | 'as' // an fd name this step introduces
  | 'fd' // an fd name introduced by an earlier step
  | 'token'
  | 'u32'
  | 'sessionName' // at most 64 UTF-8 bytes
  | 'text' // any string
  | 'nonEmpty' // a non-empty string
  | 'profile'
  | 'patches'
  | 'modules'
  | 'module'
  | 'bool'
  | 'callback'
  | 'errno'
  | 'result';

interface OpSpec {
  required: Readonly<Record<string, FieldKind>>;
  optional?: Readonly<Record<string, FieldKind>>;
}

const SESSION_OPEN: OpSpec = { required: { device: 'fd', name: 'sessionName', as: 'as' }, optional: { size: 'u32' } };
const FLB_OP: OpSpec = { required: { flb: 'nonEmpty' } };
const MODULE_OP: OpSpec = { required: { module: 'module' } };

const OP_FIELDS = {
  open_device: { required: { as: 'as' } },
  close: { required: { fd: 'fd' } },
  create_session: SESSION_OPEN,
  retrieve_session: SESSION_OPEN,
  preserve_fd: { required: { session: 'fd', fd: 'fd', token: 'token' }, optional: { size: 'u32' } },
  retrieve_fd: { required: { session: 'fd', token: 'token', as: 'as' }, optional: { size: 'u32' } },
  finish: { required: { session: 'fd' }, optional: { reserved: 'u32', size: 'u32' } },
  get_name: { required: { session: 'fd' }, optional: { reserved: 'u32', size: 'u32', name: 'text' } },
  create_file: { required: { kind: 'nonEmpty', as: 'as' }, optional: { data: 'text' } },
  write: { required: { fd: 'fd', data: 'text' } },
  read: { required: { fd: 'fd' }, optional: { data: 'text' } },
  dup: { required: { fd: 'fd', as: 'as' } },
  exit_agent: { required: {} },
  kexec: { required: {}, optional: { profile: 'profile', patches: 'patches', modules: 'modules', liveupdate: 'bool' } },
  register_module: MODULE_OP,
  unregister_module: MODULE_OP,
  flb_get_incoming: FLB_OP,
  flb_put_incoming: FLB_OP,
  flb_get_outgoing: FLB_OP,
  flb_put_outgoing: FLB_OP,
  inject: {
    required: { target: 'nonEmpty', callback: 'callback' },
    optional: { errno: 'errno', result: 'result', session: 'sessionName', token: 'token' },
  },
} as const satisfies Record<StepOp, OpSpec>;

const COMMON_STEP_FIELDS = ['expect', 'note'];
const TOP_FIELDS = ['format', 'version', 'title', 'description', 'kernel', 'boot', 'customModules', 'steps'];
const KERNEL_FIELDS = ['profile', 'patches', 'liveupdate'];
const CUSTOM_MODULE_FIELDS = ['id', 'handler', 'accepts', 'flbs', 'ops'];

// ---------------------------------------------------------------------------------------------
// Helpers

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function own(o: Obj, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

function has(o: Obj, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** Byte length of a string in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** A short human rendering of any value, for messages. */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    const j = JSON.stringify(v);
    return j.length > 60 ? `${j.slice(0, 56)}…" (${v.length} characters)` : j;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function list(xs: readonly string[]): string {
  return xs.join(', ');
}

function quoted(xs: readonly string[]): string {
  return xs.map((x) => JSON.stringify(x)).join(', ');
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Where an issue is: a step field, or a top-level path. */
interface Where {
  step?: number;
  op?: string;
  /** the field name for step messages */
  field?: string;
  path: string;
}

class Issues {
  readonly items: ScenarioIssue[] = [];
  get full(): boolean {
    return this.items.length >= MAX_SCENARIO_ISSUES;
  }

  private push(w: Where, message: string): void {
    if (this.full) return;
    const issue: ScenarioIssue = { path: w.path, message };
    if (w.step !== undefined) issue.step = w.step;
    if (w.field !== undefined) issue.field = w.field;
    this.items.push(issue);
  }

  private prefix(w: Where): string {
    if (w.step !== undefined) {
      // people count steps from 1; the JSON index (0-based) is named as such
      const head = `step ${w.step + 1} (steps[${w.step}]${w.op !== undefined ? `, ${w.op}` : ''})`;
      return w.field !== undefined ? `${head}: field "${w.field}"` : head;
    }
    return w.path === '' ? 'scenario' : `field "${w.path}"`;
  }

  /** `<where>: <text>` */
  bad(w: Where, text: string): void {
    this.push(w, `${this.prefix(w)}: ${text}`);
  }

  /** `<where> is missing (<hint>)` */
  missing(w: Where, hint: string): void {
    this.push(w, `${this.prefix(w)} is missing (${hint})`);
  }

  /** `<where> <text>` */
  say(w: Where, text: string): void {
    this.push(w, `${this.prefix(w)} ${text}`);
  }
}

/** A Where for element `sub` (e.g. "[2]") of the field in `w`. */
function inner(w: Where, sub: string): Where {
  return { ...w, path: w.path + sub };
}

function field(base: Where, name: string): Where {
  if (base.step !== undefined) return { step: base.step, op: base.op, field: name, path: `${base.path}.${name}` };
  const path = base.path === '' ? name : `${base.path}.${name}`;
  return { field: name, path };
}

// ---------------------------------------------------------------------------------------------
// Shared value checks (each reports and returns whether the value is valid)

function checkString(v: unknown, w: Where, issues: Issues, what = 'a string'): v is string {
  if (typeof v === 'string') return true;
  issues.bad(w, `${show(v)} is not ${what}`);
  return false;
}

function checkNonEmpty(v: unknown, w: Where, issues: Issues): v is string {
  if (!checkString(v, w, issues, 'a non-empty string')) return false;
  if (v.length === 0) {
    issues.bad(w, 'must be a non-empty string');
    return false;
  }
  return true;
}

function checkBool(v: unknown, w: Where, issues: Issues): v is boolean {
  if (typeof v === 'boolean') return true;
  issues.bad(w, `${show(v)} is not a boolean (true or false)`);
  return false;
}

function checkCompatible(v: unknown, w: Where, issues: Issues): v is string {
  if (!checkNonEmpty(v, w, issues)) return false;
  const bytes = utf8Length(v);
  if (bytes > MAX_COMPATIBLE_BYTES) {
    issues.bad(
      w,
      `${show(v)} is ${bytes} bytes; a compatible string holds at most ${MAX_COMPATIBLE_BYTES} bytes (the kernel's array is 48 bytes with the NUL)`,
    );
    return false;
  }
  return true;
}

function isProfile(v: unknown): v is ProfileId {
  return typeof v === 'string' && (PROFILE_IDS as readonly string[]).includes(v);
}

function checkProfile(v: unknown, w: Where, issues: Issues): v is ProfileId {
  if (isProfile(v)) return true;
  issues.bad(w, `${show(v)} is not a kernel profile (one of ${quoted(PROFILE_IDS)})`);
  return false;
}

/** Validates a patch list; returns it, or null when invalid. */
function checkPatches(v: unknown, w: Where, issues: Issues): PatchId[] | null {
  if (!Array.isArray(v)) {
    issues.bad(w, `${show(v)} is not an array of patch ids (${quoted(PATCH_IDS)})`);
    return null;
  }
  let ok = true;
  const seen = new Set<string>();
  v.forEach((p, i) => {
    const wi = inner(w, `[${i}]`);
    if (typeof p !== 'string' || !(PATCH_IDS as readonly string[]).includes(p)) {
      issues.bad(wi, `${show(p)} is not a patch (one of ${quoted(PATCH_IDS)})`);
      ok = false;
    } else if (seen.has(p)) {
      issues.bad(wi, `patch ${show(p)} is listed twice`);
      ok = false;
    } else seen.add(p);
  });
  return ok ? (v as PatchId[]) : null;
}

function checkModuleRef(v: unknown, w: Where, issues: Issues, customIds: ReadonlySet<string>): string | null {
  if (typeof v !== 'string') {
    issues.bad(w, `${show(v)} is not a module ref (a string such as "memfd" or "memfd@v2")`);
    return null;
  }
  const ref = parseModuleRef(v);
  if (!ref) {
    const unversioned = UNVERSIONED_MODULE_IDS.find((id) => v.startsWith(`${id}@`));
    if (unversioned) issues.bad(w, `${show(v)}: module "${unversioned}" takes no version`);
    else
      issues.bad(
        w,
        `${show(v)} is not a module ref: use a module id, optionally followed by "@v" and an integer ≥ 1 (e.g. "memfd" or "memfd@v2")`,
      );
    return null;
  }
  if (customIds.has(ref.id)) {
    if (ref.version !== null) {
      issues.bad(w, `${show(v)}: custom module "${ref.id}" takes no version (its handler compatible is set in customModules)`);
      return null;
    }
    return ref.id;
  }
  if (!isCatalogModuleId(ref.id)) {
    const custom = customIds.size > 0 ? ` or a custom module (${quoted([...customIds])})` : ' or a customModules id';
    issues.bad(w, `${show(v)} names no known module: use a catalog module (${quoted(CATALOG_MODULE_IDS)})${custom}`);
    return null;
  }
  return ref.id;
}

function checkModuleList(v: unknown, w: Where, issues: Issues, customIds: ReadonlySet<string>): boolean {
  if (!Array.isArray(v)) {
    issues.bad(w, `${show(v)} is not an array of module refs (such as ["memfd", "test-flbs"])`);
    return false;
  }
  let ok = true;
  const seen = new Map<string, number>();
  v.forEach((ref, i) => {
    const wi = inner(w, `[${i}]`);
    const id = checkModuleRef(ref, wi, issues, customIds);
    if (id === null) {
      ok = false;
      return;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      issues.bad(wi, `${show(ref)}: module "${id}" is already in this list (at index ${first}); a module boots once`);
      ok = false;
    } else seen.set(id, i);
  });
  return ok;
}

function checkToken(v: unknown, w: Where, issues: Issues): boolean {
  if ((typeof v === 'number' || typeof v === 'string') && parseToken(v) !== null) return true;
  issues.bad(
    w,
    `${show(v)} is not a u64 token: use a non-negative number (up to 2^53-1), a decimal string, or a "0x…" hex string (up to 0xffffffffffffffff)`,
  );
  return false;
}

function checkU32(v: unknown, w: Where, issues: Issues): boolean {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff) return true;
  issues.bad(w, `${show(v)} is not a non-negative integer (a u32: 0 to 4294967295)`);
  return false;
}

function checkSessionName(v: unknown, w: Where, issues: Issues): boolean {
  if (!checkString(v, w, issues, 'a string (a session name)')) return false;
  const bytes = utf8Length(v);
  if (bytes > MAX_SESSION_NAME_BYTES) {
    issues.bad(
      w,
      `${show(v)} is ${bytes} bytes in UTF-8; a session name cannot be longer than ${MAX_SESSION_NAME_BYTES} bytes (the ioctl's name array)`,
    );
    return false;
  }
  return true;
}

const ERRNO_NAMES = Object.keys(ERRNO);

function checkErrnoName(v: unknown, w: Where, issues: Issues): boolean {
  if (typeof v === 'string' && isErrno(v)) return true;
  issues.bad(w, `${show(v)} is not an errno name (one of ${list(ERRNO_NAMES)})`);
  return false;
}

function checkExpect(v: unknown, w: Where, issues: Issues): boolean {
  // "halted": the step comes after a kernel that panicked at boot and does not run
  if (v === 'ok' || v === 'halted' || (typeof v === 'string' && isErrno(v))) return true;
  issues.bad(w, `${show(v)} is not "ok", "halted" or an errno name (${list(ERRNO_NAMES)})`);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Sections

interface KernelState {
  /** null when the scenario's value is invalid (dependent checks are skipped) */
  profile: ProfileId | null;
  patches: PatchId[] | null;
}

function checkKernel(v: unknown, issues: Issues): { profile: ProfileId; patches: PatchId[]; liveupdate: boolean; state: KernelState } {
  const resolved = { profile: 'latest' as ProfileId, patches: [] as PatchId[], liveupdate: true };
  const state: KernelState = { profile: 'latest', patches: [] };
  if (v === undefined) return { ...resolved, state };
  const w: Where = { field: 'kernel', path: 'kernel' };
  if (!isObj(v)) {
    issues.bad(w, `${show(v)} is not an object ({ "profile", "patches", "liveupdate" })`);
    return { ...resolved, state: { profile: null, patches: null } };
  }
  for (const k of Object.keys(v)) {
    if (!KERNEL_FIELDS.includes(k)) issues.say(field(w, k), `is not a kernel field (fields: ${list(KERNEL_FIELDS)})`);
  }
  const profile = own(v, 'profile');
  if (profile !== undefined) {
    if (checkProfile(profile, field(w, 'profile'), issues)) resolved.profile = profile;
    else state.profile = null;
  }
  if (state.profile !== null) state.profile = resolved.profile;
  const patches = own(v, 'patches');
  if (patches !== undefined) {
    const p = checkPatches(patches, field(w, 'patches'), issues);
    if (p) resolved.patches = [...p];
    state.patches = p;
  }
  const lu = own(v, 'liveupdate');
  if (lu !== undefined && checkBool(lu, field(w, 'liveupdate'), issues)) resolved.liveupdate = lu;
  return { ...resolved, state };
}

function checkCustomModules(v: unknown, issues: Issues): Set<string> {
  const ids = new Set<string>();
  if (v === undefined) return ids;
  const w: Where = { field: 'customModules', path: 'customModules' };
  if (!Array.isArray(v)) {
    issues.bad(w, `${show(v)} is not an array of module definitions ({ "id", "handler", "accepts", "flbs"?, "ops"? })`);
    return ids;
  }
  v.forEach((m, i) => {
    const wm: Where = { path: `customModules[${i}]` };
    if (!isObj(m)) {
      issues.bad(wm, `${show(m)} is not a module definition ({ "id", "handler", "accepts", "flbs"?, "ops"? })`);
      return;
    }
    for (const k of Object.keys(m)) {
      if (!CUSTOM_MODULE_FIELDS.includes(k)) issues.say(field(wm, k), `is not a custom module field (fields: ${list(CUSTOM_MODULE_FIELDS)})`);
    }
    // id
    const wid = field(wm, 'id');
    const id = own(m, 'id');
    if (id === undefined) issues.missing(wid, 'the module id that boot.modules and register_module use');
    else if (typeof id !== 'string' || !MODULE_ID_PATTERN.test(id)) {
      issues.bad(wid, `${show(id)} is not a module id (letters, digits, ".", "_" and "-", at most 64 characters, no "@")`);
    } else if (isCatalogModuleId(id)) {
      issues.bad(wid, `"${id}" is a catalog module id; a custom module needs its own id (catalog: ${quoted(CATALOG_MODULE_IDS)})`);
    } else if (ids.has(id)) {
      issues.bad(wid, `"${id}" is defined twice in customModules`);
    } else ids.add(id);
    // handler
    const handler = own(m, 'handler');
    if (handler === undefined) issues.missing(field(wm, 'handler'), 'the handler compatible string, e.g. "mydrv-v1"');
    else checkCompatible(handler, field(wm, 'handler'), issues);
    // accepts
    const wa = field(wm, 'accepts');
    const accepts = own(m, 'accepts');
    if (accepts === undefined) issues.missing(wa, 'a non-empty array of the file kinds its can_preserve() accepts');
    else if (!Array.isArray(accepts) || accepts.length === 0) {
      issues.bad(wa, `${show(accepts)} is not a non-empty array of file kinds`);
    } else accepts.forEach((k, j) => checkNonEmpty(k, inner(wa, `[${j}]`), issues));
    // flbs (a compatible linked twice is the kernel's EEXIST, not a scenario error)
    const wf = field(wm, 'flbs');
    const flbs = own(m, 'flbs');
    if (flbs !== undefined) {
      if (!Array.isArray(flbs)) issues.bad(wf, `${show(flbs)} is not an array of FLB compatible strings`);
      else flbs.forEach((f, j) => checkCompatible(f, inner(wf, `[${j}]`), issues));
    }
    // ops
    const wo = field(wm, 'ops');
    const ops = own(m, 'ops');
    if (ops !== undefined) {
      if (!Array.isArray(ops)) issues.bad(wo, `${show(ops)} is not an array of optional callbacks (${quoted(OPTIONAL_HANDLER_OPS)})`);
      else {
        const seen = new Set<string>();
        ops.forEach((o, j) => {
          const wj = inner(wo, `[${j}]`);
          if (typeof o !== 'string' || !(OPTIONAL_HANDLER_OPS as readonly string[]).includes(o)) {
            issues.bad(wj, `${show(o)} is not an optional handler callback (one of ${quoted(OPTIONAL_HANDLER_OPS)})`);
          } else if (seen.has(o)) issues.bad(wj, `"${o}" is listed twice`);
          else seen.add(o);
        });
      }
    }
  });
  return ids;
}

function checkBoot(v: unknown, issues: Issues, customIds: ReadonlySet<string>): string[] {
  if (v === undefined) return ['memfd'];
  const w: Where = { field: 'boot', path: 'boot' };
  if (!isObj(v)) {
    issues.bad(w, `${show(v)} is not an object ({ "modules": [...] })`);
    return [];
  }
  for (const k of Object.keys(v)) {
    if (k !== 'modules') issues.say(field(w, k), 'is not a boot field (fields: modules)');
  }
  const modules = own(v, 'modules');
  if (modules === undefined) return ['memfd'];
  return checkModuleList(modules, field(w, 'modules'), issues, customIds) ? [...(modules as string[])] : [];
}

// ---------------------------------------------------------------------------------------------
// Steps

function checkFieldValue(
  kind: FieldKind,
  v: unknown,
  w: Where,
  issues: Issues,
  names: ReadonlySet<string>,
  customIds: ReadonlySet<string>,
): void {
  switch (kind) {
    case 'as':
      if (typeof v !== 'string' || v.length === 0) {
        issues.bad(w, `${show(v)} is not a non-empty string (the name of the fd this step creates)`);
      }
      return;
    case 'fd':
      if (typeof v !== 'string') issues.bad(w, `${show(v)} is not a string (an fd name introduced by an earlier step's "as")`);
      else if (!names.has(v)) issues.bad(w, `${show(v)} is not an fd name introduced by an earlier step's "as"`);
      return;
    case 'token':
      checkToken(v, w, issues);
      return;
    case 'u32':
      checkU32(v, w, issues);
      return;
    case 'sessionName':
      checkSessionName(v, w, issues);
      return;
    case 'text':
      checkString(v, w, issues);
      return;
    case 'nonEmpty':
      checkNonEmpty(v, w, issues);
      return;
    case 'profile':
      checkProfile(v, w, issues);
      return;
    case 'patches':
      checkPatches(v, w, issues);
      return;
    case 'modules':
      checkModuleList(v, w, issues, customIds);
      return;
    case 'module':
      checkModuleRef(v, w, issues, customIds);
      return;
    case 'bool':
    case 'result':
      checkBool(v, w, issues);
      return;
    case 'callback':
      if (typeof v !== 'string' || !INJECT_CALLBACKS.includes(v)) {
        issues.bad(
          w,
          `${show(v)} is not a callback that can be injected: handler callbacks ${quoted(HANDLER_CALLBACKS)}, FLB callbacks ${quoted(FLB_CALLBACKS)}, or "finalize" with "target": "kho"`,
        );
      }
      return;
    case 'errno':
      checkErrnoName(v, w, issues);
      return;
  }
}

const FIELD_HINTS: Record<FieldKind, string> = {
  as: 'the name of the fd this step creates',
  fd: "an fd name introduced by an earlier step's \"as\"",
  token: 'a u64 number or "0x…" string',
  u32: 'a non-negative integer',
  sessionName: 'a session name: a string of at most 64 UTF-8 bytes',
  text: 'a string',
  nonEmpty: 'a non-empty string',
  profile: `one of ${quoted(PROFILE_IDS)}`,
  patches: 'an array of patch ids',
  modules: 'an array of module refs',
  module: 'a module ref such as "memfd" or "memfd@v2"',
  bool: 'true or false',
  callback: 'the callback to fail',
  errno: 'an errno name',
  result: 'false',
};

function checkInject(s: Obj, base: Where, issues: Issues): void {
  const target = own(s, 'target');
  const callback = own(s, 'callback');
  if (typeof callback !== 'string' || !INJECT_CALLBACKS.includes(callback)) return;
  const cb = callback as InjectCallback;
  const wcb = field(base, 'callback');
  if (typeof target === 'string') {
    if (target === 'kho' && cb !== 'finalize') {
      issues.bad(wcb, `"${cb}": target "kho" has one callback, "finalize" (kho_finalize())`);
      return;
    }
    if (target !== 'kho' && cb === 'finalize') {
      issues.bad(wcb, `"finalize" is kho_finalize(): it needs "target": "kho", not ${show(target)}`);
      return;
    }
    if (target === 'kho') {
      for (const k of ['session', 'token']) {
        if (has(s, k)) issues.bad(field(base, k), 'kho_finalize() is not per file: "session" and "token" cannot narrow it');
      }
    }
  }
  if (VOID_CALLBACKS.includes(cb)) {
    issues.bad(
      wcb,
      cb === 'get_id'
        ? `"get_id" cannot fail: the kernel callback returns the file id (unsigned long), never an error; like a callback that returns void, it has no error to inject`
        : `"${cb}" cannot fail: the kernel callback returns void, so there is no error to inject`,
    );
    return;
  }
  const errno = own(s, 'errno');
  const result = own(s, 'result');
  if (BOOL_CALLBACKS.includes(cb)) {
    if (errno !== undefined) issues.bad(field(base, 'errno'), `"${cb}" returns a bool, not an errno: use "result": false`);
    if (result === undefined) issues.missing(field(base, 'result'), `"${cb}" returns a bool: give "result": false`);
    else if (result === true) issues.bad(field(base, 'result'), `true is what "${cb}" returns normally; only "result": false injects a fault`);
    return;
  }
  // errno callbacks: preserve, freeze, retrieve, finalize
  if (result !== undefined) issues.bad(field(base, 'result'), `"${cb}" returns an int, not a bool: give "errno" (an errno name) instead`);
  if (errno === undefined) issues.missing(field(base, 'errno'), `"${cb}" returns an int: give the errno name it fails with, e.g. "ENOMEM"`);
}

function checkSteps(v: unknown, issues: Issues, customIds: ReadonlySet<string>, kernel: KernelState, customKinds: ReadonlySet<string> = new Set()): void {
  const w: Where = { field: 'steps', path: 'steps' };
  if (v === undefined) {
    issues.missing(w, 'an array of steps');
    return;
  }
  if (!Array.isArray(v)) {
    issues.bad(w, `${show(v)} is not an array of steps`);
    return;
  }
  const names = new Set<string>();
  let cur: KernelState = { ...kernel };
  for (let i = 0; i < v.length && !issues.full; i++) {
    const s: unknown = v[i];
    const path = `steps[${i}]`;
    if (!isObj(s)) {
      issues.bad({ step: i, path }, `${show(s)} is not a step object ({ "op": ..., ... })`);
      continue;
    }
    const op = own(s, 'op');
    const asName = own(s, 'as');
    if (typeof op !== 'string' || !has(OP_FIELDS, op)) {
      const wop: Where = { step: i, field: 'op', path: `${path}.op` };
      if (op === undefined) issues.missing(wop, `valid ops: ${list(STEP_OPS)}`);
      else issues.bad(wop, `${show(op)} is not a known op; valid ops: ${list(STEP_OPS)}`);
      if (typeof asName === 'string' && asName !== '') names.add(asName); // fewer follow-on issues
      continue;
    }
    const spec: OpSpec = OP_FIELDS[op as StepOp];
    const base: Where = { step: i, op, path };
    const known = [...Object.keys(spec.required), ...Object.keys(spec.optional ?? {}), ...COMMON_STEP_FIELDS];
    for (const k of Object.keys(s)) {
      if (k !== 'op' && !known.includes(k)) issues.say(field(base, k), `is not a field of ${op} (its fields: ${list(known)})`);
    }
    for (const [k, kind] of Object.entries(spec.required)) {
      const val = own(s, k);
      if (val === undefined) issues.missing(field(base, k), FIELD_HINTS[kind]);
      else checkFieldValue(kind, val, field(base, k), issues, names, customIds);
    }
    for (const [k, kind] of Object.entries(spec.optional ?? {})) {
      const val = own(s, k);
      if (val !== undefined) checkFieldValue(kind, val, field(base, k), issues, names, customIds);
    }
    const expect = own(s, 'expect');
    if (expect !== undefined) checkExpect(expect, field(base, 'expect'), issues);
    const note = own(s, 'note');
    if (note !== undefined) checkString(note, field(base, 'note'), issues);

    if (op === 'inject') checkInject(s, base, issues);
    if (op === 'kexec') cur = checkKexecProfile(s, base, cur);
    // a file kind nothing knows would only fail at run time (no handler, no such file)
    const kind = own(s, 'kind');
    if (op === 'create_file' && typeof kind === 'string' && kind !== '' && !FILE_KINDS.includes(kind) && !customKinds.has(kind)) {
      issues.bad(field(base, 'kind'), `${show(kind)} is not a file kind: use ${quoted(FILE_KINDS)}${customKinds.size ? ` or a kind a custom module accepts (${quoted([...customKinds])})` : ''}`);
    }
    // exit_agent and kexec close every fd but names stay bound: using one is the kernel's
    // EBADF at run time, not a scenario error.
    if (typeof asName === 'string' && asName !== '' && has(spec.required, 'as')) names.add(asName);
  }
}

/** The file kinds the scenario's own modules accept (beside the catalog's FILE_KINDS). */
function customKindsOf(v: unknown): Set<string> {
  const kinds = new Set<string>();
  if (Array.isArray(v)) for (const m of v) if (isObj(m) && Array.isArray(m.accepts)) for (const k of m.accepts) if (typeof k === 'string') kinds.add(k);
  return kinds;
}

/** The kexec's resulting profile/patches ("default: same"; another profile starts without patches). */
function checkKexecProfile(s: Obj, base: Where, cur: KernelState): KernelState {
  const p = own(s, 'profile');
  const q = own(s, 'patches');
  const profile = p === undefined ? cur.profile : isProfile(p) ? p : null;
  let patches: PatchId[] | null;
  if (q === undefined) patches = p === undefined || p === cur.profile ? cur.patches : [];
  else patches = checkPatches(q, field(base, 'patches'), new Issues()); // already reported by the field check
  return { profile, patches };
}

// ---------------------------------------------------------------------------------------------
// Entry points

function copyObj<T>(o: Obj): T {
  return Object.fromEntries(Object.keys(o).map((k) => [k, Array.isArray(o[k]) ? [...(o[k] as unknown[])] : o[k]])) as T;
}

/** Validates a parsed scenario; never throws. On success returns a copy with defaults filled in. */
export function validateScenario(input: unknown): ScenarioResult {
  const issues = new Issues();
  const root: Where = { path: '' };
  if (!isObj(input)) {
    issues.bad(root, `${show(input)} is not a scenario: a scenario is a JSON object with "format": "luoscope-scenario"`);
    return { ok: false, issues: issues.items };
  }
  const format = own(input, 'format');
  if (format === undefined) issues.missing(field(root, 'format'), 'it must be "luoscope-scenario"');
  else if (format !== 'luoscope-scenario') {
    issues.bad(field(root, 'format'), `${show(format)} is not "luoscope-scenario": this is not a luoscope scenario`);
  }
  const version = own(input, 'version');
  if (version === undefined) issues.missing(field(root, 'version'), `the format version, ${SCENARIO_VERSION}`);
  else if (typeof version === 'number' && Number.isInteger(version) && version > SCENARIO_VERSION) {
    issues.bad(
      field(root, 'version'),
      `this scenario is format version ${version}; this luoscope reads versions 1 and ${SCENARIO_VERSION}. It was written by a newer luoscope: open it with a newer luoscope`,
    );
    return { ok: false, issues: issues.items }; // its ops and fields may be ones we do not know
  } else if (version !== 1 && version !== 2) {
    issues.bad(field(root, 'version'), `${show(version)} is not a format version this luoscope reads (1 or ${SCENARIO_VERSION})`);
  }
  for (const k of Object.keys(input)) {
    if (!TOP_FIELDS.includes(k)) issues.say(field(root, k), `is not a scenario field (fields: ${list(TOP_FIELDS)})`);
  }
  for (const k of ['title', 'description']) {
    const t = own(input, k);
    if (t !== undefined) checkString(t, field(root, k), issues);
  }
  const kernel = checkKernel(own(input, 'kernel'), issues);
  const customIds = checkCustomModules(own(input, 'customModules'), issues);
  const bootModules = checkBoot(own(input, 'boot'), issues, customIds);
  checkSteps(own(input, 'steps'), issues, customIds, kernel.state, customKindsOf(own(input, 'customModules')));

  if (issues.items.length > 0) return { ok: false, issues: issues.items };

  const title = own(input, 'title') as string | undefined;
  const description = own(input, 'description') as string | undefined;
  const customModules = own(input, 'customModules') as Obj[] | undefined;
  const scenario: ResolvedScenario = {
    format: 'luoscope-scenario',
    version: version as ScenarioVersion,
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    kernel: { profile: kernel.profile, patches: kernel.patches, liveupdate: kernel.liveupdate },
    boot: { modules: bootModules },
    ...(customModules !== undefined ? { customModules: customModules.map((m) => copyObj<CustomModule>(m)) } : {}),
    steps: (own(input, 'steps') as Obj[]).map((s) => copyObj<Step>(s)),
  };
  return { ok: true, scenario };
}

/** Line and column (1-based) of a string offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart + 1 };
}

/**
 * Offset of the first JSON syntax error in `t`, or -1 if there is none. A fallback for engines
 * whose SyntaxError message gives no position (V8's "Unexpected token 'x', ... is not valid JSON").
 * Iterative, so deep nesting cannot overflow the stack.
 */
export function findJsonErrorOffset(t: string): number {
  const n = t.length;
  let i = 0;
  const stack: number[] = []; // 123 '{' or 91 '['
  const skipWs = (): void => {
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const str = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 92) {
        const e = t[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) i += 6;
        else {
          i++;
          return false;
        }
      } else i++;
    }
    return false;
  };
  const num = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const scalar = (): boolean => {
    const c = t[i];
    if (c === '"') return str();
    for (const lit of ['true', 'false', 'null']) {
      if (t.startsWith(lit, i)) {
        i += lit.length;
        return true;
      }
    }
    num.lastIndex = i;
    const m = num.exec(t);
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  type State = 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'after';
  let state: State = 'value';
  for (;;) {
    skipWs();
    if (state === 'after') {
      if (stack.length === 0) return i >= n ? -1 : i;
      if (i >= n) return n;
      const top = stack[stack.length - 1]!;
      const c = t.charCodeAt(i);
      if (c === 44) {
        i++;
        state = top === 123 ? 'key' : 'value';
      } else if ((top === 123 && c === 125) || (top === 91 && c === 93)) {
        i++;
        stack.pop();
      } else return i;
      continue;
    }
    if (i >= n) return n;
    const c = t.charCodeAt(i);
    if (state === 'key' || state === 'keyOrEnd') {
      if (state === 'keyOrEnd' && c === 125) {
        i++;
        stack.pop();
        state = 'after';
        continue;
      }
      if (c !== 34 || !str()) return i;
      skipWs();
      if (t.charCodeAt(i) !== 58) return Math.min(i, n);
      i++;
      state = 'value';
      continue;
    }
    // value or valueOrEnd
    if (state === 'valueOrEnd' && c === 93) {
      i++;
      stack.pop();
      state = 'after';
    } else if (c === 123 || c === 91) {
      stack.push(c);
      i++;
      state = c === 123 ? 'keyOrEnd' : 'valueOrEnd';
    } else if (scalar()) state = 'after';
    else return Math.min(i, n);
  }
}

/** Line and column of a JSON.parse error: from the message when it has them, else by scanning. */
export function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const lc = /\(line (\d+) column (\d+)\)/.exec(message) ?? /at line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineColumn(text, Number(pos[1]));
  const off = findJsonErrorOffset(text);
  return lineColumn(text, off < 0 ? text.length : off);
}

function cleanJsonMessage(message: string): string {
  return message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, '')
    .replace(/^JSON\.parse: /, '')
    .replace(/ at line \d+ column \d+ of the JSON data$/, '');
}

/** Parses and validates scenario JSON text; never throws. */
export function parseScenarioText(text: string): ScenarioResult {
  if (typeof text !== 'string') {
    return { ok: false, issues: [{ path: '', message: `scenario: ${show(text)} is not scenario text (a string of JSON)` }] };
  }
  if (text.length > MAX_SCENARIO_TEXT_LENGTH) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          message: `scenario: the text is ${thousands(text.length)} characters, over the limit of ${thousands(MAX_SCENARIO_TEXT_LENGTH)} characters`,
        },
      ],
    };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const { line, column } = jsonErrorPosition(body, message);
    return {
      ok: false,
      issues: [{ path: '', line, column, message: `JSON syntax error at line ${line}, column ${column}: ${cleanJsonMessage(message)}` }],
    };
  }
  return validateScenario(value);
}

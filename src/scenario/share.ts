// Share links: the scenario (inputs only, never rendered state) and the current step, in the
// URL fragment, versioned and compressed (SPEC §4 "Share").
//
// FRAGMENT
//   #s=<link format>.<payload>[&n=N][&at=E]     e.g. #s=1.jVLLbtswEPwVgW...&n=6&at=42
//   Parameters are separated by "&" and may come in any order; keys other than "s", "n",
//   "at" and "step" are ignored (room for later additions), a key given twice is an error.
//   n=N is the step the cursor stands on, numbered from 1 as people read it ("Step N of M",
//   the trace's [N], the validator's "step N"): steps[N-1]. at=E is the cursor's event
//   position ("event E of T": E events applied), so a link opens at the event, not only at
//   the step's end; the app takes it when it lies within step N (else the end of step N:
//   a later engine may emit other events). No n= means "none given" (step: null) and the
//   app picks its default; the cursor before the first step ("Boot") has no step number.
//   step=N (links made before issue #13, still read): the 0-based index, steps[N]; the same
//   place as n=N+1. encodeShare writes n= and at=, never step=.
//   b=1.<payload> (compare mode, issue #14): the scenario is run on a second kernel B beside
//   its own kernel A. payload = base64url (no padding) of the UTF-8 JSON
//   { "profile", "patches", "modules", "liveupdate" } of kernel B, `latest` written as the
//   release it means; encoded and read by src/compare/link.ts (decodeShare ignores it, so the
//   scenario part never changes). A luoscope without compare mode ignores b= and opens the
//   scenario alone; an unreadable b= is an alert, and the scenario opens without compare.
//
// LINK FORMAT 1 (payload), frozen: links of format 1 must decode for ever, so nothing below
// may change. A change makes format 2, and decodeShare keeps a decoder for every older format
// (src/scenario/fixtures/links/v<N>-*.txt are real links of each format, decoded by a test).
//   payload = base64url, no padding ( RFC 4648 §5 ) of  deflate-raw(body) ++ crc32(body)
//     deflate-raw: fflate deflateSync, level 9. crc32: CRC-32/ISO-HDLC of the uncompressed
//     body, 4 bytes big-endian, so a changed, lost or added character is caught even when the
//     damaged data still inflates.
//   body = UTF-8 JSON of the compact form of the scenario *after validateScenario*:
//     { "t": title?, "d": description?,
//       "p": kernel.profile   (omitted when "latest"; a format-2 scenario's "latest" is written
//                              as the release it resolves to, so the link decodes to the
//                              same kernel for ever: see ./pin.ts),
//       "x": kernel.patches   (omitted when []),
//       "l": kernel.liveupdate (omitted when true),
//       "b": boot.modules     (omitted when ["memfd"]),
//       "c": customModules?   each [id, handler, accepts, flbs|null, ops|null] (trailing nulls dropped),
//       "s": steps            each a tuple (below) }
//     "format": "luoscope-scenario" and "version": 1 are implied: link format 1 carries
//     scenario format 1.
//   step tuple = [opcode, ...fields] with the fields in the fixed order of V1_FIELDS below
//     (required fields, then the op's optional fields, then "expect", "note"); an absent
//     optional field is null, trailing nulls are dropped. Opcodes index V1_OPS. A step
//     whose fields are not all in the table is written as a plain step object instead, and
//     the decoder accepts either form, so format 1 can carry a field added to format v1 later.
//   Values are written as they are (tokens stay numbers or "0x…" strings, etc.).
//   Decoding rebuilds the scenario object and runs validateScenario on it: so
//   decodeShare(encodeShare(s)).scenario deep-equals validateScenario(s).scenario.
//
// LIMITS AND ERRORS. decodeShare never throws; every failure is { ok: false, message } and
// the message says what is wrong (not base64url, truncated or damaged, checksum mismatch,
// newer format, over 1 MB decompressed, invalid scenario naming the step and field, ...).
//   - fragments over MAX_LINK_CHARS (2,000,000, as for #json=) are refused unread;
//   - inflation is streamed in 1 KiB input chunks and stops as soon as the output passes
//     MAX_INFLATED_BYTES (1 MiB), so a decompression bomb costs at most ~2 MiB and no time;
//   - step=N beyond the scenario's M steps is NOT an error: the scenario is intact, so the
//     step is clamped to the last one (M-1; null when there are no steps) and the result
//     carries a `warning` the app should show. A step that is not a number is an error.
//
// readLocation(hash) is what the app calls on location.hash: "#s=…" → decodeShare,
// "#json=…" → readFragment from ./links (unchanged), "" → none.
import { deflateSync, Inflate } from 'fflate';
import { MAX_LINK_CHARS, readFragment } from './links';
import type { ResolvedScenario, Scenario } from './types';
import { validateScenario } from './validate';
import { pinLatest } from './pin';

/** The link format encodeShare writes. decodeShare reads it and every older one. */
export const SHARE_VERSION = 1;
/** The largest decompressed body a link may carry. */
export const MAX_INFLATED_BYTES = 1 << 20;
/** Neutral placeholder base for links made outside the app (RFC 2606 reserved TLD). */
export const DEFAULT_SHARE_BASE = 'https://luoscope.invalid/';

export type ShareDecodeResult =
  /** step: the 0-based index into steps; at: the event position, when the link has one */
  | { ok: true; scenario: ResolvedScenario; step: number | null; at?: number; version: number; warning?: string }
  | { ok: false; message: string };

export type LocationResult =
  | { kind: 'none' }
  /** scenario: validated for #s=, the raw parsed JSON for #json= (validate it as a pasted file) */
  | { kind: 'scenario'; scenario: unknown; step: number | null; at?: number; warning?: string }
  | { kind: 'error'; message: string };

// ---------------------------------------------------------------------------------------------
// Format 1 tables (frozen)

const V1_OPS = [
  'open_device', 'close', 'create_session', 'retrieve_session', 'preserve_fd', 'retrieve_fd',
  'finish', 'get_name', 'create_file', 'write', 'read', 'dup', 'exit_agent', 'kexec',
  'register_module', 'unregister_module', 'flb_get_incoming', 'flb_put_incoming',
  'flb_get_outgoing', 'flb_put_outgoing', 'inject',
] as const;

const SESSION_OPEN = ['device', 'name', 'as', 'size'];
const FLB = ['flb'];
/** Per op: its fields in tuple order (required, then optional); "expect" and "note" follow. */
const V1_FIELDS: Readonly<Record<(typeof V1_OPS)[number], readonly string[]>> = {
  open_device: ['as'],
  close: ['fd'],
  create_session: SESSION_OPEN,
  retrieve_session: SESSION_OPEN,
  preserve_fd: ['session', 'fd', 'token', 'size'],
  retrieve_fd: ['session', 'token', 'as', 'size'],
  finish: ['session', 'reserved', 'size'],
  get_name: ['session', 'reserved', 'size', 'name'],
  create_file: ['kind', 'as', 'data'],
  write: ['fd', 'data'],
  read: ['fd', 'data'],
  dup: ['fd', 'as'],
  exit_agent: [],
  kexec: ['profile', 'patches', 'modules', 'liveupdate'],
  register_module: ['module'],
  unregister_module: ['module'],
  flb_get_incoming: FLB,
  flb_put_incoming: FLB,
  flb_get_outgoing: FLB,
  flb_put_outgoing: FLB,
  inject: ['target', 'callback', 'errno', 'result', 'session', 'token'],
};
const V1_COMMON = ['expect', 'note'];
const V1_MODULE_FIELDS = ['id', 'handler', 'accepts', 'flbs', 'ops'];

// ---------------------------------------------------------------------------------------------
// Small codecs

const fmt = (n: number): string => n.toLocaleString('en');
const clip = (s: string, n = 24): string => (s.length > n ? `${s.slice(0, n)}…` : s);
const fail = (message: string): ShareDecodeResult => ({ ok: false, message });
/** A JSON value in a message, cut short. */
const brief = (v: unknown): string => clip(JSON.stringify(v) ?? String(v), 20);

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]!;
  }
  return out;
}

/** Decodes unpadded base64url (trailing "=" padding is tolerated); a message when it is not. */
export function base64urlDecode(text: string): Uint8Array | string {
  const s = text.replace(/={1,2}$/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || B64_INDEX[c]! < 0) {
      return `its data is not base64url (${JSON.stringify(s[i])} at character ${i + 1} of ${s.length}; only A–Z, a–z, 0–9, "-" and "_" belong there)`;
    }
  }
  if (s.length % 4 === 1) return `its data is not base64url (${s.length} characters cannot be base64url: one was lost or added)`;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const a = B64_INDEX[s.charCodeAt(i)]!;
    const b = B64_INDEX[s.charCodeAt(i + 1)]!;
    const c = i + 2 < s.length ? B64_INDEX[s.charCodeAt(i + 2)]! : 0;
    const d = i + 3 < s.length ? B64_INDEX[s.charCodeAt(i + 3)]! : 0;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    if (i + 2 < s.length) out[o++] = (n >> 8) & 255;
    if (i + 3 < s.length) out[o++] = n & 255;
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO-HDLC, as in zip and PNG). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const INFLATE_CHUNK = 1024;

/**
 * Inflates raw deflate data, stopping once the output passes `limit` bytes. Input goes in 1 KiB
 * chunks (deflate expands at most ~1032:1), so at most about limit + 1 MiB is ever produced.
 * `produced` is the number of bytes inflated before it stopped (for tests).
 */
export function inflateLimited(
  data: Uint8Array,
  limit: number,
): { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-big' | 'bad'; produced: number } {
  const parts: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced <= limit) parts.push(chunk);
  });
  try {
    for (let i = 0; i < data.length; i += INFLATE_CHUNK) {
      const end = Math.min(i + INFLATE_CHUNK, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
      if (produced > limit) return { ok: false, reason: 'too-big', produced };
    }
  } catch {
    return { ok: false, reason: produced > limit ? 'too-big' : 'bad', produced };
  }
  if (produced > limit) return { ok: false, reason: 'too-big', produced };
  const bytes = new Uint8Array(produced);
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  return { ok: true, bytes };
}

// ---------------------------------------------------------------------------------------------
// Compact form (format 1)

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
/** A field counts as present when it is an own property whose value is not undefined. */
const present = (o: Obj, k: string): boolean => hasOwn(o, k) && o[k] !== undefined;

function trimNulls(xs: unknown[]): unknown[] {
  let n = xs.length;
  while (n > 0 && xs[n - 1] === null) n--;
  return xs.slice(0, n);
}

function compactStep(step: Obj): unknown {
  const op = step.op as (typeof V1_OPS)[number];
  const code = V1_OPS.indexOf(op);
  const fields = code >= 0 ? [...V1_FIELDS[op], ...V1_COMMON] : [];
  const keys = Object.keys(step).filter((k) => k !== 'op' && present(step, k));
  if (code < 0 || keys.some((k) => !fields.includes(k))) {
    return Object.fromEntries(Object.entries(step).filter(([, v]) => v !== undefined)); // plain object form
  }
  return trimNulls([code, ...fields.map((f) => (present(step, f) ? step[f] : null))]);
}

function compactModule(m: Obj): unknown {
  const keys = Object.keys(m).filter((k) => present(m, k));
  if (keys.some((k) => !V1_MODULE_FIELDS.includes(k))) return m;
  return trimNulls(V1_MODULE_FIELDS.map((f) => (present(m, f) ? m[f] : null)));
}

const sameList = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function compactScenario(scenario: ResolvedScenario): Obj {
  const s = pinLatest(scenario); // a format-2 "latest" is written as the release it means today
  const c: Obj = {};
  if (s.title !== undefined) c.t = s.title;
  if (s.description !== undefined) c.d = s.description;
  if (s.kernel.profile !== 'latest') c.p = s.kernel.profile;
  if (s.kernel.patches.length > 0) c.x = s.kernel.patches;
  if (s.kernel.liveupdate !== true) c.l = s.kernel.liveupdate;
  if (!sameList(s.boot.modules, ['memfd'])) c.b = s.boot.modules;
  if (s.customModules !== undefined) c.c = s.customModules.map((m) => compactModule(m as unknown as Obj));
  c.s = s.steps.map((st) => compactStep(st as unknown as Obj));
  return c;
}

/** Rebuilds the scenario object from the compact form; a message when its shape is wrong. */
function expandScenario(c: unknown): Obj | string {
  if (!isObj(c)) return 'it is not an object';
  if (!Array.isArray(c.s)) return 'it has no list of steps';
  const s: Obj = { format: 'luoscope-scenario', version: 1 };
  if (hasOwn(c, 't')) s.title = c.t;
  if (hasOwn(c, 'd')) s.description = c.d;
  const kernel: Obj = {};
  if (hasOwn(c, 'p')) kernel.profile = c.p;
  if (hasOwn(c, 'x')) kernel.patches = c.x;
  if (hasOwn(c, 'l')) kernel.liveupdate = c.l;
  if (Object.keys(kernel).length > 0) s.kernel = kernel;
  if (hasOwn(c, 'b')) s.boot = { modules: c.b };
  if (hasOwn(c, 'c')) {
    if (!Array.isArray(c.c)) return 'its custom modules are not a list';
    const mods: unknown[] = [];
    for (let i = 0; i < c.c.length; i++) {
      const m: unknown = c.c[i];
      if (isObj(m)) mods.push(m);
      else if (Array.isArray(m) && m.length <= V1_MODULE_FIELDS.length) {
        const o: Obj = {};
        m.forEach((v: unknown, j) => {
          if (v !== null) o[V1_MODULE_FIELDS[j]!] = v;
        });
        mods.push(o);
      } else return `customModules[${i}] is not a module`;
    }
    s.customModules = mods;
  }
  const steps: unknown[] = [];
  for (let i = 0; i < c.s.length; i++) {
    const t: unknown = c.s[i];
    if (isObj(t)) {
      steps.push(t);
      continue;
    }
    if (!Array.isArray(t) || t.length === 0) return `steps[${i}] is not a step`;
    const code: unknown = t[0];
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code >= V1_OPS.length) {
      return `steps[${i}] has an unknown op code, ${brief(code)}`;
    }
    const op = V1_OPS[code]!;
    const fields = [...V1_FIELDS[op], ...V1_COMMON];
    if (t.length - 1 > fields.length) return `steps[${i}] (${op}) has ${t.length - 1} fields; ${op} has at most ${fields.length}`;
    const o: Obj = { op };
    for (let j = 1; j < t.length; j++) if (t[j] !== null) o[fields[j - 1]!] = t[j];
    steps.push(o);
  }
  s.steps = steps;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/**
 * The share fragment ("#s=1.…[&n=N][&at=E]") of a scenario. The scenario is validated first:
 * an invalid one throws an Error naming the problem (a link must always open), and so does a
 * step that is not an index of one of its steps. `step` is the 0-based index (written as
 * n = step + 1), `at` an event position (0 or more).
 */
export function encodeShare(scenario: Scenario | ResolvedScenario, opts: { step?: number | null; at?: number | null } = {}): string {
  const v = validateScenario(scenario);
  if (!v.ok) throw new Error(`cannot share an invalid scenario: ${v.issues[0]!.message}`);
  const step = opts.step ?? null;
  const n = v.scenario.steps.length;
  if (step !== null && !(Number.isInteger(step) && step >= 0 && step < n)) {
    throw new RangeError(`step ${step + 1} is not a step of this scenario (it has ${n}${n ? `: 1 to ${n}` : ''})`);
  }
  const at = opts.at ?? null;
  if (at !== null && !(Number.isInteger(at) && at >= 0)) throw new RangeError(`event position ${at} is not a whole number of events`);
  const body = new TextEncoder().encode(JSON.stringify(compactScenario(v.scenario)));
  const packed = deflateSync(body, { level: 9 });
  const bytes = new Uint8Array(packed.length + 4);
  bytes.set(packed);
  new DataView(bytes.buffer).setUint32(packed.length, crc32(body));
  return `#s=${SHARE_VERSION}.${base64urlEncode(bytes)}${step !== null ? `&n=${step + 1}` : ''}${at !== null ? `&at=${at}` : ''}`;
}

/** `base` (any fragment it has removed; default DEFAULT_SHARE_BASE) followed by the share fragment. */
export function shareUrl(scenario: Scenario | ResolvedScenario, opts: { base?: string; step?: number | null; at?: number | null } = {}): string {
  const base = opts.base ?? DEFAULT_SHARE_BASE;
  const hashAt = base.indexOf('#');
  return (hashAt >= 0 ? base.slice(0, hashAt) : base) + encodeShare(scenario, { step: opts.step ?? null, at: opts.at ?? null });
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** A decoder per link format, each kept for ever: payload → unvalidated scenario, or a message. */
const DECODERS: Readonly<Record<number, (payload: string) => unknown>> = { 1: decodeV1 };
const READS = SHARE_VERSION === 1 ? '1' : `1 to ${SHARE_VERSION}`;

/** Splits "a=1&b=2" into its parameters; a message when a key repeats. */
function params(h: string): Map<string, string> | string {
  const m = new Map<string, string>();
  for (const part of h.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    if (m.has(k)) return `This link is damaged: it has "${clip(k)}=" twice.`;
    m.set(k, eq < 0 ? '' : part.slice(eq + 1));
  }
  return m;
}

/**
 * Reads a share fragment ("#s=…", with or without the "#"; a whole URL is also accepted).
 * Never throws: either the validated scenario with its step and link format, or a message.
 */
export function decodeShare(fragment: string): ShareDecodeResult {
  try {
    return decodeUnsafe(fragment);
  } catch (e) {
    // not expected: every path above returns a message; this keeps the promise regardless
    return fail(`This link could not be read (${e instanceof Error ? e.message : String(e)}).`);
  }
}

function decodeUnsafe(fragment: string): ShareDecodeResult {
  if (typeof fragment !== 'string') return fail('This link could not be read: it is not text.');
  const hashAt = fragment.indexOf('#');
  const h = hashAt >= 0 ? fragment.slice(hashAt + 1) : fragment;
  if (h.length > MAX_LINK_CHARS) {
    return fail(`This link is too long: ${fmt(h.length)} characters, over the limit of ${fmt(MAX_LINK_CHARS)} (its scenario could not be under 1 MB).`);
  }
  const p = params(h);
  if (typeof p === 'string') return fail(p);
  const s = p.get('s');
  if (s === undefined) return fail(`This link has no scenario: its fragment "#${clip(h)}" has no "s=" part (expected #s=${SHARE_VERSION}.…).`);
  const dot = s.indexOf('.');
  const verText = dot < 0 ? s : s.slice(0, dot);
  if (!/^[0-9]+$/.test(verText)) {
    return fail(`This link is damaged: its "s=" part does not start with a link format number and a dot (expected #s=${SHARE_VERSION}.…).`);
  }
  const version = Number(verText);
  if (version > SHARE_VERSION) {
    return fail(`This link is from a newer luoscope (link format ${clip(verText, 12)}; this one reads ${SHARE_VERSION}). Open it with a newer luoscope.`);
  }
  if (version < 1) return fail(`This link is damaged: link format ${verText} does not exist (this luoscope reads ${READS}).`);
  if (dot < 0) return fail('This link is truncated: it ends right after its link format number, with no data.');

  // n= (1-based) wins over the older step= (0-based); both name steps[index]
  let step: number | null = null;
  let stepText: string | undefined;
  const nText = p.get('n');
  const oldText = p.get('step');
  if (nText !== undefined) {
    if (!/^[0-9]+$/.test(nText) || Number(nText) < 1) return fail(`This link is damaged: its n=${JSON.stringify(clip(nText))} is not a step number (1, 2, 3, ...).`);
    step = Number(nText) - 1; // beyond the steps (even unsafe) is clamped below
    stepText = nText;
  } else if (oldText !== undefined) {
    if (!/^[0-9]+$/.test(oldText)) return fail(`This link is damaged: its step=${JSON.stringify(clip(oldText))} is not a step number.`);
    step = Number(oldText);
    stepText = String(step + 1);
  }
  let at: number | null = null;
  const atText = p.get('at');
  if (atText !== undefined) {
    if (!/^[0-9]{1,15}$/.test(atText)) return fail(`This link is damaged: its at=${JSON.stringify(clip(atText))} is not an event position (0, 1, 2, ...).`);
    at = Number(atText); // beyond the run's events: the app clamps it
  }

  const decoded = DECODERS[version]!(s.slice(dot + 1));
  if (typeof decoded === 'string') return fail(decoded);
  const v = validateScenario(decoded);
  if (!v.ok) {
    const more = v.issues.length > 1 ? ` (and ${v.issues.length - 1} more problem${v.issues.length > 2 ? 's' : ''})` : '';
    return fail(`The scenario inside this link is not valid: ${v.issues[0]!.message}${more}. Nothing was opened.`);
  }
  const n = v.scenario.steps.length;
  if (step !== null && step >= n) {
    const shown = clip(stepText!, 12);
    const warning =
      n === 0
        ? `step ${shown} is beyond the scenario's 0 steps; it has none, so the link opens at the start.`
        : `step ${shown} is beyond the scenario's ${n} step${n === 1 ? '' : 's'} (1 to ${n}); the link opens at step ${n}, the last.`;
    // the event position belonged to a step that is not there: it is dropped
    return { ok: true, scenario: v.scenario, step: n === 0 ? null : n - 1, version, warning };
  }
  return { ok: true, scenario: v.scenario, step, ...(at !== null ? { at } : {}), version };
}

/** Link format 1's payload to the (unvalidated) scenario object, or a message. */
function decodeV1(payload: string): unknown {
  const bytes = base64urlDecode(payload);
  if (typeof bytes === 'string') return `This link is damaged: ${bytes}.`;
  if (bytes.length < 5) return 'This link is truncated or damaged (the compressed data does not decode): it holds too little data.';
  const data = bytes.subarray(0, bytes.length - 4);
  const sum = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0);
  const inflated = inflateLimited(data, MAX_INFLATED_BYTES);
  if (!inflated.ok) {
    return inflated.reason === 'too-big'
      ? `This link's scenario is over 1 MB once decompressed (the limit is ${fmt(MAX_INFLATED_BYTES)} bytes); luoscope does not open it.`
      : 'This link is truncated or damaged (the compressed data does not decode).';
  }
  if (crc32(inflated.bytes) !== sum) {
    return 'This link is damaged (its checksum does not match its data: a character was changed, lost or added).';
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return 'This link is damaged (its data is not UTF-8 text).';
  }
  let compact: unknown;
  try {
    compact = JSON.parse(text);
  } catch {
    return 'This link is damaged (its data is not JSON).';
  }
  const s = expandScenario(compact);
  return typeof s === 'string' ? `This link is damaged: its data is not a luoscope scenario (${s}).` : s;
}

/** What the app should do with location.hash: nothing, open a scenario at a step, or say why not. */
export function readLocation(hash: string): LocationResult {
  const h = typeof hash === 'string' ? (hash.startsWith('#') ? hash.slice(1) : hash) : '';
  if (h === '') return { kind: 'none' };
  if (h.startsWith('json=')) {
    const f = readFragment(hash);
    if (f.kind === 'json') return { kind: 'scenario', scenario: f.value, step: null };
    return f.kind === 'none' ? f : { kind: 'error', message: f.message };
  }
  const keys = h.split('&').map((part) => part.split('=', 1)[0]);
  if (keys.includes('s')) {
    const r = decodeShare(h);
    if (!r.ok) return { kind: 'error', message: r.message };
    return { kind: 'scenario', scenario: r.scenario, step: r.step, ...(r.at !== undefined ? { at: r.at } : {}), ...(r.warning !== undefined ? { warning: r.warning } : {}) };
  }
  return { kind: 'error', message: `The link's fragment "#${clip(h)}" is not one luoscope reads (expected #s=${SHARE_VERSION}.… or #json=…).` };
}

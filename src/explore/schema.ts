// A small schema language for luoscope's own JSON formats: one description gives the
// type checks and their messages (checkValue) and the published JSON Schema (toJsonSchema).
// Checks that need context (a module exists, a fault names a callback) are written by hand
// beside the format that uses it.

export type Schema =
  | { type: 'string'; doc: string; enum?: readonly string[]; minLength?: number; maxLength?: number; const?: string }
  | { type: 'integer'; doc: string; min: number; max: number }
  | { type: 'boolean'; doc: string }
  | { type: 'array'; doc: string; items: Schema; minItems?: number; maxItems?: number; unique?: boolean }
  | { type: 'object'; doc: string; fields: Readonly<Record<string, Schema>>; required?: readonly string[] }
  /** one of several object shapes, told apart by which of `keys` the value has */
  | { type: 'variant'; doc: string; variants: readonly { key: string; schema: Schema & { type: 'object' } }[] };

export interface Issue {
  /** where: "files[1].kind", "" for the whole value */
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: Obj, k: string) => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

/** A short rendering of a value for a message. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    const j = JSON.stringify(v);
    return j.length > 60 ? `${j.slice(0, 56)}…"` : j;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

const quoted = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(', ');
const at = (path: string) => (path === '' ? 'the value' : `field "${path}"`);
const sub = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** Check `v` against `s`; problems are pushed to `out`. Returns whether `v` has the right shape. */
export function checkValue(s: Schema, v: unknown, path: string, out: Issue[]): boolean {
  const bad = (text: string) => {
    out.push({ path, message: `${at(path)}: ${text}` });
    return false;
  };
  switch (s.type) {
    case 'string': {
      if (typeof v !== 'string') return bad(`${show(v)} is not a string (${s.doc})`);
      if (s.const !== undefined && v !== s.const) return bad(`${show(v)} is not ${JSON.stringify(s.const)}`);
      if (s.enum && !s.enum.includes(v)) return bad(`${show(v)} is not one of ${quoted(s.enum)}`);
      if (s.minLength !== undefined && v.length < s.minLength) return bad(s.minLength === 1 ? 'must not be empty' : `must have at least ${s.minLength} characters`);
      if (s.maxLength !== undefined && v.length > s.maxLength) return bad(`is ${v.length} characters long; at most ${s.maxLength}`);
      return true;
    }
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return bad(`${show(v)} is not a whole number (${s.doc})`);
      if (v < s.min || v > s.max) return bad(`${v} is out of range: ${s.min} to ${s.max.toLocaleString('en')}`);
      return true;
    case 'boolean':
      return typeof v === 'boolean' || bad(`${show(v)} is not true or false (${s.doc})`);
    case 'array': {
      if (!Array.isArray(v)) return bad(`${show(v)} is not an array (${s.doc})`);
      if (s.minItems !== undefined && v.length < s.minItems) return bad(`has ${v.length} item${v.length === 1 ? '' : 's'}; at least ${s.minItems}`);
      if (s.maxItems !== undefined && v.length > s.maxItems) return bad(`has ${v.length} items; at most ${s.maxItems}`);
      let ok = true;
      const seen = new Map<string, number>();
      v.forEach((x, i) => {
        if (!checkValue(s.items, x, `${path}[${i}]`, out)) ok = false;
        else if (s.unique) {
          const key = JSON.stringify(x);
          const first = seen.get(key);
          if (first !== undefined) {
            out.push({ path: `${path}[${i}]`, message: `field "${path}[${i}]": ${show(x)} is already at index ${first}` });
            ok = false;
          } else seen.set(key, i);
        }
      });
      return ok;
    }
    case 'object': {
      if (!isObj(v)) return bad(`${show(v)} is not an object (${s.doc})`);
      let ok = true;
      const names = Object.keys(s.fields);
      for (const k of Object.keys(v))
        if (!names.includes(k)) {
          out.push({ path: sub(path, k), message: `${at(sub(path, k))} is not a field here (fields: ${names.join(', ')})` });
          ok = false;
        }
      for (const k of s.required ?? [])
        if (own(v, k) === undefined) {
          out.push({ path: sub(path, k), message: `${at(sub(path, k))} is missing (${s.fields[k]!.doc})` });
          ok = false;
        }
      for (const k of names) {
        const x = own(v, k);
        if (x !== undefined && !checkValue(s.fields[k]!, x, sub(path, k), out)) ok = false;
      }
      return ok;
    }
    case 'variant': {
      if (!isObj(v)) return bad(`${show(v)} is not an object (${s.doc})`);
      const hits = s.variants.filter((x) => own(v, x.key) !== undefined);
      if (hits.length !== 1)
        return bad(`${hits.length === 0 ? 'has none' : 'has more than one'} of the fields ${quoted(s.variants.map((x) => x.key))}: give exactly one (${s.doc})`);
      return checkValue(hits[0]!.schema, v, path, out);
    }
  }
}

/** The JSON Schema (draft 2020-12) of a format described by `s`. */
export function toJsonSchema(s: Schema): Record<string, unknown> {
  switch (s.type) {
    case 'string':
      return {
        type: 'string',
        description: s.doc,
        ...(s.const !== undefined ? { const: s.const } : {}),
        ...(s.enum ? { enum: [...s.enum] } : {}),
        ...(s.minLength !== undefined ? { minLength: s.minLength } : {}),
        ...(s.maxLength !== undefined ? { maxLength: s.maxLength } : {}),
      };
    case 'integer':
      return { type: 'integer', description: s.doc, minimum: s.min, maximum: s.max };
    case 'boolean':
      return { type: 'boolean', description: s.doc };
    case 'array':
      return {
        type: 'array',
        description: s.doc,
        items: toJsonSchema(s.items),
        ...(s.minItems !== undefined ? { minItems: s.minItems } : {}),
        ...(s.maxItems !== undefined ? { maxItems: s.maxItems } : {}),
        ...(s.unique ? { uniqueItems: true } : {}),
      };
    case 'object':
      return {
        type: 'object',
        description: s.doc,
        properties: Object.fromEntries(Object.entries(s.fields).map(([k, f]) => [k, toJsonSchema(f)])),
        ...(s.required?.length ? { required: [...s.required] } : {}),
        additionalProperties: false,
      };
    case 'variant':
      return { description: s.doc, oneOf: s.variants.map((x) => toJsonSchema(x.schema)) };
  }
}

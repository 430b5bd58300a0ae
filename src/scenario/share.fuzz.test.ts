// Fuzzing the share-link decoder: thousands of random and mutated links. decodeShare (and
// readLocation) must never throw, never hang (each property runs well within the test's
// timeout, which is the hang guard), and always return either a valid scenario or a non-empty
// message. A link whose payload was damaged but still opens must open the very same scenario
// (the checksum's promise: no silent corruption).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SELFTESTS } from './library/selftests';
import { randomScenario, type Pick } from './random';
import { base64urlEncode, crc32, decodeShare, encodeShare, readLocation, type ShareDecodeResult } from './share';
import type { Scenario } from './types';
import { validateScenario } from './validate';
import { SHARED_SCENARIOS_DIR } from '../testing/shared-scenarios';

const TIMEOUT = 60_000; // a hang guard only; each property normally takes well under a second or two
const SHARED = SHARED_SCENARIOS_DIR;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const sharedScenarios: Scenario[] = readdirSync(SHARED)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(SHARED, f), 'utf8')) as Scenario);
const smallSelftests = SELFTESTS.filter((t) => t.scenario.steps.length <= 60).map((t) => t.scenario);
const pick = fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000)) as fc.Arbitrary<Pick>;
const randomValid = fc.array(pick, { maxLength: 40 }).map((picks) => randomScenario('latest', picks));

/** A valid scenario and its link (payload only, no step). */
const validLink = fc.oneof(fc.constantFrom(...sharedScenarios, ...smallSelftests), randomValid).map((s) => ({ s, link: encodeShare(s) }));

/** The one promise: an error with a message, or a scenario that validates. */
function checkResult(r: ShareDecodeResult): void {
  if (r.ok) {
    expect(validateScenario(r.scenario).ok).toBe(true);
    expect(r.step === null || (Number.isInteger(r.step) && r.step >= 0 && r.step < r.scenario.steps.length)).toBe(true);
  } else {
    expect(typeof r.message).toBe('string');
    expect(r.message.length).toBeGreaterThan(0);
  }
}

function linkOf(body: Uint8Array, crc = crc32(body)): string {
  const d = deflateSync(body, { level: 9 });
  const b = new Uint8Array(d.length + 4);
  b.set(d);
  new DataView(b.buffer).setUint32(d.length, crc);
  return `#s=1.${base64urlEncode(b)}`;
}

type Mutation = { kind: 'replace' | 'insert'; at: number; ch: string } | { kind: 'delete' | 'truncate'; at: number } | { kind: 'swap'; at: number };
const anyChar = fc.oneof(fc.constantFrom(...B64.split('')), fc.constantFrom('=', '.', '&', '#', '%', ' ', '+', '/', 'é', '\u0000'));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), ch: anyChar }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), ch: anyChar }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
);

/** Applies a mutation to s[from..] (positions wrap into that range). */
function mutate(s: string, m: Mutation, from = 0): string {
  const span = s.length - from;
  if (span <= 0) return s;
  const at = from + (m.at % span);
  switch (m.kind) {
    case 'replace':
      return s.slice(0, at) + m.ch + s.slice(at + 1);
    case 'insert':
      return s.slice(0, at) + m.ch + s.slice(at);
    case 'delete':
      return s.slice(0, at) + s.slice(at + 1);
    case 'truncate':
      return s.slice(0, at);
    case 'swap':
      return at + 1 < s.length ? s.slice(0, at) + s[at + 1]! + s[at]! + s.slice(at + 2) : s;
  }
}

describe('decodeShare fuzz', () => {
  it('random strings, with and without a #s= prefix, and random fragments through readLocation', { timeout: TIMEOUT }, () => {
    const prefix = fc.constantFrom('', '#', '#s=', '#s=1.', 's=1.', '#s=2.', '#json=', '#step=3&s=1.');
    const text = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.stringMatching(/^[A-Za-z0-9_=&.#-]{0,400}$/));
    fc.assert(
      fc.property(prefix, text, fc.option(fc.string({ maxLength: 12 }), { nil: undefined }), (p, t, step) => {
        const h = p + t + (step === undefined ? '' : `&step=${step}`);
        checkResult(decodeShare(h));
        const loc = readLocation(h);
        expect(['none', 'scenario', 'error']).toContain(loc.kind);
        if (loc.kind === 'error') expect(loc.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 4000 },
    );
  });

  it('random bytes, base64url-encoded behind #s=1.', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        checkResult(decodeShare(`#s=1.${base64urlEncode(b)}`));
      }),
      { numRuns: 4000 },
    );
  });

  it('random JSON and near-miss compact forms, properly compressed and checksummed', { timeout: TIMEOUT }, () => {
    const field = fc.oneof(fc.constant(null), fc.string({ maxLength: 8 }), fc.integer({ min: -2, max: 70000 }), fc.boolean(), fc.constantFrom('luo', 's', 'm', 'ok', 'EIO', 'memfd', '0x1a'));
    const tuple = fc.tuple(fc.integer({ min: -1, max: 22 }), fc.array(field, { maxLength: 8 })).map(([op, rest]) => [op, ...rest]);
    const step = fc.oneof(tuple, fc.object({ maxDepth: 1 }), fc.jsonValue({ maxDepth: 2 }));
    const compact = fc.record(
      {
        t: fc.string({ maxLength: 10 }),
        p: fc.oneof(fc.constantFrom('6.19', '7.0', '7.1', 'latest', 'nope'), fc.jsonValue({ maxDepth: 1 })),
        x: fc.oneof(fc.constant(['flb-retrieve-status']), fc.jsonValue({ maxDepth: 1 })),
        l: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
        b: fc.oneof(fc.constant(['memfd', 'test-flbs']), fc.jsonValue({ maxDepth: 1 })),
        c: fc.oneof(fc.array(fc.array(field, { maxLength: 6 }), { maxLength: 2 }), fc.jsonValue({ maxDepth: 2 })),
        s: fc.oneof(fc.array(step, { maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(compact, fc.jsonValue({ maxDepth: 3 })), fc.boolean(), (c, goodCrc) => {
        const body = new TextEncoder().encode(JSON.stringify(c) ?? 'null');
        checkResult(decodeShare(linkOf(body, goodCrc ? crc32(body) : crc32(body) ^ 0x10)));
      }),
      { numRuns: 3000 },
    );
  });

  it('valid links with random mutations, truncations and insertions anywhere', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(validLink, fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.option(fc.nat(80), { nil: undefined }), ({ link }, ms, step) => {
        let h = step === undefined ? link : `${link}&step=${step}`;
        for (const m of ms) h = mutate(h, m);
        checkResult(decodeShare(h));
      }),
      { numRuns: 3000 },
    );
  });

  it('a damaged payload never opens a different scenario', { timeout: TIMEOUT }, () => {
    let opened = 0;
    fc.assert(
      fc.property(validLink, mutation, ({ s, link }, m) => {
        const damaged = mutate(link, m, '#s=1.'.length);
        const r = decodeShare(damaged);
        checkResult(r);
        if (r.ok) {
          opened++; // e.g. a changed unused low bit of the last character: the same bytes
          expect(r.scenario).toStrictEqual(validateScenario(s).ok && (validateScenario(s) as { scenario: unknown }).scenario);
        }
      }),
      { numRuns: 3000 },
    );
    expect(opened).toBeLessThan(3000); // most damage is caught, not decoded
  });

  it('non-string input is an error, not a throw', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        checkResult(decodeShare(x as string));
        expect(() => readLocation(x as string)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

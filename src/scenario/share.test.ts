import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/run';
import { SELFTESTS } from './library/selftests';
import { jsonLink } from './links';
import { randomScenario, type Pick } from './random';
import {
  base64urlDecode,
  base64urlEncode,
  crc32,
  decodeShare,
  encodeShare,
  inflateLimited,
  MAX_INFLATED_BYTES,
  readLocation,
  SHARE_VERSION,
  shareUrl,
} from './share';
import { NEWEST_RELEASE, type ProfileId, type Scenario } from './types';
import { validateScenario } from './validate';
import { SHARED_SCENARIOS_DIR } from '../testing/shared-scenarios';
import { realisticScenario } from './fixtures/realistic';

const SHARED = SHARED_SCENARIOS_DIR;
const FIXTURES = resolve(__dirname, 'fixtures/links');
const BASE = 'https://luoscope.example/';
const shared = (f: string): Scenario => JSON.parse(readFileSync(join(SHARED, f), 'utf8')) as Scenario;
const resolved = (s: unknown) => {
  const v = validateScenario(s);
  if (!v.ok) throw new Error(v.issues[0]!.message);
  return v.scenario;
};

/** A link made by hand: deflate-raw(body) ++ crc32(body), base64url, behind "#s=1.". */
function handLink(body: Uint8Array, crc = crc32(body)): string {
  const d = deflateSync(body, { level: 9 });
  const b = new Uint8Array(d.length + 4);
  b.set(d);
  new DataView(b.buffer).setUint32(d.length, crc);
  return `#s=1.${base64urlEncode(b)}`;
}
const utf8 = (s: string) => new TextEncoder().encode(s);


/** randomScenario cut to n steps, from a fixed seed: less regular than any real scenario. */
function seededRandomScenario(n: number): Scenario {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 1000;
  const picks: Pick[] = Array.from({ length: n * 2 }, () => [rnd(), rnd(), rnd()] as const);
  const s = randomScenario('latest', picks);
  return { ...s, steps: s.steps.slice(0, n) };
}

const roundTrip = (s: Scenario, step?: number) => {
  const r = decodeShare(encodeShare(s, step === undefined ? {} : { step }));
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('encodeShare / decodeShare', () => {
  it('round-trips the shared scenarios to their validated form, with the step', () => {
    for (const f of readdirSync(SHARED).filter((x) => x.endsWith('.json'))) {
      const s = shared(f);
      const r = roundTrip(s, 2);
      expect(r.scenario).toStrictEqual(resolved(s));
      expect(r).toMatchObject({ step: 2, version: 1 });
      expect(r.warning).toBeUndefined();
      expect(roundTrip(s).step).toBeNull();
    }
  });

  it('round-trips every kernel selftest of the library', () => {
    for (const t of SELFTESTS) expect(roundTrip(t.scenario).scenario, t.id).toStrictEqual(resolved(t.scenario));
  });

  it('round-trips random valid scenarios (fast-check over random.ts)', () => {
    const pick = fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000)) as fc.Arbitrary<Pick>;
    const profile = fc.constantFrom<ProfileId>('6.19', '7.0', '7.1', 'latest');
    fc.assert(
      fc.property(profile, fc.array(pick, { maxLength: 60 }), fc.boolean(), (p, picks, kexecs) => {
        const s = randomScenario(p, picks, { kexecs });
        const v = validateScenario(s);
        fc.pre(v.ok);
        const step = s.steps.length ? picks.length % s.steps.length : undefined;
        const r = roundTrip(s, step);
        expect(r.scenario).toStrictEqual(v.ok && v.scenario);
        expect(r.step).toBe(step ?? null);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every optional field, explicit empties and odd values', () => {
    const s: Scenario = {
      format: 'luoscope-scenario',
      version: 1,
      title: 'ünïcødé ✓ \u{1F600} "quotes" & #hash',
      description: '',
      kernel: { profile: 'latest', patches: ['flb-outgoing-refcount', 'finish-reserved'], liveupdate: false },
      boot: { modules: [] },
      customModules: [
        { id: 'mydrv', handler: 'mydrv-v1', accepts: ['regular'] },
        { id: 'other', handler: 'other-v1', accepts: ['devnull'], ops: ['freeze', 'can_finish'] },
        { id: 'third', handler: 'third-v1', accepts: ['regular'], flbs: [], ops: [] },
      ],
      steps: [
        { op: 'register_module', module: 'mydrv' },
        { op: 'open_device', as: 'd', note: 'a note\nwith lines' },
        { op: 'create_session', device: 'd', name: '', as: 's', size: 0 },
        { op: 'create_file', kind: 'regular', as: 'f', data: '' },
        { op: 'create_file', kind: 'memfd', as: 'g' },
        { op: 'preserve_fd', session: 's', fd: 'f', token: '0xffffffffffffffff', size: 24, expect: 'ENOENT' },
        { op: 'preserve_fd', session: 's', fd: 'g', token: '18446744073709551615' },
        { op: 'get_name', session: 's', reserved: 1, name: 'x' },
        { op: 'finish', session: 's', size: 4 },
        { op: 'read', fd: 'g' },
        { op: 'dup', fd: 'g', as: 'h' },
        { op: 'inject', target: 'memfd-v1', callback: 'can_preserve', result: false, session: 'vm1', token: 7 },
        { op: 'inject', target: 'kho', callback: 'finalize', errno: 'ENOMEM', expect: 'ok' },
        { op: 'kexec', profile: '7.0', patches: [], modules: ['memfd@v2', 'test-flbs'], liveupdate: true },
        { op: 'kexec', profile: 'latest' },
        { op: 'flb_get_incoming', flb: 'hugetlb-v1' },
        { op: 'flb_put_outgoing', flb: 'pci-v1' },
        { op: 'exit_agent', expect: 'ok' },
        { op: 'unregister_module', module: 'mydrv' },
      ],
    };
    expect(roundTrip(s, 18).scenario).toStrictEqual(resolved(s));
    // an empty custom module list and a minimal scenario
    const min = { format: 'luoscope-scenario', version: 1, customModules: [], steps: [] } as Scenario;
    expect(roundTrip(min).scenario).toStrictEqual(resolved(min));
  });

  it('writes a step with a field outside the format-1 table as a plain object, and reads it back', () => {
    // not a valid scenario field today: the plain-object form lets the validator say so
    const link = handLink(utf8(JSON.stringify({ s: [{ op: 'open_device', as: 'd', colour: 'red' }] })));
    expect(decodeShare(link)).toMatchObject({ ok: false, message: expect.stringContaining('step 1 (steps[0], open_device): field "colour"') });
    const ok = handLink(utf8(JSON.stringify({ s: [{ op: 'open_device', as: 'd' }, [1, 'd']] })));
    expect(decodeShare(ok)).toMatchObject({ ok: true, scenario: { steps: [{ op: 'open_device', as: 'd' }, { op: 'close', fd: 'd' }] } });
  });

  it('refuses to encode an invalid scenario or a step that is not one of its steps', () => {
    expect(() => encodeShare({ format: 'luoscope-scenario', version: 1, steps: [{ op: 'close', fd: 'x' }] })).toThrow(/step 1 \(steps\[0\], close\): field "fd"/);
    const s = shared('unsupported-fd.json');
    expect(() => encodeShare(s, { step: 5 })).toThrow(RangeError);
    expect(() => encodeShare(s, { step: -1 })).toThrow(RangeError);
    expect(() => encodeShare(s, { step: 1.5 })).toThrow(RangeError);
  });

  it('is deterministic and uses only URL-safe characters', () => {
    const s = realisticScenario(40);
    expect(encodeShare(s, { step: 3 })).toBe(encodeShare(s, { step: 3 }));
    expect(encodeShare(s, { step: 3 })).toMatch(/^#s=1\.[A-Za-z0-9_-]+&n=4$/);
  });
});

describe('link lengths', () => {
  it('the realistic builder makes valid scenarios that run green', () => {
    for (const n of [40, 200]) {
      const s = realisticScenario(n);
      expect(s.steps).toHaveLength(n);
      expect(new Set(s.steps.map((x) => x.op)).size).toBeGreaterThanOrEqual(10);
      const run = runScenario(resolved(s));
      expect(run.ok).toBe(true);
      expect(run.violations).toEqual([]);
    }
  });

  it('a 40-step scenario is under 1,000 URL characters and a 200-step one under 2,500', () => {
    const lengths: Record<string, number> = {};
    for (const [n, limit] of [[40, 1000], [200, 2500]] as const) {
      const s = realisticScenario(n);
      const url = shareUrl(s, { base: BASE, step: n - 1 });
      lengths[`${n} steps`] = url.length;
      lengths[`${n} steps, #json= link`] = jsonLink(s, BASE).length;
      expect(url.length).toBeLessThan(limit);
      const r = seededRandomScenario(n);
      expect(r.steps).toHaveLength(n);
      lengths[`${n} random steps (random.ts)`] = shareUrl(r, { base: BASE, step: n - 1 }).length;
      expect(lengths[`${n} random steps (random.ts)`]).toBeLessThan(limit);
    }
    for (const f of readdirSync(SHARED).filter((x) => x.endsWith('.json'))) lengths[f] = shareUrl(shared(f), { base: BASE }).length;
    const longest = SELFTESTS.map((t) => ({ id: t.id, n: shareUrl(t.scenario, { base: BASE }).length })).sort((a, b) => b.n - a.n)[0]!;
    lengths[`longest selftest (${longest.id}, with notes)`] = longest.n;
    console.log('share link lengths (URL characters, base %s):\n%s', BASE, Object.entries(lengths).map(([k, v]) => `  ${k}: ${v}`).join('\n'));
  });
});

describe('fragment syntax', () => {
  const s = shared('memfd-survives-kexec.json');
  const frag = encodeShare(s).slice(1);

  it('accepts the step and unknown keys in any order, a leading "#" or a whole URL', () => {
    for (const h of [`#${frag}&step=4`, `step=4&${frag}`, `#x=1&step=4&${frag}&y`, `${BASE}#${frag}&step=4`]) {
      expect(decodeShare(h)).toMatchObject({ ok: true, step: 4, version: 1 });
    }
    expect(shareUrl(s, { base: `${BASE}?q=1#old`, step: 1 })).toMatch(/^https:\/\/luoscope\.example\/\?q=1#s=1\.[A-Za-z0-9_-]+&n=2$/);
    expect(shareUrl(s)).toMatch(/^https:\/\/luoscope\.invalid\/#s=1\./);
  });

  it('clamps a step beyond the scenario to its last step, with a warning', () => {
    const r = decodeShare(`#${frag}&step=99`);
    expect(r).toMatchObject({ ok: true, step: 11, warning: "step 100 is beyond the scenario's 12 steps (1 to 12); the link opens at step 12, the last." });
    expect(decodeShare(`#${frag}&step=123456789012345678901234567890`)).toMatchObject({ ok: true, step: 11 });
    const empty = encodeShare({ format: 'luoscope-scenario', version: 1, steps: [] });
    expect(decodeShare(`${empty}&step=0`)).toMatchObject({ ok: true, step: null, warning: expect.stringContaining('0 steps') });
  });

  it('gives a clear message for each kind of broken link', () => {
    const msg = (h: string) => {
      const r = decodeShare(h);
      expect(r.ok, h).toBe(false);
      return r.ok ? '' : r.message;
    };
    expect(msg(`#${frag.slice(0, 40)}`)).toContain('truncated or damaged (the compressed data does not decode)');
    expect(msg(`#s=7.${frag.slice(5)}`)).toBe('This link is from a newer luoscope (link format 7; this one reads 1). Open it with a newer luoscope.');
    expect(msg('#s=12345678901234567890.abc')).toContain('from a newer luoscope (link format 123456789012…');
    expect(msg('#s=0.abcd')).toContain('link format 0 does not exist');
    expect(msg('#s=1')).toContain('truncated');
    expect(msg('#s=1.')).toContain('truncated');
    expect(msg('#s=abc')).toContain('does not start with a link format number');
    expect(msg(`#${frag.slice(0, 30)}%20${frag.slice(30)}`)).toMatch(/not base64url \("%" at character 27 of/);
    expect(msg(`#${frag}x`)).toMatch(/not base64url \(\d+ characters cannot be base64url/);
    expect(msg(`#${frag}&step=two`)).toBe('This link is damaged: its step="two" is not a step number.');
    expect(msg(`#${frag}&step=-1`)).toContain('not a step number');
    expect(msg(`#${frag}&${frag}`)).toContain('"s=" twice');
    expect(msg('#step=1')).toContain('has no "s=" part');
    expect(msg(`#s=1.${'A'.repeat(2_000_001)}`)).toContain('too long');
    // a flipped character that still inflates is caught by the checksum
    const body = utf8(JSON.stringify({ t: 'hello', s: [] }));
    expect(msg(handLink(body, crc32(body) ^ 1))).toBe('This link is damaged (its checksum does not match its data: a character was changed, lost or added).');
    expect(msg(handLink(utf8('{"s": [')))).toContain('not JSON');
    expect(msg(handLink(new Uint8Array([0xff, 0xfe])))).toContain('not UTF-8');
    expect(msg(handLink(utf8('[1,2]')))).toBe('This link is damaged: its data is not a luoscope scenario (it is not an object).');
    expect(msg(handLink(utf8('{"s":[[99]]}')))).toContain('(steps[0] has an unknown op code, 99)');
    expect(msg(handLink(utf8('{"s":[[0,"a",null,null,9]]}')))).toContain('steps[0] (open_device) has 4 fields; open_device has at most 3');
    expect(msg(handLink(utf8('{"s":[[4,"nope","f",1]]}')))).toBe(
      `The scenario inside this link is not valid: step 1 (steps[0], preserve_fd): field "session": "nope" is not an fd name introduced by an earlier step's "as" (and 1 more problem). Nothing was opened.`,
    );
  });

  it('stops inflating a decompression bomb at 1 MB', () => {
    const big = new Uint8Array(16 << 20).fill(0x20); // 16 MiB of spaces: valid JSON whitespace
    const link = handLink(big);
    expect(link.length).toBeLessThan(40_000);
    expect(decodeShare(link)).toEqual({
      ok: false,
      message: "This link's scenario is over 1 MB once decompressed (the limit is 1,048,576 bytes); luoscope does not open it.",
    });
    const bytes = base64urlDecode(link.slice(5)) as Uint8Array;
    const r = inflateLimited(bytes.subarray(0, bytes.length - 4), MAX_INFLATED_BYTES);
    expect(r).toMatchObject({ ok: false, reason: 'too-big' });
    expect(!r.ok && r.produced).toBeLessThan(3 * MAX_INFLATED_BYTES); // stopped early, not at 16 MiB
    // exactly at the limit is still read (and then rejected as a scenario only if it is not one)
    const atLimit = new Uint8Array(MAX_INFLATED_BYTES).fill(0x20);
    atLimit.set(utf8('{"s":[]}'));
    expect(decodeShare(handLink(atLimit))).toMatchObject({ ok: true });
  });
});

describe('base64url and crc32', () => {
  it('round-trips bytes of every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const e = base64urlEncode(b);
        expect(e).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(base64urlDecode(e)).toEqual(b);
        expect(base64urlDecode(`${e}${'='.repeat((4 - (e.length % 4)) % 4)}`)).toEqual(b);
      }),
    );
  });
  it('matches the standard CRC-32 check value', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926);
  });
});

describe('readLocation', () => {
  const s = shared('session-closed-before-kexec.json');
  it('dispatches #s=, #json= and nothing', () => {
    expect(readLocation('')).toEqual({ kind: 'none' });
    expect(readLocation('#')).toEqual({ kind: 'none' });
    expect(readLocation(encodeShare(s, { step: 3 }))).toEqual({ kind: 'scenario', scenario: resolved(s), step: 3 });
    expect(readLocation(`step=2&${encodeShare(s).slice(1)}`)).toEqual({ kind: 'scenario', scenario: resolved(s), step: 2 });
    // #json= keeps readFragment's semantics: the parsed, unvalidated value
    const raw = { format: 'luoscope-scenario', version: 1, steps: [], extra: true };
    expect(readLocation(jsonLink(raw))).toEqual({ kind: 'scenario', scenario: raw, step: null });
    expect(readLocation('#json=%7B%22a')).toMatchObject({ kind: 'error', message: expect.stringContaining('not valid JSON') });
  });
  it('passes on warnings and errors', () => {
    expect(readLocation(`${encodeShare(s)}&step=50`)).toMatchObject({ kind: 'scenario', step: 8, warning: expect.stringContaining('step 51') });
    expect(readLocation('#s=2.AAAA')).toEqual({ kind: 'error', message: expect.stringContaining('newer luoscope (link format 2; this one reads 1)') });
    expect(readLocation('#foo=1')).toEqual({ kind: 'error', message: 'The link\'s fragment "#foo=1" is not one luoscope reads (expected #s=1.… or #json=…).' });
  });
});

// ---------------------------------------------------------------------------------------------
// Fixture links: real links of every link format, decoded by every later luoscope.


describe('fixture links', () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => /^v\d+-.*\.txt$/.test(f));

  it('there is a fixture link of every link format up to this one', () => {
    for (let v = 1; v <= SHARE_VERSION; v++) expect(fixtures.some((f) => f.startsWith(`v${v}-`)), `format ${v}`).toBe(true);
  });

  it.each(fixtures)('%s still decodes to its expected scenario and step', (f) => {
    const link = readFileSync(join(FIXTURES, f), 'utf8').trim();
    const expected = JSON.parse(readFileSync(join(FIXTURES, f.replace(/\.txt$/, '.json')), 'utf8')) as { step: number | null; scenario: unknown };
    const r = decodeShare(link);
    expect(r).toEqual({ ok: true, version: Number(/^v(\d+)-/.exec(f)![1]), step: expected.step, scenario: expected.scenario });
    // and today's encoder gives a link that reads back the same
    if (r.ok) expect(roundTrip(r.scenario).scenario).toStrictEqual(r.scenario);
  });

  // Old links keep their meaning: a format-1 "latest" is v1-latest, whatever mainline is now.
  it.each(fixtures)('%s still gives the step results it gave when it was recorded', (f) => {
    const r = decodeShare(readFileSync(join(FIXTURES, f), 'utf8').trim());
    if (!r.ok) throw new Error(r.message);
    const recorded = JSON.parse(readFileSync(join(FIXTURES, f.replace(/\.txt$/, '.results.json')), 'utf8')) as { steps: unknown[]; violations: unknown[] };
    const run = runScenario(r.scenario);
    const now = run.steps.map((s) => ({ i: s.i, op: s.op, result: s.result, ...(s.data !== undefined ? { data: s.data } : {}), ...(s.name !== undefined ? { name: s.name } : {}), ...(s.fd !== undefined ? { fd: s.fd } : {}) }));
    expect(now).toEqual(recorded.steps);
    expect(run.violations.map((v) => ({ step: v.step, rule: v.rule }))).toEqual(recorded.violations);
    expect(run.events.find((e) => e.type === 'boot')).toMatchObject({ profile: 'v1-latest' });
  });

  it('a format-2 scenario that says "latest" is written into a link as the release it means now', () => {
    const s = resolved({ ...shared('memfd-survives-kexec.json'), version: 2, kernel: { profile: 'latest' } });
    const back = roundTrip(s);
    expect(back.scenario.kernel.profile).toBe(NEWEST_RELEASE);
    expect(runScenario(back.scenario).steps).toEqual(runScenario(s).steps);
    expect(runScenario(s).events.find((e) => e.type === 'boot')).toMatchObject({ profile: NEWEST_RELEASE });
  });

});

describe('n= (1-based) and at= (event position), issue #13', () => {
  const s = shared('memfd-survives-kexec.json');
  const n = s.steps.length;
  const frag = encodeShare(s).slice(1);
  it('writes the step as people count it, and the event position', () => {
    expect(encodeShare(s, { step: 2, at: 17 })).toMatch(/^#s=1\.[A-Za-z0-9_-]+&n=3&at=17$/);
    expect(encodeShare(s, { at: 0 })).toMatch(/&at=0$/);
    expect(() => encodeShare(s, { at: -1 })).toThrow(RangeError);
    expect(decodeShare(encodeShare(s, { step: 2, at: 17 }))).toMatchObject({ ok: true, step: 2, at: 17 });
  });
  it('reads an old step= link at the same place as n= one more', () => {
    expect(decodeShare(`#${frag}&step=4`)).toMatchObject({ ok: true, step: 4 });
    expect(decodeShare(`#${frag}&n=5`)).toMatchObject({ ok: true, step: 4 });
    expect(decodeShare(`#${frag}&step=4`)).not.toHaveProperty('at');
    // n= wins over step=
    expect(decodeShare(`#${frag}&step=1&n=5`)).toMatchObject({ ok: true, step: 4 });
  });
  it('refuses a step 0, a bad n= or a bad at=, and clamps n= beyond the steps', () => {
    const msg = (h: string) => (decodeShare(h) as { message: string }).message;
    expect(msg(`#${frag}&n=0`)).toContain('not a step number (1, 2, 3, ...)');
    expect(msg(`#${frag}&n=x`)).toContain('not a step number');
    expect(msg(`#${frag}&at=-3`)).toContain('is not an event position');
    expect(msg(`#${frag}&at=1e3`)).toContain('is not an event position');
    expect(decodeShare(`#${frag}&n=60&at=5`)).toMatchObject({ ok: true, step: n - 1, warning: `step 60 is beyond the scenario's ${n} steps (1 to ${n}); the link opens at step ${n}, the last.` });
    expect(decodeShare(`#${frag}&n=60&at=5`)).not.toHaveProperty('at');
  });
  it('readLocation passes the event position on', () => {
    expect(readLocation(encodeShare(s, { step: 1, at: 9 }))).toMatchObject({ kind: 'scenario', step: 1, at: 9 });
  });
});

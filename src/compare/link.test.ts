import { describe, expect, it } from 'vitest';
import { comparisonFile, readComparison } from './file';
import { encodeCompareParam, readCompareParam } from './link';
import { validateScenario } from '../scenario/validate';
import type { ResolvedScenario } from '../scenario/types';

const k = { profile: '7.1' as const, patches: ['flb-outgoing-refcount' as const], modules: ['memfd', 'vfio-pci'], liveupdate: false };

describe('the b= link parameter', () => {
  it('round-trips a kernel, pinning latest to its release', () => {
    const p = encodeCompareParam(k, 2);
    expect(p).toMatch(/^b=1\.[A-Za-z0-9_-]+$/);
    expect(readCompareParam(`#s=1.xyz&step=3&${p}`)).toEqual({ kind: 'compare', b: k });
    const latest = readCompareParam(encodeCompareParam({ ...k, profile: 'latest' }, 2));
    expect(latest).toMatchObject({ kind: 'compare', b: { profile: '7.3' } });
    const v1 = readCompareParam(encodeCompareParam({ ...k, profile: 'latest' }, 1));
    expect(v1).toMatchObject({ kind: 'compare', b: { profile: 'v1-latest' } });
  });

  it('is absent from old links, and says what is wrong with a broken one', () => {
    expect(readCompareParam('#s=1.abc&step=2')).toEqual({ kind: 'none' });
    const bad = (h: string) => {
      const r = readCompareParam(h);
      expect(r.kind, h).toBe('error');
      return r.kind === 'error' ? r.message : '';
    };
    expect(bad('#s=1.a&b=1.!!')).toMatch(/not base64url/);
    expect(bad('#s=1.a&b=2.abc')).toMatch(/newer format/);
    expect(bad('#s=1.a&b=xyz')).toMatch(/format number/);
    expect(bad('#s=1.a&b=1.e30')).toMatch(/kernel is not valid/); // {}
    expect(bad('#s=1.a&b=1.eyJwcm9maWxlIjoiOS45In0')).toMatch(/profile "9.9"/);
    expect(bad(`#s=1.a&b=1.${'A'.repeat(5000)}`)).toMatch(/characters long/);
    expect(bad('#s=1.a&b=1.e30&b=1.e30')).toMatch(/twice/);
  });
});

describe('comparison files', () => {
  it('carry the scenario, kernel B and the step, and are read back validated', () => {
    const v = validateScenario({ format: 'luoscope-scenario', version: 2, steps: [{ op: 'open_device', as: 'd' }] });
    const s = (v.ok ? v.scenario : null) as ResolvedScenario;
    const f = JSON.parse(JSON.stringify(comparisonFile(s, { ...k, profile: 'latest' }, 0)));
    expect(f).toMatchObject({ format: 'luoscope-comparison', version: 1, b: { profile: '7.3' }, step: 0 });
    expect(readComparison(f)).toMatchObject({ ok: true, step: 0, b: { profile: '7.3' } });
    expect(readComparison({ ...f, step: 9 })).toMatchObject({ ok: true, step: 0 });
    expect(readComparison({ ...f, version: 2 })).toMatchObject({ ok: false, message: expect.stringMatching(/version 2/) });
    expect(readComparison({ ...f, extra: 1 })).toMatchObject({ ok: false, message: expect.stringMatching(/"extra"/) });
    expect(readComparison({ ...f, b: { ...f.b, modules: ['nosuch'] } })).toMatchObject({ ok: false, message: expect.stringMatching(/nosuch/) });
  });
});

import { describe, expect, it } from 'vitest';
import { checkKernel } from '../../../compare/config';
import { compareRuns } from '../../../compare/diverge';
import { runScenario } from '../../../engine/run';
import { validateScenario } from '../../validate';
import { COMPARISONS } from './index';

describe.each(COMPARISONS.map((c) => [c.id, c] as const))('comparison %s', (_id, c) => {
  it('runs A with every expectation met, B without a violation, and differs at its point', () => {
    const v = validateScenario(c.scenario);
    if (!v.ok) throw new Error(v.issues[0]!.message);
    const b = checkKernel(v.scenario, c.b);
    if (!b.ok) throw new Error(b.message);
    const ra = runScenario(v.scenario);
    const rb = runScenario(b.scenario);
    expect(ra.steps.filter((x) => !x.met).map((x) => `step ${x.i}: ${x.message}`)).toEqual([]);
    expect(ra.violations).toEqual([]);
    expect(rb.violations).toEqual([]);
    const cmp = compareRuns(ra.events, rb.events, v.scenario.steps.length);
    expect(cmp.rows.map((r) => r.step)).toContain(c.point);
    expect(c.teaches.length).toBeGreaterThan(100);
  });
});

it('comparison ids are unique and every seed debate is there', () => {
  expect(new Set(COMPARISONS.map((c) => c.id)).size).toBe(COMPARISONS.length);
  expect(COMPARISONS).toHaveLength(6);
});

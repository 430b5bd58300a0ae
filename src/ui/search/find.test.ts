import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run';
import { DEFAULT_SCENARIO } from '../../scenario/library/default';
import { SELFTESTS } from '../../scenario/library/selftests';
import { appendEvents, emptyTimeline } from '../../store/timeline';
import { buildStructure } from '../graph/structure';
import { findInRun } from './find';

const runOf = (s: typeof DEFAULT_SCENARIO) => {
  const tl = appendEvents(emptyTimeline(), runScenario(s).events);
  return { tl, st: buildStructure(tl.events) };
};

describe('findInRun', () => {
  const { tl, st } = runOf(DEFAULT_SCENARIO);
  it('finds sessions by name, in every generation', () => {
    const hits = findInRun(st, tl, 'vm1');
    expect(hits.filter((h) => h.node?.includes('/s/') && !h.node.includes('/t/')).map((h) => h.node!.slice(0, 2)).sort()).toEqual(['g0', 'g1']);
  });
  it('finds a handler or FLB by compatible, an fd by number, a file by token', () => {
    expect(findInRun(st, tl, 'hugetlb-v1').some((h) => h.node === 'g0/flb/hugetlb-v1')).toBe(true);
    expect(findInRun(st, tl, 'fd 5').map((h) => h.node)).toContain('g0/fd/5');
    expect(findInRun(st, tl, 'token 2').every((h) => /\/t\/2$/.test(h.node!))).toBe(true);
    expect(findInRun(st, tl, 'nothing like this')).toEqual([]);
  });
  it('finds failed calls by errno, with the cursor just after them', () => {
    const s = SELFTESTS.find((t) => t.scenario.steps.some((x) => x.expect && x.expect !== 'ok'))!.scenario;
    const r = runOf(s);
    const errno = r.tl.events.flatMap((ev) => (ev.type === 'result' && ev.result !== 'ok' ? [ev.result] : []))[0]!;
    const hits = findInRun(r.st, r.tl, errno.toLowerCase());
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.label).toMatch(new RegExp(`^${errno} at event \\d+ · step \\d+$`));
    expect(r.tl.events[hits[0]!.at - 1]!.type).toMatch(/result|callback/);
  });
});

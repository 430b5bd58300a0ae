import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../engine/run';
import type { LuoEvent } from '../../engine/events';
import type { Scenario, Step } from '../types';
import { validateScenario } from '../validate';
import { LIBRARY, searchLibrary, type LibraryEntry } from './index';
import { LESSONS } from './lessons';
import { SELFTESTS } from './selftests';

/** Every step whose outcome differs from its expectation: "id: step i (op): expected X, got Y". */
function unmet(id: string, scenario: Scenario, run: RunResult): string[] {
  const out: string[] = [];
  if (run.steps.length !== scenario.steps.length) out.push(`${id}: ${run.steps.length} outcomes for ${scenario.steps.length} steps`);
  for (const o of run.steps) {
    const step = scenario.steps[o.i]!;
    if (!o.met) out.push(`${id}: step ${o.i} (${step.op}): expected ${step.expect ?? '(data/name)'}, got ${o.result}${o.message ? ` — ${o.message}` : ''}`);
  }
  return out;
}

function lesson(id: string): { entry: LibraryEntry; run: RunResult } {
  const entry = LIBRARY.find((e) => e.id === id);
  if (!entry) throw new Error(`no library entry ${id}`);
  return { entry, run: runScenario(entry.scenario) };
}

type Callback = Extract<LuoEvent, { type: 'callback' }>;

const isCallback = (e: LuoEvent): e is Callback => e.type === 'callback';
const cb = (e: Callback) => `${e.owner}:${e.compatible}:${e.callback}`;
/** Callback with its site: "handler:vfio-pci-v1:freeze@vm2/2". */
const cbAt = (e: Callback) => `${cb(e)}@${e.session ?? ''}/${e.token === undefined ? '' : String(e.token)}`;

/** The callbacks emitted while step i ran, as `${owner}:${compatible}:${callback}`. */
function callbacksAt(run: RunResult, i: number, fmt: (e: Callback) => string = cb): string[] {
  return run.events.filter(isCallback).filter((e) => e.step === i).map(fmt);
}

/** Index of the n-th (0-based) step matching a predicate. */
function stepIndex(s: Scenario, pred: (st: Step) => boolean, n = 0): number {
  const idx = s.steps.map((st, i) => (pred(st) ? i : -1)).filter((i) => i >= 0);
  const i = idx[n];
  if (i === undefined) throw new Error(`no step #${n} matching`);
  return i;
}

const op = (name: Step['op']) => (st: Step) => st.op === name;
const opOn = (name: Step['op'], key: string, value: string) => (st: Step) =>
  st.op === name && (st as unknown as Record<string, unknown>)[key] === value;

function outgoingCounts(run: RunResult, flb: string): number[] {
  return run.events.flatMap((e) => (e.type === 'flb' && e.side === 'outgoing' && e.compatible === flb ? [e.count] : []));
}

describe('built-in library', () => {
  it('has unique ids, lessons first, then the selftests, then the default scenario', () => {
    const ids = LIBRARY.map((e) => e.id);
    expect(new Set(ids).size, `duplicate ids: ${ids.filter((x, i) => ids.indexOf(x) !== i).join(', ')}`).toBe(ids.length);
    expect(LIBRARY.slice(0, LESSONS.length).map((e) => e.id)).toEqual(LESSONS.map((l) => l.id));
    expect(LIBRARY.slice(LESSONS.length, LESSONS.length + SELFTESTS.length).map((e) => e.id)).toEqual(SELFTESTS.map((t) => t.id));
    expect(LIBRARY.at(-1)?.id).toBe('flb-across-kexec');
    for (const t of SELFTESTS) {
      const e = LIBRARY.find((x) => x.id === t.id)!;
      expect(e.scenario).toBe(t.scenario); // wrapped, not copied
      expect(e.tags).toContain('selftest');
      expect(e.summary).toContain(t.source);
    }
  });

  it('gives every lesson a one-sentence summary, 2–4 sentences of teaches, tags and notes', () => {
    for (const l of LESSONS) {
      expect(l.id, l.id).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      expect(l.title.length, `${l.id}: title`).toBeGreaterThan(0);
      expect(l.summary.trim(), `${l.id}: summary`).toMatch(/[.!?]$/);
      const sentences = l.teaches.split(/(?<=[.!?])\s+/).filter(Boolean);
      expect(sentences.length, `${l.id}: teaches has ${sentences.length} sentences`).toBeGreaterThanOrEqual(2);
      expect(sentences.length, `${l.id}: teaches has ${sentences.length} sentences`).toBeLessThanOrEqual(4);
      expect(l.tags.length, `${l.id}: tags`).toBeGreaterThan(0);
      expect(l.scenario.steps.some((s) => s.note), `${l.id}: notes`).toBe(true);
      expect(l.scenario.steps.some((s) => s.expect !== undefined), `${l.id}: expectations`).toBe(true);
    }
  });

  for (const entry of LIBRARY) {
    describe(entry.id, () => {
      it('validates', () => {
        const v = validateScenario(JSON.parse(JSON.stringify(entry.scenario)));
        expect(v.ok, v.ok ? '' : `${entry.id} does not validate: ${JSON.stringify(v.issues)}`).toBe(true);
      });

      it('meets every expectation, with no invariant violation', { timeout: 120_000 }, () => {
        const run = runScenario(entry.scenario);
        const failures = unmet(entry.id, entry.scenario, run);
        expect(failures, failures.join('\n')).toEqual([]);
        const violations = run.violations.map((v) => `${entry.id}: step ${v.step} (${entry.scenario.steps[v.step]?.op ?? '?'}): ${v.rule}: ${v.message}`);
        expect(violations, violations.join('\n')).toEqual([]);
        expect(run.ok).toBe(true);
      });
    });
  }
});

describe('searchLibrary', () => {
  it('finds the FLB lessons', () => {
    const ids = searchLibrary('flb').map((e) => e.id);
    for (const id of ['flb-shared-two-handlers', 'flb-enodata-vs-enoent', 'flb-lazy-retrieve', 'pci-hot-unplug-outgoing-refcount', 'flb-across-kexec']) {
      expect(ids, id).toContain(id);
    }
    expect(ids).not.toContain('retrieve-error-retried-6.19');
  });

  it('finds the ENODATA lesson, case-insensitively', () => {
    expect(searchLibrary('enodata')[0]?.id).toBe('flb-enodata-vs-enoent');
    expect(searchLibrary('ENODATA').map((e) => e.id)).toContain('flb-enodata-vs-enoent');
  });

  it('requires every word to match', () => {
    const both = searchLibrary('freeze unfreeze').map((e) => e.id);
    expect(both).toContain('freeze-failure-rollback');
    expect(searchLibrary('freeze zzzz-no-such-word')).toEqual([]);
    const selftests = searchLibrary('selftest kexec').map((e) => e.id);
    expect(selftests).toContain('kexec-simple');
    expect(selftests).not.toContain('basic-open-close');
  });

  it('returns everything for an empty query', () => {
    expect(searchLibrary('  ')).toHaveLength(LIBRARY.length);
  });
});

describe('lesson event logs', () => {
  it('flb-shared-two-handlers: FLB preserve on the first file, unpreserve on the last; count 1→2→1→0', () => {
    const { entry, run } = lesson('flb-shared-two-handlers');
    const s = entry.scenario;
    expect(callbacksAt(run, stepIndex(s, opOn('preserve_fd', 'fd', 'ram1')))).toEqual([
      'handler:memfd-v1:can_preserve',
      'handler:hugetlb-memfd-v1:can_preserve',
      'handler:hugetlb-memfd-v1:get_id',
      'flb:hugetlb-v1:preserve',
      'handler:hugetlb-memfd-v1:preserve',
    ]);
    expect(callbacksAt(run, stepIndex(s, opOn('preserve_fd', 'fd', 'ram2')))).toEqual([
      'handler:memfd-v1:can_preserve',
      'handler:hugetlb-memfd-v1:can_preserve',
      'handler:guest-memfd-v1:can_preserve',
      'handler:guest-memfd-v1:get_id',
      'handler:guest-memfd-v1:preserve',
    ]);
    expect(callbacksAt(run, stepIndex(s, opOn('close', 'fd', 's1')), cbAt)).toEqual([
      'handler:memfd-v1:unpreserve@vm1/2',
      'handler:hugetlb-memfd-v1:unpreserve@vm1/1',
    ]);
    expect(callbacksAt(run, stepIndex(s, opOn('close', 'fd', 's2')))).toEqual(['handler:guest-memfd-v1:unpreserve', 'flb:hugetlb-v1:unpreserve']);
    expect(run.events.filter(isCallback).filter((e) => e.owner === 'flb').map(cb)).toEqual(['flb:hugetlb-v1:preserve', 'flb:hugetlb-v1:unpreserve']);
    expect(outgoingCounts(run, 'hugetlb-v1')).toEqual([1, 2, 1, 0]);
    const handover = run.events.find((e) => e.type === 'handover');
    expect(handover?.type === 'handover' && handover.image.flbs).toEqual([]);
  });

  it('freeze-failure-rollback: unfreeze forward in the failing session, then the earlier session; nothing handed over', () => {
    const { entry, run } = lesson('freeze-failure-rollback');
    const first = stepIndex(entry.scenario, op('kexec'), 0);
    const second = stepIndex(entry.scenario, op('kexec'), 1);
    expect(run.steps[first]?.result).toBe('ETIMEDOUT');
    expect(callbacksAt(run, first, cbAt)).toEqual([
      'handler:iommufd-v1:freeze@vm1/1',
      'handler:vfio-pci-v1:freeze@vm2/1',
      'handler:vfio-pci-v1:freeze@vm2/2',
      'handler:vfio-pci-v1:unfreeze@vm2/1',
      'handler:iommufd-v1:unfreeze@vm1/1',
    ]);
    const failed = run.events.filter(isCallback).find((e) => e.step === first && e.callback === 'freeze' && e.token === 2);
    expect(failed?.result).toBe('ETIMEDOUT');
    expect(run.events.filter((e) => e.step === first && (e.type === 'handover' || e.type === 'boot'))).toEqual([]);
    expect(run.events.some((e) => e.step === first && e.type === 'kexec' && e.phase === 'flb_serialize')).toBe(false);
    expect(callbacksAt(run, second)).toEqual(['handler:iommufd-v1:freeze', 'handler:vfio-pci-v1:freeze', 'handler:vfio-pci-v1:freeze']);
    const handover = run.events.find((e) => e.type === 'handover');
    expect(handover?.step).toBe(second);
    if (handover?.type === 'handover') {
      expect(handover.image.sessions.map((x) => [x.name, x.files.length])).toEqual([['vm1', 1], ['vm2', 2]]);
      expect(handover.image.flbs?.map((f) => [f.name, f.count])).toEqual([['iommu-core-v1', 3], ['pci-v1', 2]]);
    }
  });

  it('can-finish-ebusy: EBUSY finishes nothing; the second FINISH finishes last to first, FLBs after their last reference', () => {
    const { entry, run } = lesson('can-finish-ebusy');
    const s = entry.scenario;
    const refused = stepIndex(s, op('finish'), 0);
    const accepted = stepIndex(s, op('finish'), 1);
    expect(run.steps[refused]?.result).toBe('EBUSY');
    expect(callbacksAt(run, refused, cbAt)).toEqual(['handler:vfio-pci-v1:can_finish@vm1/1', 'handler:vfio-pci-v1:can_finish@vm1/2']);
    expect(run.events.filter(isCallback).filter((e) => e.step === refused).map((e) => e.result)).toEqual([true, false]);
    expect(run.events.filter((e) => e.step === refused && (e.type === 'file_finished' || e.type === 'flb'))).toEqual([]);
    expect(callbacksAt(run, accepted, cbAt)).toEqual([
      'handler:vfio-pci-v1:can_finish@vm1/1',
      'handler:vfio-pci-v1:can_finish@vm1/2',
      'handler:vfio-pci-v1:finish@vm1/2',
      'handler:vfio-pci-v1:finish@vm1/1',
    ]);
    expect(callbacksAt(run, stepIndex(s, opOn('flb_put_incoming', 'flb', 'iommu-core-v1')))).toEqual(['flb:iommu-core-v1:finish']);
    expect(callbacksAt(run, stepIndex(s, opOn('flb_put_incoming', 'flb', 'pci-v1')))).toEqual(['flb:pci-v1:finish']);
  });

  it('flb-lazy-retrieve: retrieve() on the first get_incoming, finish() after the last file and the last put', () => {
    const { entry, run } = lesson('flb-lazy-retrieve');
    const s = entry.scenario;
    const firstGet = stepIndex(s, op('flb_get_incoming'), 0);
    const lastPut = stepIndex(s, op('flb_put_incoming'), 1);
    const flbCallbacks = run.events.filter(isCallback).filter((e) => e.owner === 'flb' && e.gen === 1);
    expect(flbCallbacks.map((e) => [e.step, cb(e)])).toEqual([
      [firstGet, 'flb:hugetlb-v1:retrieve'],
      [lastPut, 'flb:hugetlb-v1:finish'],
    ]);
    expect(callbacksAt(run, stepIndex(s, op('flb_get_incoming'), 1))).toEqual([]);
    const finish = flbCallbacks[1]!;
    const handlerFinishes = run.events.filter(isCallback).filter((e) => e.owner === 'handler' && e.callback === 'finish');
    expect(handlerFinishes.map(cbAt)).toEqual(['handler:hugetlb-memfd-v1:finish@vm1/2', 'handler:hugetlb-memfd-v1:finish@vm1/1']);
    expect(handlerFinishes.every((e) => e.seq < finish.seq)).toBe(true);
    const incoming = run.events.flatMap((e) => (e.type === 'flb' && e.side === 'incoming' ? [e.count] : []));
    expect(incoming).toEqual([2, 3, 4, 3, 2, 1, 0, 0]);
    expect(run.steps[stepIndex(s, op('flb_get_incoming'), 2)]?.result).toBe('ENODATA');
  });

  it('pci-hot-unplug-outgoing-refcount: the outgoing reference keeps pci-v1 preserved past the last file', () => {
    const { entry, run } = lesson('pci-hot-unplug-outgoing-refcount');
    const s = entry.scenario;
    expect(callbacksAt(run, stepIndex(s, op('preserve_fd')))).toEqual([
      'handler:memfd-v1:can_preserve',
      'handler:vfio-pci-v1:can_preserve',
      'handler:vfio-pci-v1:get_id',
      'flb:pci-v1:preserve',
      'flb:iommu-core-v1:preserve',
      'handler:vfio-pci-v1:preserve',
    ]);
    expect(callbacksAt(run, stepIndex(s, opOn('close', 'fd', 's1')))).toEqual(['handler:vfio-pci-v1:unpreserve', 'flb:iommu-core-v1:unpreserve']);
    expect(callbacksAt(run, stepIndex(s, op('flb_put_outgoing')))).toEqual(['flb:pci-v1:unpreserve']);
    expect(outgoingCounts(run, 'pci-v1')).toEqual([1, 2, 1, 0]);
    expect(outgoingCounts(run, 'iommu-core-v1')).toEqual([1, 0]);
  });

  it('two-kexecs-in-a-row: liveupdate number 1, then 2', () => {
    const { run } = lesson('two-kexecs-in-a-row');
    expect(run.events.flatMap((e) => (e.type === 'boot' ? [e.liveupdateNum] : []))).toEqual([0, 1, 2]);
  });

  it('kexec-into-older-kernel-panics: the new kernel panics and every later step is halted', () => {
    const { entry, run } = lesson('kexec-into-older-kernel-panics');
    const k = stepIndex(entry.scenario, op('kexec'));
    expect(run.events.some((e) => e.type === 'panic' && e.step === k)).toBe(true);
    const later = run.steps.filter((o) => o.i > k);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((o) => o.result === 'halted')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult, type StepOutcome } from '../../../engine/run';
import type { Scenario } from '../../types';
import { validateScenario } from '../../validate';
import { SELFTESTS } from './index';

/** Every mismatch between what a step expects and what the engine returned, one line each. */
function stepFailures(scenario: Scenario, run: RunResult): string[] {
  const out: string[] = [];
  const byIndex = new Map<number, StepOutcome>();
  for (const o of run.steps) byIndex.set(o.i, o);
  if (run.steps.length !== scenario.steps.length) {
    out.push(`the run reports ${run.steps.length} step outcomes for ${scenario.steps.length} steps`);
  }
  scenario.steps.forEach((step, i) => {
    const o = byIndex.get(i);
    const where = `step ${i} (${step.op})`;
    if (!o) {
      out.push(`${where}: no outcome`);
      return;
    }
    const detail = o.message ? ` — ${o.message}` : '';
    if (step.expect !== undefined) {
      if (!o.met || o.result !== step.expect) {
        out.push(`${where}: expected ${step.expect}, got ${o.result} (met=${String(o.met)})${detail}`);
      }
    } else if (o.result !== 'ok') {
      // Steps the kernel test does not check (a close after preserve, the device close before
      // the kexec) still succeed in the kernel.
      out.push(`${where}: unchecked step expected to succeed, got ${o.result}${detail}`);
    }
    if (step.op === 'read' && step.data !== undefined && o.data !== step.data) {
      out.push(`${where}: expected data ${JSON.stringify(step.data)}, got ${JSON.stringify(o.data)}`);
    }
    if (step.op === 'get_name' && step.name !== undefined && o.name !== step.name) {
      out.push(`${where}: expected name ${JSON.stringify(step.name)}, got ${JSON.stringify(o.name)}`);
    }
  });
  return out;
}

interface CallbackEvent {
  type: 'callback';
  owner: string;
  compatible: string;
  callback: string;
  token?: number | string;
}

function isCallback(e: unknown): e is CallbackEvent {
  return typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'callback';
}

describe('kernel LUO selftests as scenarios', () => {
  it('has unique ids and a source for every entry', () => {
    const ids = SELFTESTS.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of SELFTESTS) {
      expect(t.source).toMatch(/^tools\/testing\/selftests\/liveupdate\/\S+\.c/);
      expect(t.title.length).toBeGreaterThan(0);
    }
  });

  for (const { id, scenario } of SELFTESTS) {
    describe(id, () => {
      it('survives a JSON round trip', () => {
        expect(JSON.parse(JSON.stringify(scenario))).toEqual(scenario);
      });

      it('validates', () => {
        const v = validateScenario(JSON.parse(JSON.stringify(scenario)));
        expect(v.ok, v.ok ? '' : `${id} does not validate: ${JSON.stringify(v.issues)}`).toBe(true);
      });

      it('meets every step expectation, with no invariant violation', { timeout: 120_000 }, () => {
        const run = runScenario(scenario);
        const failures = stepFailures(scenario, run);
        expect(failures, `${id}:\n${failures.join('\n')}`).toEqual([]);
        expect(run.violations, `${id}: invariant violations`).toEqual([]);
        expect(run.ok, `${id}: run.ok`).toBe(true);
      });
    });
  }

  it('kexec-simple: the memfd handler sees preserve, freeze, retrieve, finish for token 0x1a in order', () => {
    const entry = SELFTESTS.find((t) => t.id === 'kexec-simple');
    expect(entry).toBeDefined();
    const run = runScenario(entry!.scenario);
    const wanted = ['preserve', 'freeze', 'retrieve', 'finish'];
    const seen: string[] = [];
    for (const e of run.events) {
      if (!isCallback(e)) continue;
      if (e.owner !== 'handler' || e.compatible !== 'memfd-v1' || e.token !== 0x1a) continue;
      if (e.callback === wanted[seen.length]) seen.push(e.callback);
    }
    expect(seen, 'memfd-v1 callbacks for token 26, in order').toEqual(wanted);
  });
});

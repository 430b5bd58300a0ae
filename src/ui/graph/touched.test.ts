import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run';
import { freezeFailureRollback } from '../../scenario/library/lessons/freeze-failure-rollback';
import { touchedBy } from './render';

describe('touchedBy', () => {
  it('puts the errno of a failed handler callback on the file it failed on, not on the handler (#13)', () => {
    const events = runScenario(freezeFailureRollback.scenario).events;
    const i = events.findIndex((ev) => ev.type === 'callback' && ev.owner !== 'flb' && ev.session !== undefined && ev.result !== undefined && ev.result !== 'ok' && ev.result !== true && ev.callback !== 'can_preserve');
    expect(i).toBeGreaterThan(0);
    const ev = events[i]!;
    const { failed } = touchedBy(events, i, i + 1);
    const [[id, errno]] = [...failed];
    expect(id).toMatch(new RegExp(`^g${ev.gen}/s/\\d+/t/${String((ev as { token?: unknown }).token)}$`));
    expect(errno).toBe((ev as { result: string }).result);
  });
});

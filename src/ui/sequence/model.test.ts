import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run';
import { freezeFailureRollback } from '../../scenario/library/lessons/freeze-failure-rollback';
import { DEFAULT_SCENARIO } from '../../scenario/library/default';
import { buildSequence, filterRows, rowAtCursor } from './model';

describe('the call sequence', () => {
  const events = runScenario(DEFAULT_SCENARIO).events;
  const seq = buildSequence(events);
  it('has the agent, the core, each session, handler and FLB as lifelines', () => {
    const kinds = seq.lifelines.map((l) => l.kind);
    expect(kinds.slice(0, 2)).toEqual(['agent', 'core']);
    expect(seq.lifelines.some((l) => l.label === 'session "vm1" · gen 0')).toBe(true);
    expect(seq.lifelines.some((l) => l.label === 'FLB hugetlb-v1')).toBe(true);
    expect(kinds).toContain('handler');
  });
  it('one call and one return per ioctl and per callback, a kexec band, rows in event order', () => {
    const steps = events.filter((e) => e.type === 'step').length;
    expect(seq.rows.filter((r) => r.from === 0 && r.to === 1).length).toBe(steps);
    const callbacks = events.filter((e) => e.type === 'callback').length;
    expect(seq.rows.filter((r) => r.kind === 'return' && r.from > 1).length).toBe(callbacks);
    expect(seq.rows.filter((r) => r.kind === 'kexec').length).toBe(1);
    for (let i = 1; i < seq.rows.length; i++) expect(seq.rows[i]!.event).toBeGreaterThanOrEqual(seq.rows[i - 1]!.event);
  });
  it('finds the row of the cursor', () => {
    expect(rowAtCursor(seq, 0)).toBe(-1);
    const r = rowAtCursor(seq, events.length);
    expect(r).toBe(seq.rows.length - 1);
    const mid = seq.rows[10]!.event + 1;
    expect(seq.rows[rowAtCursor(seq, mid)]!.event).toBe(mid - 1);
  });
  it('a failed callback returns its errno; a filter keeps one lifeline or one file', () => {
    const s = buildSequence(runScenario(freezeFailureRollback.scenario).events);
    const bad = s.rows.find((r) => r.kind === 'return' && r.error && s.lifelines[r.from]!.kind === 'handler')!;
    expect(bad.error).toBe('ETIMEDOUT');
    const onFile = filterRows(s, { kind: 'file', file: bad.file! });
    expect(onFile.rows.every((r) => r.kind === 'kexec' || r.file === bad.file)).toBe(true);
    const line = filterRows(s, { kind: 'line', line: bad.from });
    expect(line.rows.every((r) => r.kind === 'kexec' || r.from === bad.from || r.to === bad.from)).toBe(true);
  });
});

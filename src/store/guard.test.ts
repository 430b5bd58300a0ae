// Safe start (#12 item 1): a run that never ended makes the next start safe, keeps the draft.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEPT_DRAFT_KEY, RUN_GUARD_KEY, STALE_MS, guardRuns, keepDraft, runDied, startGuarded, useSafeStart } from './guard';
import { DRAFT_KEY, useLuo } from './store';

class MemoryStorage {
  map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
  useSafeStart.setState({ safe: null });
  useLuo.setState({ status: 'idle' });
});
afterEach(() => vi.unstubAllGlobals());

describe('runDied', () => {
  it('no marker, or a fresh one (another tab running now): no; a stale or broken one: yes', () => {
    expect(runDied(storage, 10_000)).toBe(false);
    storage.setItem(RUN_GUARD_KEY, JSON.stringify({ at: 10_000 }));
    expect(runDied(storage, 10_000 + STALE_MS - 1)).toBe(false);
    expect(runDied(storage, 10_000 + STALE_MS + 1)).toBe(true);
    storage.setItem(RUN_GUARD_KEY, '{not json');
    expect(runDied(storage, 0)).toBe(true);
  });
});

describe('guardRuns', () => {
  it('beats while the store runs and clears when the run ends', () => {
    const stop = guardRuns(storage);
    expect(storage.getItem(RUN_GUARD_KEY)).toBeNull();
    useLuo.setState({ status: 'running', runId: 100 });
    expect(JSON.parse(storage.getItem(RUN_GUARD_KEY)!).at).toBeTypeOf('number');
    useLuo.setState({ status: 'done' });
    expect(storage.getItem(RUN_GUARD_KEY)).toBeNull();
    useLuo.setState({ status: 'running', runId: 101 });
    useLuo.setState({ status: 'failed' });
    expect(storage.getItem(RUN_GUARD_KEY)).toBeNull();
    stop();
  });
});

describe('startGuarded', () => {
  it('opens normally when the last run ended', () => {
    const open = vi.fn();
    const fallback = vi.fn();
    startGuarded(open, fallback, 50_000)();
    expect(open).toHaveBeenCalledOnce();
    expect(fallback).not.toHaveBeenCalled();
    expect(useSafeStart.getState().safe).toBeNull();
  });

  it('after a run that died: the fallback instead of the draft or link, the draft kept under another key', () => {
    const draft = JSON.stringify({ scenario: { format: 'luoscope-scenario', version: 1, title: 'the crasher', steps: [] }, dirty: true });
    storage.setItem(DRAFT_KEY, draft);
    storage.setItem(RUN_GUARD_KEY, JSON.stringify({ at: 1000 }));
    const open = vi.fn();
    const fallback = vi.fn(() => storage.setItem(DRAFT_KEY, 'the default overwrote it'));
    startGuarded(open, fallback, 1000 + STALE_MS + 1)();
    expect(open).not.toHaveBeenCalled();
    expect(fallback).toHaveBeenCalledOnce();
    expect(storage.getItem(KEPT_DRAFT_KEY)).toBe(draft);
    expect(useSafeStart.getState().safe).toMatchObject({ draft });
  });
});

describe('drafts that cannot be loaded', () => {
  it('a draft that does not validate is kept under another key and offered, not replaced silently', () => {
    const raw = JSON.stringify({ scenario: { format: 'luoscope-scenario', version: 99, steps: [{ op: 'teleport' }] }, dirty: true });
    storage.setItem(DRAFT_KEY, raw);
    const open = vi.fn(() => storage.setItem(DRAFT_KEY, 'the default overwrote it'));
    startGuarded(open, vi.fn(), 0)();
    expect(open).toHaveBeenCalledOnce();
    expect(storage.getItem(KEPT_DRAFT_KEY)).toBe(raw);
    expect(useSafeStart.getState().safe).toMatchObject({ reason: 'unloadable', keptAs: KEPT_DRAFT_KEY, draft: raw });
  });

  it('a valid draft is not kept aside', () => {
    storage.setItem(DRAFT_KEY, JSON.stringify({ scenario: { format: 'luoscope-scenario', version: 1, steps: [] }, dirty: false }));
    startGuarded(vi.fn(), vi.fn(), 0)();
    expect(storage.getItem(KEPT_DRAFT_KEY)).toBeNull();
    expect(useSafeStart.getState().safe).toBeNull();
  });

  it('keepDraft never writes over another kept draft', () => {
    expect(keepDraft(storage, 'one')).toBe(KEPT_DRAFT_KEY);
    expect(keepDraft(storage, 'two')).toBe(`${KEPT_DRAFT_KEY}-2`);
    expect(keepDraft(storage, 'one')).toBe(KEPT_DRAFT_KEY);
    expect(storage.getItem(KEPT_DRAFT_KEY)).toBe('one');
  });
});

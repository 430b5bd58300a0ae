// Start-up that cannot be bricked: while a run is in progress the page keeps a heartbeat
// in storage. If the page finds a stale heartbeat at start, the last run never ended (the
// tab crashed, or was killed running it): it starts in safe mode with the default scenario,
// keeps the draft under KEPT_DRAFT_KEY and offers it as a file, and opens nothing else.
import { create } from 'zustand';
import { validateScenario } from '../scenario/validate';
import { DRAFT_KEY, loadDraft, useLuo } from './store';

export const RUN_GUARD_KEY = 'luoscope-run-guard';
/** where a draft that may have crashed the page is kept */
export const KEPT_DRAFT_KEY = 'luoscope-draft-kept';
const HEARTBEAT_MS = 1000;
/** a heartbeat older than this is a run that died (a live one beats every second) */
export const STALE_MS = 5000;

export interface SafeStart {
  /** crash: the last run never ended; unloadable: the draft does not validate (a newer luoscope's?) */
  reason: 'crash' | 'unloadable';
  /** the storage key the draft is kept under */
  keptAs: string | null;
  /** the draft found at start, as stored (it may not even parse) */
  draft: string | null;
  /** the link (fragment) the page was opened with, not opened */
  hash: string;
}

export const useSafeStart = create<{ safe: SafeStart | null }>(() => ({ safe: null }));

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;
const store = (): Storage | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
};

/** Keep a draft's text under a key of its own (never over another kept draft); returns the key. */
export function keepDraft(s: Storage | null, text: string): string | null {
  try {
    for (let n = 1; n < 100; n++) {
      const key = n === 1 ? KEPT_DRAFT_KEY : `${KEPT_DRAFT_KEY}-${n}`;
      const there = s?.getItem(key);
      if (there === text) return key;
      if (there === null || there === undefined) {
        s?.setItem(key, text);
        return key;
      }
    }
  } catch {
    // storage full or disabled
  }
  return null;
}

/** Another tab saved its draft over this one's: say so (the last to save wins). */
export function watchOtherTabs(): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key !== DRAFT_KEY || e.newValue === null) return;
    useLuo.getState().setNotice("Another luoscope tab saved its draft: a reload would open that one, and this tab's next change saves over it. Export this scenario or copy its link to keep both.");
  };
  globalThis.addEventListener?.('storage', onStorage);
  return () => globalThis.removeEventListener?.('storage', onStorage);
}

/** Did a run of an earlier page start and never end? */
export function runDied(s: Storage | null, now: number): boolean {
  try {
    const t = s?.getItem(RUN_GUARD_KEY);
    if (!t) return false;
    const at = Number((JSON.parse(t) as { at?: unknown }).at);
    return !Number.isFinite(at) || now - at > STALE_MS;
  } catch {
    return true;
  }
}

/** Keep the heartbeat while the store's run is in progress; returns the stop function. */
export function guardRuns(s: Storage | null = store()): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const beat = () => {
    try {
      s?.setItem(RUN_GUARD_KEY, JSON.stringify({ at: Date.now() }));
    } catch {
      // storage full or disabled: no guard
    }
  };
  const clear = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
    try {
      s?.removeItem(RUN_GUARD_KEY);
    } catch {
      // nothing to clear
    }
  };
  const follow = (status: string) => {
    if (status === 'running') {
      beat();
      timer ??= setInterval(beat, HEARTBEAT_MS);
    } else clear();
  };
  follow(useLuo.getState().status);
  const unsubscribe = useLuo.subscribe((st, prev) => {
    if (st.status !== prev.status || st.runId !== prev.runId) follow(st.status);
  });
  // closing the tab mid-run is not a crash
  const onHide = () => {
    if (timer !== null) clear();
  };
  globalThis.addEventListener?.('pagehide', onHide);
  return () => {
    unsubscribe();
    globalThis.removeEventListener?.('pagehide', onHide);
    clear();
  };
}

/**
 * At start: if the last run died, enter safe mode (keep the draft, remember the link, run
 * `fallback` instead of `open`); otherwise `open`. Then guard every run of this page.
 */
export function startGuarded(open: () => void, fallback: () => void, now = Date.now()): () => void {
  const s = store();
  if (runDied(s, now)) {
    let draft: string | null = null;
    try {
      draft = s?.getItem(DRAFT_KEY) ?? null;
    } catch {
      // no storage
    }
    const keptAs = draft !== null ? keepDraft(s, draft) : null;
    try {
      s?.removeItem(RUN_GUARD_KEY);
    } catch {
      // nothing to clear
    }
    useSafeStart.setState({ safe: { reason: 'crash', keptAs, draft, hash: globalThis.location?.hash ?? '' } });
    const stop = guardRuns(s);
    fallback();
    return stop;
  }
  // a draft that does not validate is kept and offered, never silently replaced
  let raw: string | null = null;
  try {
    raw = s?.getItem(DRAFT_KEY) ?? null;
  } catch {
    // no storage
  }
  if (raw !== null) {
    const d = loadDraft();
    if (!d || !validateScenario(d.scenario).ok) useSafeStart.setState({ safe: { reason: 'unloadable', keptAs: keepDraft(s, raw), draft: raw, hash: '' } });
  }
  const stop = guardRuns(s);
  open();
  return stop;
}

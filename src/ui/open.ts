// Opening scenarios from the URL: a share link (#s=), a tool link (#json=), a tour stop
// (#tour=), the autosaved draft, or the default lesson. A bad link shows an alert and
// changes nothing. Share links and tours are decoded by code loaded only when one is opened.
import { DEFAULT_SCENARIO } from '../scenario/library/default';
import { readFragment } from '../scenario/links';
import type { LocationResult } from '../scenario/share';
import { loadDraft, useLuo } from '../store/store';
import { useCompare } from '../store/compare';

export function openFromLocation(first: boolean): void {
  const hash = window.location.hash;
  if (hash.startsWith('#tour=')) {
    void import('../store/tour').then((m) => openTour(m, hash, first));
    return;
  }
  if (/^#(.*&)?s=/.test(hash)) {
    void Promise.all([import('../scenario/share'), import('../compare/link')]).then(([m, c]) => {
      openResult(m.readLocation(hash), first, () => openCompare(c.readCompareParam(hash)));
    });
    return;
  }
  const f = readFragment(hash);
  openResult(f.kind === 'json' ? { kind: 'scenario', scenario: f.value, step: null } : f.kind === 'error' ? { kind: 'error', message: f.message } : { kind: 'none' }, first);
}

function openTour(m: typeof import('../store/tour'), hash: string, first: boolean): void {
  const s = useLuo.getState();
  const t = m.parseTourFragment(hash);
  if (t && !('error' in t)) {
    m.goToStop(t.id, t.stop);
    if (t.warning) s.setNotice(t.warning);
  }
  else if (t) {
    s.setAlert(t.error);
    if (first) keepAlert(() => s.load(DEFAULT_SCENARIO, { intro: true }));
  }
}

/** `compare`: called right before the link's scenario is opened (compare mode or not). */
function openResult(r: LocationResult, first: boolean, compare?: () => void): void {
  const s = useLuo.getState();
  if (r.kind === 'scenario') {
    if (r.warning) s.setNotice(r.warning);
    if (first) {
      // the last visit's unsaved draft counts as unsaved work
      const d = loadDraft();
      if (d?.dirty) s.restore(d);
    }
    compare?.();
    // a link's event position (at=), taken inside its step (store/landing.ts)
    const at = r.at !== undefined ? { cursor: r.at } : {};
    if (first && useLuo.getState().scenario === null) s.load(r.scenario, { source: 'The link', step: r.step, ...at });
    else s.requestOpen(r.scenario, { source: 'The link', step: r.step, ...at });
    if (useLuo.getState().scenario === null) keepAlert(() => s.load(DEFAULT_SCENARIO, { intro: true }));
    return;
  }
  if (r.kind === 'error') s.setAlert(r.message);
  if (!first) return;
  keepAlert(() => {
    const d = loadDraft();
    if (!d || !s.restore(d)) s.load(DEFAULT_SCENARIO, { intro: true });
  });
}

/** A link with `&b=` opens in compare mode; one without it, alone (as links always did). */
function openCompare(p: import('../compare/link').CompareParam): void {
  useCompare.getState().openWith(p.kind === 'compare' ? p.b : null);
  // shown after the scenario opened (a load clears the alert)
  if (p.kind === 'error') queueMicrotask(() => useLuo.getState().setAlert(p.message));
}

/** A fallback load must not hide the alert that explains why it happened. */
function keepAlert(f: () => void): void {
  const alert = useLuo.getState().alert;
  f();
  if (alert) useLuo.getState().setAlert(alert);
}

// Opening scenarios from the URL: a share link (#s=), a tool link (#json=), the autosaved
// draft, or the default lesson. A bad link shows an alert and changes nothing.
import { DEFAULT_SCENARIO } from '../scenario/library/default';
import { readLocation } from '../scenario/share';
import { loadDraft, useLuo } from '../store/store';
import { goToStop, parseTourFragment } from '../store/tour';

export function openFromLocation(first: boolean): void {
  const s = useLuo.getState();
  const t = parseTourFragment(window.location.hash);
  if (t && !('error' in t)) {
    goToStop(t.id, t.stop);
    return;
  }
  if (t && 'error' in t) {
    s.setAlert(t.error);
    if (first) keepAlert(() => s.load(DEFAULT_SCENARIO));
    return;
  }
  const r = readLocation(window.location.hash);
  if (r.kind === 'scenario') {
    if (r.warning) s.setNotice(r.warning);
    if (first) {
      // the last visit's unsaved draft counts as unsaved work
      const d = loadDraft();
      if (d?.dirty) s.restore(d);
    }
    if (first && useLuo.getState().scenario === null) s.load(r.scenario, { source: 'The link', step: r.step });
    else s.requestOpen(r.scenario, { source: 'The link', step: r.step });
    if (useLuo.getState().scenario === null) keepAlert(() => s.load(DEFAULT_SCENARIO));
    return;
  }
  if (r.kind === 'error') s.setAlert(r.message);
  if (!first) return;
  keepAlert(() => {
    const d = loadDraft();
    if (!d || !s.restore(d)) s.load(DEFAULT_SCENARIO);
  });
}

/** A fallback load must not hide the alert that explains why it happened. */
function keepAlert(f: () => void): void {
  const alert = useLuo.getState().alert;
  f();
  if (alert) useLuo.getState().setAlert(alert);
}

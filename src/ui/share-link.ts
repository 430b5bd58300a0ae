// The share link of the current scenario at the cursor's step.
import { encodeShare } from '../scenario/share';
import { useLuo } from '../store/store';
import { stepAt } from '../store/timeline';

export function shareLink(): string {
  const s = useLuo.getState();
  const step = stepAt(s.timeline, s.cursor);
  const frag = encodeShare(s.scenario!, { step: step >= 0 ? step : null });
  return `${location.origin}${location.pathname}${location.search}${frag}`;
}


// The share link of the current scenario at the cursor: its step (n=) and event (at=).
import { encodeShare } from '../scenario/share';
import { useLuo } from '../store/store';
import { stepAt } from '../store/timeline';
import { useCompare } from '../store/compare';
import { encodeCompareParam } from '../compare/link';

export function shareLink(): string {
  const s = useLuo.getState();
  const step = stepAt(s.timeline, s.cursor);
  const b = useCompare.getState().b;
  // compare mode: kernel B rides along (&b=); the scenario part is the same as without it
  const frag = encodeShare(s.scenario!, { step: step >= 0 ? step : null, at: s.cursor }) + (b ? `&${encodeCompareParam(b, s.scenario!.version)}` : '');
  return `${location.origin}${location.pathname}${location.search}${frag}`;
}


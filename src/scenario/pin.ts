// Links and exported files must never change meaning: a format-2 scenario's `latest` follows
// mainline, so whatever luoscope writes names the release it resolved to instead.
import { resolveProfileId, type ResolvedScenario, type Step } from './types';

/** The scenario with every `latest` of a format-2 scenario replaced by the release it means now. */
export function pinLatest(s: ResolvedScenario): ResolvedScenario {
  if (s.version === 1) return s; // format 1's latest is v1-latest for ever: nothing to pin
  const pin = <T extends { profile?: ResolvedScenario['kernel']['profile'] }>(x: T): T =>
    x.profile === 'latest' ? { ...x, profile: resolveProfileId('latest', s.version) } : x;
  let changed = s.kernel.profile === 'latest';
  const steps = s.steps.map((st): Step => {
    if (st.op !== 'kexec' || st.profile !== 'latest') return st;
    changed = true;
    return pin(st);
  });
  return changed ? { ...s, kernel: pin(s.kernel), steps } : s;
}

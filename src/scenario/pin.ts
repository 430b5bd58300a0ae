// Links and exported files must never change meaning: a format-2 scenario's `latest` follows
// mainline, so whatever luoscope writes names the release it resolved to instead.
import { resolveProfileId, type Scenario, type Step } from './types';

/** The scenario with every `latest` (said or implied) of a format-2 scenario replaced by the release it means now. */
export function pinLatest<S extends Scenario>(s: S): S {
  if (s.version === 1) return s; // format 1's latest is v1-latest for ever: nothing to pin
  const now = resolveProfileId('latest', s.version);
  let changed = (s.kernel?.profile ?? 'latest') === 'latest';
  const steps = s.steps.map((st): Step => {
    if (st.op !== 'kexec' || st.profile !== 'latest') return st;
    changed = true;
    return { ...st, profile: now };
  });
  if (!changed) return s;
  const kernel = (s.kernel?.profile ?? 'latest') === 'latest' ? { ...s.kernel, profile: now } : s.kernel;
  return { ...s, kernel, steps };
}

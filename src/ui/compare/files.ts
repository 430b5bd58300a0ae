// A comparison in and out of the page as a file (format in src/compare/file.ts): Export in
// compare mode writes one; Import of one opens the scenario in compare mode.
import { comparisonFile, isComparisonValue, readComparison } from '../../compare/file';
import type { ResolvedScenario } from '../../scenario/types';
import { useCompare } from '../../store/compare';
import { useLuo } from '../../store/store';
import { stepAt } from '../../store/timeline';
import { download, fileName } from '../files';

/** In compare mode, export the comparison (scenario, kernel B, step); false when not comparing. */
export function exportComparison(): boolean {
  const b = useCompare.getState().b;
  const s = useLuo.getState();
  if (!b || !s.scenario) return false;
  const step = stepAt(s.timeline, s.cursor);
  const file = comparisonFile(s.scenario as ResolvedScenario, b, step >= 0 ? step : null);
  download(fileName(`${s.scenario.title ?? 'scenario'} compare`, 'json'), `${JSON.stringify(file, null, 2)}\n`);
  s.markSaved();
  return true;
}

/** A comparison file's text: open it (compared) and return true; anything else: false. */
export function importComparison(text: string, name: string): boolean {
  let v: unknown;
  try {
    v = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return false;
  }
  if (!isComparisonValue(v)) return false;
  const c = readComparison(v);
  if (!c.ok) {
    useLuo.getState().setAlert(`${name} is not a valid comparison, so nothing changed: ${c.message}`);
    return true;
  }
  useCompare.getState().openWith(c.b);
  useLuo.getState().requestOpen(c.scenario, { source: name, step: c.step });
  return true;
}

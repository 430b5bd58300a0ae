// The built-in scenario library (SPEC §5): the lessons, the kernel selftests, and the scenario
// the app opens with. Searchable by words over title, summary, teaches and tags.
import type { Scenario } from '../types';
import { DEFAULT_SCENARIO } from './default';
import { LESSONS } from './lessons';
import { SELFTESTS } from './selftests';
import { COMPARISONS } from './comparisons';
import type { CompareKernel } from '../../compare/config';

export type LibraryKind = 'lesson' | 'selftest' | 'comparison' | 'default';

export interface LibraryEntry {
  /** unique in the library */
  id: string;
  kind: LibraryKind;
  title: string;
  /** one sentence for the list */
  summary: string;
  /** what it shows and why (lessons); the scenario's description (selftests) */
  teaches: string;
  tags: string[];
  /** selftests: the kernel file and case */
  source?: string;
  scenario: Scenario;
  /** a comparison: kernel B, run beside the scenario's own kernel (compare mode) */
  compare?: CompareKernel;
}

const lessonEntries: LibraryEntry[] = LESSONS.map((l) => ({
  id: l.id,
  kind: 'lesson',
  title: l.title,
  summary: l.summary,
  teaches: l.teaches,
  tags: [...l.tags],
  scenario: l.scenario,
}));

function profileTags(s: Scenario): string[] {
  const profile = s.kernel?.profile ?? 'latest';
  const kexec = s.steps.some((st) => st.op === 'kexec');
  return [profile, ...(kexec ? ['kexec'] : [])];
}

const selftestEntries: LibraryEntry[] = SELFTESTS.map((t) => ({
  id: t.id,
  kind: 'selftest',
  title: t.title,
  summary: `Kernel selftest ${t.source}.`,
  teaches: t.scenario.description ?? '',
  tags: ['selftest', ...profileTags(t.scenario)],
  source: t.source,
  scenario: t.scenario,
}));

const defaultEntry: LibraryEntry = {
  id: 'flb-across-kexec',
  kind: 'default',
  title: DEFAULT_SCENARIO.title ?? 'One hugetlb FLB shared by two handlers, across a kexec',
  summary:
    'The scenario the app opens with: one hugetlb-v1 FLB shared by two handlers in two sessions, carried across a kexec, retrieved on demand and finished after its last user.',
  teaches:
    'luo_flb_file_preserve() preserves the FLB with its first dependent file and counts the others; luo_flb_serialize() writes it with that count at reboot. ' +
    'In the next kernel liveupdate_flb_get_incoming() retrieves it on first use and takes a reference; luo_flb_file_finish() drops one per finished file, and the FLB finish() runs after the last file and the last liveupdate_flb_put_incoming().',
  tags: ['flb', 'kexec', 'hugetlb', 'guest-memfd', 'get_incoming', 'put_incoming', 'finish', 'default', 'latest'],
  scenario: DEFAULT_SCENARIO,
};

const comparisonEntries: LibraryEntry[] = COMPARISONS.map((c) => ({
  id: c.id,
  kind: 'comparison',
  title: c.title,
  summary: c.summary,
  teaches: c.teaches,
  tags: [...c.tags],
  scenario: c.scenario,
  compare: c.b,
}));

/** Lessons first, then the kernel selftests, the comparisons, and the app's default scenario. */
export const LIBRARY: LibraryEntry[] = [...lessonEntries, ...selftestEntries, ...comparisonEntries, defaultEntry];

/** Case-insensitive: every word of the query must occur in the title, summary, teaches or tags. */
export function searchLibrary(query: string, entries: readonly LibraryEntry[] = LIBRARY): LibraryEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  return entries.filter((e) => {
    const text = [e.title, e.summary, e.teaches, ...e.tags].join('\n').toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

// Short words for a difference row, shared by the banner, the table and the timeline marks.
import type { DiffRow } from '../../compare/diverge';

const res = (r: string | null, v?: string) => `${r ?? '—'}${v !== undefined ? ` "${v.length > 24 ? `${v.slice(0, 24)}…` : v}"` : ''}`;

export function stepLabel(r: DiffRow): string {
  return r.step < 0 ? 'boot' : `step ${r.step + 1} (${r.op})`;
}

/** "step 6 (preserve_fd): A ok, B EBUSY" */
export function rowSummary(r: DiffRow): string {
  const what =
    r.kinds.includes('halt') || r.kinds.includes('result')
      ? `A ${res(r.a.result, r.a.value)}, B ${res(r.b.result, r.b.value)}`
      : r.kinds.includes('panic')
        ? `${r.a.panicAt >= 0 ? 'A' : 'B'} panics`
        : r.kinds.includes('callbacks')
          ? r.reordered
            ? 'callbacks in another order'
            : 'other callbacks'
          : 'other counts';
  return `${stepLabel(r)}: ${what}`;
}

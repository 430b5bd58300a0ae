// The scrubber's marks as ticks: at most one per 0.1 % of its width and kind. A run of
// 14,000 kexecs drew 14,000 rects, and redrew them all on every streamed batch.
export interface Tick {
  /** percent of the strip */
  x: number;
  kind: 'kexec' | 'error';
}

export const TICK_BINS = 1000;

export function markTicks(marks: { kexec: readonly number[]; error: readonly number[] }, total: number): Tick[] {
  if (total === 0) return [];
  const bins = (at: readonly number[]) => [...new Set(at.map((i) => Math.round(((i + 1) / total) * TICK_BINS)))].map((b) => (b / TICK_BINS) * 100);
  return [...bins(marks.kexec).map((x) => ({ x, kind: 'kexec' as const })), ...bins(marks.error).map((x) => ({ x, kind: 'error' as const }))];
}

import { expect, it } from 'vitest';
import { markTicks, TICK_BINS } from './ticks';

it('draws at most one tick per bin and kind, however many kexecs (14,000 drew 14,000 rects)', () => {
  const kexec = Array.from({ length: 14_000 }, (_, i) => i * 10 + 5);
  const ticks = markTicks({ kexec, error: [3, 4, 5] }, 140_000);
  expect(ticks.filter((t) => t.kind === 'kexec').length).toBeLessThanOrEqual(TICK_BINS + 1);
  expect(ticks.filter((t) => t.kind === 'error')).toHaveLength(1);
  expect(ticks[0]).toEqual({ x: 0, kind: 'kexec' });
  expect(ticks.filter((t) => t.kind === 'kexec').at(-1)!.x).toBe(100);
});

it('keeps every mark of a short run', () => {
  expect(markTicks({ kexec: [9], error: [49] }, 100)).toEqual([
    { x: 10, kind: 'kexec' },
    { x: 50, kind: 'error' },
  ]);
  expect(markTicks({ kexec: [1], error: [] }, 0)).toEqual([]);
});

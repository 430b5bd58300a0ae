import { describe, expect, it } from 'vitest';
import { cull } from './cull';
import { HUB_EDGES } from './hub';
import type { Box } from './structure';

const area = { x0: 0, y0: 0, x1: 1000, y1: 1000 };
const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });

function world(at: Record<string, [number, number]>) {
  const box = (id: string): Box => ({ x: at[id]![0], y: at[id]![1], w: 100, h: 50 });
  return { ids: Object.keys(at), box };
}

describe('cull', () => {
  it('keeps the entities in the area, and the far end of an edge leaving it', () => {
    const { ids, box } = world({ a: [10, 10], b: [500, 500], far: [5000, 5000], lost: [9000, 9000] });
    const r = cull(ids, box, [edge('a', 'b'), edge('b', 'far'), edge('far', 'lost')], area);
    expect([...r.ids].sort()).toEqual(['a', 'b', 'far']);
    expect(r.edges.map((e) => e.id)).toEqual(['a->b', 'b->far']);
  });

  it('counts a box that only overlaps the area', () => {
    const { ids, box } = world({ edge: [-90, 990] });
    expect([...cull(ids, box, [], area).ids]).toEqual(['edge']);
  });

  it('draws only the near edges of a hub in view, but every near entity still reaches a far hub', () => {
    const at: Record<string, [number, number]> = { handler: [500, 500], flb: [5000, 0] };
    const files = Array.from({ length: HUB_EDGES + 5 }, (_, i) => `f${i}`);
    files.forEach((f, i) => (at[f] = [100, i < 3 ? 100 + i * 60 : 3000 + i * 60]));
    const { ids, box } = world(at);
    const r = cull(ids, box, [...files.map((f) => edge(f, 'handler')), ...files.map((f) => edge(f, 'flb'))], area);
    const kept = r.edges.map((e) => e.id);
    for (const i of [0, 1, 2]) expect(kept).toEqual(expect.arrayContaining([`f${i}->handler`, `f${i}->flb`]));
    // the far files' edges into the handler in view are not drawn, nor are the far files
    expect(kept).not.toContain('f3->handler');
    expect([...r.ids].sort()).toEqual(['f0', 'f1', 'f2', 'flb', 'handler']);
  });
});

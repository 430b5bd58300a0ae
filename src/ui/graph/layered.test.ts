import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fit, layered, type LayoutNode } from './layered';

const n = (id: string, w = 100, h = 40): LayoutNode => ({ id, w, h });
const OPT = { nodesep: 18, ranksep: 70 };

describe('layered', () => {
  it('puts each node one layer right of its predecessors, and a source next to its successor', () => {
    // fd -> session -> entry -> handler -> flb, and a file fd that only links to the entry
    const nodes = [n('fd'), n('session'), n('entry'), n('handler'), n('flb'), n('filefd')];
    const p = layered(nodes, [['fd', 'session'], ['session', 'entry'], ['entry', 'handler'], ['handler', 'flb'], ['filefd', 'entry']], OPT);
    const x = (id: string) => p.get(id)!.x;
    expect([x('fd'), x('session'), x('entry'), x('handler'), x('flb')]).toEqual([0, 170, 340, 510, 680]);
    expect(x('filefd')).toBe(x('session'));
  });

  it('keeps a chain nearly straight, and centres a node between its neighbours', () => {
    const p = layered([n('a'), n('b'), n('c'), n('hub'), n('x')], [['a', 'hub'], ['b', 'hub'], ['c', 'hub'], ['x', 'a']], OPT);
    const mid = (id: string) => p.get(id)!.y + p.get(id)!.h / 2;
    expect(Math.abs(mid('x') - mid('a'))).toBeLessThan(20);
    expect(Math.abs(mid('hub') - (mid('a') + mid('b') + mid('c')) / 3)).toBeLessThan(10);
  });

  it('orders a layer to avoid crossings', () => {
    // s1 owns e2, s2 owns e1: the entries swap so the two edges do not cross
    const p = layered([n('s1'), n('s2'), n('e1'), n('e2')], [['s1', 'e2'], ['s2', 'e1']], OPT);
    expect(Math.sign(p.get('s1')!.y - p.get('s2')!.y)).toBe(Math.sign(p.get('e2')!.y - p.get('e1')!.y));
  });

  it('keeps each file beside its session when the files link to a few handlers (hubs)', () => {
    const nodes = [n('h0'), n('h1')];
    const edges: (readonly [string, string])[] = [];
    for (let s = 0; s < 6; s++) {
      nodes.push(n(`s${s}`));
      for (let f = 0; f < 6; f++) {
        nodes.push(n(`s${s}f${f}`));
        edges.push([`s${s}`, `s${s}f${f}`], [`s${s}f${f}`, `h${f % 2}`]);
      }
    }
    const p = layered(nodes, edges, OPT);
    const mid = (id: string) => p.get(id)!.y + p.get(id)!.h / 2;
    for (let s = 0; s < 6; s++) {
      const files = [0, 1, 2, 3, 4, 5].map((f) => mid(`s${s}f${f}`));
      // the session sits within the span of its own files, and no other file is inside that span
      expect(mid(`s${s}`)).toBeGreaterThanOrEqual(Math.min(...files));
      expect(mid(`s${s}`)).toBeLessThanOrEqual(Math.max(...files));
      for (let o = 0; o < 6; o++) if (o !== s) for (let f = 0; f < 6; f++) expect(mid(`s${o}f${f}`) < Math.min(...files) || mid(`s${o}f${f}`) > Math.max(...files)).toBe(true);
    }
  });

  it('never overlaps two nodes, starts at 0, and places every node (any DAG)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.tuple(fc.nat(39), fc.nat(39)), { maxLength: 80 }), (count, pairs) => {
        const nodes = Array.from({ length: count }, (_, i) => n(`v${i}`, 80 + (i % 3) * 20, 30 + (i % 4) * 10));
        // edges only from lower to higher index: a DAG
        const edges = pairs.filter(([a, b]) => a < b && b < count).map(([a, b]) => [`v${a}`, `v${b}`] as const);
        const p = layered(nodes, edges, OPT);
        expect(p.size).toBe(count);
        const boxes = [...p.values()];
        expect(Math.min(...boxes.map((b) => b.x))).toBe(0);
        expect(Math.min(...boxes.map((b) => b.y))).toBeCloseTo(0);
        for (const [a, b] of edges) expect(p.get(a)!.x).toBeLessThan(p.get(b)!.x);
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const [s, t] = [boxes[i]!, boxes[j]!];
            const apart = s.x + s.w <= t.x || t.x + t.w <= s.x || s.y + s.h + 17.99 <= t.y || t.y + t.h + 17.99 <= s.y;
            expect(apart).toBe(true);
          }
      }),
      { numRuns: 200 },
    );
  });
});

describe('fit (isotonic regression)', () => {
  it('keeps wanted places that leave room, and pools those that collide', () => {
    expect(fit([0, 100, 200], [50, 50, 50])).toEqual([0, 100, 200]);
    // both want 100, each needs 50: they share the overlap, centred on 100
    expect(fit([100, 100], [50, 50])).toEqual([75, 125]);
  });
});

import type { Edge, Node } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { cull, HUB_EDGES } from './cull';

const node = (id: string, x: number, y: number): Node => ({ id, type: 'luo', position: { x, y }, width: 100, height: 50, data: {} });
const edge = (source: string, target: string): Edge => ({ id: `${source}->${target}`, source, target });
const area = { x0: 0, y0: 0, x1: 1000, y1: 1000 };

describe('cull', () => {
  it('keeps the nodes in the area, and the far end of an edge leaving it', () => {
    const nodes = [node('a', 10, 10), node('b', 500, 500), node('far', 5000, 5000), node('lost', 9000, 9000)];
    const r = cull(nodes, [edge('a', 'b'), edge('b', 'far'), edge('far', 'lost')], area);
    expect(r.nodes.map((n) => n.id)).toEqual(['a', 'b', 'far']);
    expect(r.edges.map((e) => e.id)).toEqual(['a->b', 'b->far']);
  });

  it('draws only the near edges of a hub in view, but every near node still reaches a far hub', () => {
    const hub = node('handler', 500, 500);
    const farHub = node('flb', 5000, 0);
    const files = Array.from({ length: HUB_EDGES + 5 }, (_, i) => node(`f${i}`, 100, i < 3 ? 100 + i * 60 : 3000 + i * 60));
    const edges = [...files.map((f) => edge(f.id, 'handler')), ...files.map((f) => edge(f.id, 'flb'))];
    const r = cull([hub, farHub, ...files], edges, area);
    const ids = r.edges.map((e) => e.id);
    // the three files near the handler: both their edges
    for (const i of [0, 1, 2]) expect(ids).toContain(`f${i}->handler`);
    for (const i of [0, 1, 2]) expect(ids).toContain(`f${i}->flb`);
    // the far files' edges into the handler in view are not drawn, nor are the far files
    expect(ids).not.toContain('f3->handler');
    expect(r.nodes.map((n) => n.id).sort()).toEqual(['f0', 'f1', 'f2', 'flb', 'handler']);
  });

  it('always keeps the lanes', () => {
    const lane: Node = { id: 'lane/0', type: 'lane', position: { x: 0, y: -99999 }, width: 10, height: 10, data: {} };
    expect(cull([lane], [], area).nodes).toEqual([lane]);
  });
});

import { describe, expect, it } from 'vitest';
import { focusAt, touchedAt } from './at';
import type { EdgeDef, Entity, Structure } from './structure';

function world(): Structure {
  const entities = new Map<string, Entity>();
  const pos = new Map<string, { x: number; y: number; w: number; h: number }>();
  const edges: EdgeDef[] = [];
  const add = (id: string, type: Entity['type'], first: number, y: number) => {
    entities.set(id, { id, type, gen: 1, first, label: id, key: {} });
    pos.set(id, { x: 0, y, w: 10, h: 10 });
  };
  add('h', 'handler', 0, 0);
  add('s', 'session', 1, 100);
  add('fd/5', 'fd', 2, 200);
  for (let i = 0; i < 14; i++) {
    add(`e${i}`, 'entry', 3 + i, 300 + i * 20);
    edges.push({ id: `fd${i}`, type: 'fd', source: 'fd/5', target: `e${i}`, first: 3 + i });
  }
  return { entities, edges, pos, lanes: [] };
}

describe('touchedAt / focusAt', () => {
  const st = world();
  it("takes the node touched last, a file's own node before a handler", () => {
    expect(touchedAt(st, new Set(['h', 's', 'e3']), 1)?.y).toBe(360);
    expect(touchedAt(st, new Set(['e3', 's', 'h']), 1)?.y).toBe(100);
    expect(touchedAt(st, new Set(['e0', 'e1', 'e2']), 1)?.y).toBe(340);
    expect(touchedAt(st, new Set(['h']), 1)?.y).toBe(0);
  });
  it('following playback, skips what many files share: a handler, an fd number reused for 14 files', () => {
    expect(touchedAt(st, new Set(['h']), 1, true)).toBeUndefined();
    expect(touchedAt(st, new Set(['h', 'fd/5']), 1, true)).toBeUndefined();
    expect(touchedAt(st, new Set(['h', 's']), 1, true)?.y).toBe(100);
  });
  it('with nothing touched, focuses on what appeared last before the cursor', () => {
    expect(focusAt(st, new Set(), 1, 6)?.y).toBe(300 + 2 * 20);
    expect(touchedAt(st, new Set(['s']), 2)).toBeUndefined();
  });
});

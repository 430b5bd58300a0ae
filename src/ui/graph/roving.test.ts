import { describe, expect, it } from 'vitest';
import { firstInReadingOrder, nearestInDirection } from './roving';

const box = (x: number, y: number) => ({ x, y, w: 100, h: 50 });
// a    b
// c    d   e
const nodes: [string, ReturnType<typeof box>][] = [
  ['a', box(0, 0)],
  ['b', box(200, 0)],
  ['c', box(0, 100)],
  ['d', box(200, 110)],
  ['e', box(400, 100)],
];

describe('nearestInDirection', () => {
  it('goes to the neighbour that lies that way', () => {
    expect(nearestInDirection(box(0, 0), nodes, 'right')).toBe('b');
    expect(nearestInDirection(box(0, 0), nodes, 'down')).toBe('c');
    expect(nearestInDirection(box(200, 110), nodes, 'up')).toBe('b');
    expect(nearestInDirection(box(200, 110), nodes, 'left')).toBe('c');
    expect(nearestInDirection(box(200, 110), nodes, 'right')).toBe('e');
  });
  it('prefers the node on the axis over a nearer one off it', () => {
    expect(nearestInDirection(box(0, 100), nodes, 'right')).toBe('d');
  });
  it('is null at the edge', () => {
    expect(nearestInDirection(box(0, 0), nodes, 'left')).toBeNull();
    expect(nearestInDirection(box(0, 0), nodes, 'up')).toBeNull();
    expect(nearestInDirection(box(400, 100), nodes, 'right')).toBeNull();
  });
});

describe('firstInReadingOrder', () => {
  it('is the top left node', () => {
    expect(firstInReadingOrder([...nodes].reverse())).toBe('a');
    expect(firstInReadingOrder([])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { cameraFor, followTo, READABLE_ZOOM } from './camera';

describe('cameraFor', () => {
  it('fits a lane that can be read whole, centred, never above 1.1', () => {
    const v = cameraFor({ x: 0, y: 1000, w: 800, h: 400 }, undefined, 880, 600);
    expect(v.zoom).toBeCloseTo(880 / (800 * 1.12));
    // the lane's centre is the view's centre
    expect(v.x + 400 * v.zoom).toBeCloseTo(440);
    expect(v.y + 1200 * v.zoom).toBeCloseTo(300);
    expect(cameraFor({ x: 0, y: 0, w: 100, h: 50 }, undefined, 880, 600).zoom).toBe(1.1);
  });

  it('centres a readable zoom on the action in a lane too big to read whole', () => {
    const focus = { x: 500, y: 20000, w: 190, h: 70 };
    const v = cameraFor({ x: 0, y: 0, w: 1300, h: 40000 }, focus, 880, 600);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(v.x + (500 + 95) * v.zoom).toBeCloseTo(440);
    expect(v.y + (20000 + 35) * v.zoom).toBeCloseTo(300);
  });

  it('leaves no empty band above a big lane when the action is at its top', () => {
    const v = cameraFor({ x: 0, y: 5000, w: 1300, h: 40000 }, { x: 500, y: 5080, w: 190, h: 70 }, 880, 600);
    expect(v.y).toBeCloseTo(12 - 5000 * READABLE_ZOOM);
    // nor below it when the action is at its bottom
    const w = cameraFor({ x: 0, y: 5000, w: 1300, h: 40000 }, { x: 500, y: 44900, w: 190, h: 70 }, 880, 600);
    expect(w.y + 45000 * READABLE_ZOOM).toBeCloseTo(600 - 12);
  });

  it('opens a big lane at its top left when nothing happened in it yet', () => {
    const v = cameraFor({ x: 0, y: 5000, w: 1300, h: 40000 }, undefined, 880, 600);
    expect(v).toEqual({ x: 12, y: 12 - 5000 * READABLE_ZOOM, zoom: READABLE_ZOOM });
  });
});

describe('followTo', () => {
  const view = { x: 0, y: 0, zoom: 0.5 };
  it('stays while the node is in view', () => {
    expect(followTo({ x: 100, y: 100, w: 190, h: 70 }, view, 880, 600)).toBeNull();
  });
  it('brings back a node that left the view below a third of the way down, without moving sideways', () => {
    const v = followTo({ x: 100, y: 3000, w: 190, h: 70 }, view, 880, 600)!;
    expect(v).toEqual({ x: 0, y: 200 - 3035 * 0.5, zoom: 0.5 });
  });
  it('and one that left it by the top two thirds of the way down', () => {
    const v = followTo({ x: 100, y: -3000, w: 190, h: 70 }, view, 880, 600)!;
    expect(v.y + -2965 * 0.5).toBeCloseTo(400);
    expect(v.x).toBe(0);
  });
  it('and one that left it sideways, without moving up or down', () => {
    const v = followTo({ x: 3000, y: 100, w: 190, h: 70 }, view, 880, 600)!;
    expect(v.x + 3095 * 0.5).toBeCloseTo(880 / 3);
    expect(v.y).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { jsonLink, readFragment } from './links';

describe('readFragment', () => {
  it('reads nothing from an empty fragment', () => {
    expect(readFragment('')).toEqual({ kind: 'none' });
    expect(readFragment('#')).toEqual({ kind: 'none' });
  });
  it('round-trips a #json= link', () => {
    const s = { format: 'luoscope-scenario', version: 1, title: 'a <b> & "c"', steps: [] };
    expect(readFragment(jsonLink(s))).toEqual({ kind: 'json', value: s });
  });
  it('names a damaged encoding, bad JSON and an unknown fragment', () => {
    expect(readFragment('#json=%E0%A4%A')).toMatchObject({ kind: 'error', message: expect.stringContaining('percent-encoding') });
    expect(readFragment('#json=%7B%22a')).toMatchObject({ kind: 'error', message: expect.stringContaining('not valid JSON') });
    expect(readFragment('#foo=1')).toMatchObject({ kind: 'error', message: expect.stringContaining('#foo=1') });
  });
});

import { describe, expect, it } from 'vitest';
import { jsonPathLines, lineOf } from './json-lines';

describe('jsonPathLines', () => {
  const text = JSON.stringify({ format: 'luoscope-scenario', version: 1, steps: [{ op: 'open_device', as: 'luo' }, { op: 'preserve_fd', session: 's', fd: 'm', token: 'x"y' }] }, null, 2);
  const lines = jsonPathLines(text);
  it('maps paths to the line their value starts on', () => {
    const at = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(lines.get('format')).toBe(at('"format"'));
    expect(lines.get('steps[1].token')).toBe(at('"token"'));
    expect(lines.get('steps[0]')).toBe(at('"op": "open_device"') - 1);
  });
  it('falls back to the nearest known parent', () => {
    expect(lineOf(lines, 'steps[1].nope')).toBe(lines.get('steps[1]'));
    expect(lineOf(lines, 'steps[7].x')).toBe(lines.get('steps'));
  });
  it('stops quietly on broken text', () => {
    expect(() => jsonPathLines('{"a": [1, 2')).not.toThrow();
  });
});

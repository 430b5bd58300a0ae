import { describe, expect, it } from 'vitest';
import { escapeControl } from './control';

describe('escapeControl', () => {
  it('writes C0, DEL, C1 and bidi controls visibly', () => {
    expect(escapeControl('a\u0001b')).toBe('a\\x01b');
    expect(escapeControl('\u001b[2J\u001b]0;pwn\u0007')).toBe('\\x1b[2J\\x1b]0;pwn\\x07');
    expect(escapeControl('x\ny\tz\r')).toBe('x\\x0ay\\x09z\\x0d');
    expect(escapeControl('\u007f\u0085\u009b')).toBe('\\x7f\\x85\\x9b');
    expect(escapeControl('abc\u202edef\u2066')).toBe('abc\\u202edef\\u2066');
    expect(escapeControl('\u2028\ufeff\uffff')).toBe('\\u2028\\ufeff\\uffff');
  });

  it('escapes lone surrogates but keeps pairs and ordinary text', () => {
    expect(escapeControl('a\ud800b')).toBe('a\\ud800b');
    expect(escapeControl('a\udc00')).toBe('a\\udc00');
    expect(escapeControl('vm-1 é 日本 😀 <&>')).toBe('vm-1 é 日本 😀 <&>');
  });

  it('keeps newlines when asked (a stack trace)', () => {
    expect(escapeControl('a\nb\u0001', { keepNewlines: true })).toBe('a\nb\\x01');
  });
});

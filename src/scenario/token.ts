// u64 tokens (SPEC §2): a scenario writes a token as a JSON number (up to 2^53-1), a decimal
// string, or a "0x…" hex string (needed above 2^53). Inside luoscope tokens are bigints.

export const U64_MAX = 0xffff_ffff_ffff_ffffn;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses a scenario token. Accepts a non-negative safe integer, a decimal string ("26") or a
 * hex string ("0x1a", case-insensitive digits), each up to 2^64-1. Anything else (negative,
 * fractional, unsafe numbers, signs, whitespace, empty strings, "0x") gives null.
 */
export function parseToken(x: number | string): bigint | null {
  if (typeof x === 'number') {
    return Number.isSafeInteger(x) && x >= 0 ? BigInt(x) : null;
  }
  if (typeof x !== 'string') return null;
  let digits: string;
  let hex: boolean;
  const h = /^0[xX]([0-9a-fA-F]+)$/.exec(x);
  if (h) {
    digits = h[1]!.replace(/^0+(?=.)/, '');
    hex = true;
    if (digits.length > 16) return null;
  } else if (/^[0-9]+$/.test(x)) {
    digits = x.replace(/^0+(?=.)/, '');
    hex = false;
    if (digits.length > 20) return null;
  } else {
    return null;
  }
  const value = BigInt(hex ? `0x${digits}` : digits);
  return value <= U64_MAX ? value : null;
}

/**
 * Formats a u64 token the way a scenario writes it: a number when it is at most
 * Number.MAX_SAFE_INTEGER, else a lowercase "0x…" string. Throws RangeError outside u64.
 */
export function formatToken(b: bigint): number | string {
  if (b < 0n || b > U64_MAX) throw new RangeError(`token ${b} is not a u64`);
  return b <= MAX_SAFE ? Number(b) : `0x${b.toString(16)}`;
}

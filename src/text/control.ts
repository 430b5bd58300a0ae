// Text that leaves the app (the trace, the SVG, messages) shows control characters as
// visible escapes: a scenario's name cannot clear a terminal, forge a trace line or make
// an SVG that is not XML.

// C0 and C1 controls, DEL, bidi overrides and isolates, line/paragraph separators,
// noncharacters U+FFFE/U+FFFF and lone surrogates (not XML, not printable)
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_KEEP_NEWLINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** `s` with every control character written as `\x01` / `\u202e` (newlines too, unless kept). */
export function escapeControl(s: string, opts: { keepNewlines?: boolean } = {}): string {
  return s.replace(opts.keepNewlines ? CONTROL_KEEP_NEWLINES : CONTROL, visible);
}

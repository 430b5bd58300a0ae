// Reading a scenario out of the URL fragment. `#json=` carries the percent-encoded JSON
// (SPEC §4, for tools and documentation); anything unreadable gives a message, never a throw.
export const MAX_LINK_CHARS = 2_000_000;

export type FragmentResult = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'error'; message: string };

export function readFragment(hash: string): FragmentResult {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '') return { kind: 'none' };
  if (!h.startsWith('json=')) return { kind: 'error', message: `The link's fragment "#${h.slice(0, 24)}${h.length > 24 ? '…' : ''}" is not one luoscope reads (expected #json=…).` };
  const body = h.slice('json='.length);
  if (body.length > MAX_LINK_CHARS) return { kind: 'error', message: `The link's scenario is ${body.length.toLocaleString('en')} characters, over the limit of ${MAX_LINK_CHARS.toLocaleString('en')}.` };
  let text: string;
  try {
    text = decodeURIComponent(body);
  } catch {
    return { kind: 'error', message: 'The link is damaged: its #json= part is not valid percent-encoding (was it cut short?).' };
  }
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (e) {
    return { kind: 'error', message: `The link is damaged: its #json= part is not valid JSON (${(e as Error).message}).` };
  }
}

export function jsonLink(scenario: unknown, base = ''): string {
  return `${base}#json=${encodeURIComponent(JSON.stringify(scenario))}`;
}

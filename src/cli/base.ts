// --base URL: where the app is served, for the links the CLI prints. A browser opens them, so
// only http: and https: bases (no javascript:, data: or file:).
import { DEFAULT_SHARE_BASE } from '../scenario/share';

export function parseBase(value: string | undefined): { base: string } | { error: string } {
  if (value === undefined) return { base: DEFAULT_SHARE_BASE };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `--base ${JSON.stringify(value)} is not an absolute URL (such as https://example.org/luoscope/)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `--base ${JSON.stringify(value)} is not an http: or https: URL` };
  url.hash = '';
  return { base: url.href };
}

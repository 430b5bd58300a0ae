// The comparison in a share link: `&b=1.<payload>` after the scenario's `#s=…` (see the
// FRAGMENT notes in src/scenario/share.ts). payload = base64url (no padding) of the UTF-8
// JSON of side B's kernel, { "profile", "patches", "modules", "liveupdate" }, with `latest`
// pinned to the release it means. Side A is the scenario's own kernel. A luoscope without
// compare mode ignores the parameter and opens the scenario alone.
import { base64urlDecode, base64urlEncode } from '../scenario/share';
import type { ScenarioVersion } from '../scenario/types';
import { pinKernel, readKernel, type CompareKernel } from './config';

/** The format of the `b=` parameter this luoscope writes and reads. */
export const COMPARE_LINK_VERSION = 1;
/** A kernel configuration is small: anything longer is not one. */
const MAX_B_CHARS = 4000;

export function encodeCompareParam(k: CompareKernel, version: ScenarioVersion): string {
  const p = pinKernel(k, version);
  const body = { profile: p.profile, patches: p.patches, modules: p.modules, liveupdate: p.liveupdate };
  return `b=${COMPARE_LINK_VERSION}.${base64urlEncode(new TextEncoder().encode(JSON.stringify(body)))}`;
}

export type CompareParam = { kind: 'none' } | { kind: 'compare'; b: CompareKernel } | { kind: 'error'; message: string };

/** Reads the `b=` parameter of a fragment ("#s=…&b=…"); never throws. */
export function readCompareParam(hash: string): CompareParam {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const parts = h.split('&').filter((p) => p.startsWith('b='));
  if (parts.length === 0) return { kind: 'none' };
  const bad = (why: string): CompareParam => ({ kind: 'error', message: `This link's comparison (its "b=" part) cannot be read: ${why}. The scenario opens without the comparison.` });
  if (parts.length > 1) return bad('it is given twice');
  const v = parts[0]!.slice(2);
  if (v.length > MAX_B_CHARS) return bad(`it is ${v.length.toLocaleString('en')} characters long, more than a kernel configuration can be`);
  const dot = v.indexOf('.');
  const ver = dot < 0 ? v : v.slice(0, dot);
  if (!/^[0-9]+$/.test(ver)) return bad('it does not start with a format number and a dot');
  if (Number(ver) > COMPARE_LINK_VERSION) return bad(`it is of a newer format (${ver.slice(0, 8)}; this luoscope reads ${COMPARE_LINK_VERSION}): open it with a newer luoscope`);
  if (Number(ver) < 1 || dot < 0) return bad('it is damaged or truncated');
  const bytes = base64urlDecode(v.slice(dot + 1));
  if (typeof bytes === 'string') return bad(bytes);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return bad('its data is not JSON');
  }
  const k = readKernel(json);
  return typeof k === 'string' ? bad(`its kernel is not valid (${k})`) : { kind: 'compare', b: k };
}

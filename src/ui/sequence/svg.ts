// The call sequence as a standalone SVG (Share-like export from the Sequence view): the rows
// of the current filter around the cursor, at most MAX_ROWS, with their lifelines.
import { escapeControl } from '../../text/control';
import type { Sequence } from './model';

export const COL = 160;
export const ROW = 24;
export const HEAD = 40;
const MAX_ROWS = 1000;

const esc = (s: string) => escapeControl(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const xOf = (line: number) => COL / 2 + line * COL;

/** The rows around `at` (a row index), as SVG text. */
export function sequenceSvg(seq: Sequence, at: number, title: string): string {
  const from = Math.max(0, Math.min(at - MAX_ROWS / 2, seq.rows.length - MAX_ROWS));
  const rows = seq.rows.slice(from, from + MAX_ROWS);
  const w = seq.lifelines.length * COL;
  const h = HEAD + rows.length * ROW + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="ui-monospace, monospace" font-size="11">`,
    `<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#334155"/></marker></defs>`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
    `<text x="6" y="14" font-size="12" font-weight="bold" fill="#0f172a">${esc(title)}</text>`,
  ];
  seq.lifelines.forEach((l, i) => {
    out.push(`<line x1="${xOf(i)}" y1="${HEAD - 8}" x2="${xOf(i)}" y2="${h}" stroke="#cbd5e1"/>`);
    out.push(`<text x="${xOf(i)}" y="${HEAD - 12}" text-anchor="middle" font-weight="bold" fill="#334155">${esc(l.label)}</text>`);
  });
  rows.forEach((r, k) => {
    const y = HEAD + k * ROW + ROW / 2;
    if (r.kind === 'kexec') {
      out.push(`<rect x="0" y="${y - ROW / 2 + 2}" width="${w}" height="${ROW - 4}" fill="#f5d0fe"/><text x="6" y="${y + 4}" fill="#701a75">${esc(r.label)}</text>`);
    } else if (r.kind === 'note') {
      out.push(`<text x="${xOf(r.from) + 6}" y="${y + 4}" fill="${r.error ? '#b91c1c' : '#475569'}">${esc(r.label)}</text>`);
    } else {
      const x1 = xOf(r.from);
      const x2 = xOf(r.to);
      out.push(`<line x1="${x1}" y1="${y + 4}" x2="${x2}" y2="${y + 4}" stroke="${r.error ? '#b91c1c' : '#334155'}"${r.kind === 'return' ? ' stroke-dasharray="4 3"' : ''} marker-end="url(#a)"/>`);
      out.push(`<text x="${(x1 + x2) / 2}" y="${y}" text-anchor="middle" fill="${r.error ? '#b91c1c' : '#0f172a'}">${esc(r.label)}</text>`);
    }
  });
  out.push('</svg>');
  return out.join('\n');
}

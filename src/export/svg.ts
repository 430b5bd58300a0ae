// The graph at one position as a standalone SVG document (for "Save SVG" and "Save PNG"):
// drawn from the same nodes and edges as the screen, every string escaped as text.
import type { Edge, Node } from '@xyflow/react';
import { escapeControl } from '../text/control';
import type { LaneData, LuoNodeData } from '../ui/graph/render';

const FILL: Record<string, [string, string]> = {
  fd: ['#f8fafc', '#94a3b8'],
  session: ['#f0f9ff', '#0284c7'],
  entry: ['#ecfdf5', '#059669'],
  handler: ['#f5f3ff', '#7c3aed'],
  flb: ['#fffbeb', '#d97706'],
  handover: ['#fdf4ff', '#c026d3'],
};

/** Text for XML: markup escaped, control characters (not allowed in XML) written as `\x01`. */
export function escapeXml(s: string): string {
  return escapeControl(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function size(n: Node): { w: number; h: number } {
  return { w: n.width ?? 160, h: n.height ?? 60 };
}

export function graphSvg(nodes: readonly Node[], edges: readonly Edge[], title: string): string {
  const by = new Map(nodes.map((n) => [n.id, n]));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    const { w, h } = size(n);
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
    maxX = Math.max(maxX, n.position.x + w);
    maxY = Math.max(maxY, n.position.y + h);
  }
  if (!nodes.length) minX = minY = maxX = maxY = 0;
  const pad = 20;
  const W = Math.ceil(maxX - minX + 2 * pad);
  const H = Math.ceil(maxY - minY + 2 * pad + 24);
  const tx = (x: number) => x - minX + pad;
  const ty = (y: number) => y - minY + pad + 24;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="ui-monospace, monospace">`);
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${pad}" y="${pad + 6}" font-size="14" font-weight="bold" fill="#0f172a">${escapeXml(title)}</text>`);
  for (const n of nodes.filter((x) => x.type === 'lane')) {
    const d = n.data as LaneData;
    const { w, h } = size(n);
    out.push(`<rect x="${tx(n.position.x)}" y="${ty(n.position.y)}" width="${w}" height="${h}" rx="10" fill="${d.current ? '#f0f9ff' : '#f8fafc'}" stroke="${d.current ? '#0ea5e9' : '#94a3b8'}" stroke-width="2"/>`);
    out.push(`<text x="${tx(n.position.x) + 10}" y="${ty(n.position.y) + 16}" font-size="13" font-weight="bold" fill="#334155">${escapeXml(d.title + (d.ended ? ' (ended by kexec)' : ''))}</text>`);
  }
  for (const e of edges) {
    const s = by.get(e.source);
    const t = by.get(e.target);
    if (!s || !t) continue;
    const a = size(s);
    const b = size(t);
    const x1 = tx(s.position.x) + a.w;
    const y1 = ty(s.position.y) + a.h / 2;
    const x2 = tx(t.position.x);
    const y2 = ty(t.position.y) + b.h / 2;
    const mx = (x1 + x2) / 2;
    out.push(`<path d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" fill="none" stroke="#64748b" stroke-width="1.2"/>`);
  }
  for (const n of nodes.filter((x) => x.type === 'luo')) {
    const d = n.data as LuoNodeData;
    const { w, h } = size(n);
    const [fill, stroke] = FILL[d.type] ?? ['#fff', '#000'];
    const x = tx(n.position.x);
    const y = ty(n.position.y);
    const ring = d.badge ? '#dc2626' : d.touched ? '#facc15' : stroke;
    out.push(`<g opacity="${d.status === 'gone' ? 0.35 : 1}">`);
    out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="${fill}" stroke="${ring}" stroke-width="2"${d.status === 'gone' ? ' stroke-dasharray="3 3"' : ''}/>`);
    out.push(`<text x="${x + 8}" y="${y + 16}" font-size="12" fill="#475569">${escapeXml(d.type === 'entry' ? 'PRESERVED FILE' : d.type.toUpperCase())}${d.badge ? ` ${escapeXml(d.badge)}` : ''}</text>`);
    out.push(`<text x="${x + 8}" y="${y + 32}" font-size="13" font-weight="bold" fill="#0f172a">${escapeXml(d.title)}</text>`);
    d.lines.forEach((l, i) => out.push(`<text x="${x + 8}" y="${y + 48 + i * 15}" font-size="12" fill="#334155">${escapeXml(l)}</text>`));
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

// A layered left-to-right layout for one lane. Our lanes are a DAG whose layers follow from
// the types (fd -> session -> preserved file -> handler -> FLB), so the general machinery of a
// library such as dagre (network simplex, Brandes-Köpf) is not needed, and its 12.5 kB would
// not fit the first view's JavaScript budget. Layers by longest path, order by barycentre
// sweeps, vertical places by isotonic regression towards the neighbours (never overlapping).
import { HUB_EDGES } from './hub';
import type { Box } from './structure';

export interface LayoutNode {
  id: string;
  w: number;
  h: number;
}

export interface LayeredOptions {
  /** vertical gap between two nodes of a layer */
  nodesep: number;
  /** horizontal gap between two layers */
  ranksep: number;
}

const SWEEPS = 4;

/** Top-left boxes, the smallest x and y at 0. Nodes keep their given order where nothing else decides. */
export function layered(nodes: readonly LayoutNode[], edges: readonly (readonly [string, string])[], opt: LayeredOptions): Map<string, Box> {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const preds: number[][] = nodes.map(() => []);
  const succs: number[][] = nodes.map(() => []);
  const seen = new Set<string>();
  for (const [a, b] of edges) {
    const s = index.get(a);
    const t = index.get(b);
    if (s === undefined || t === undefined || s === t || seen.has(`${s}>${t}`)) continue;
    seen.add(`${s}>${t}`);
    succs[s]!.push(t);
    preds[t]!.push(s);
  }
  const rank = ranks(preds, succs);
  const layers = order(rank, preds, succs);
  const y = places(layers, nodes, preds, succs, opt.nodesep);
  // x by layer: each layer as wide as its widest node, nodes centred in it
  const widths = layers.map((l) => Math.max(0, ...l.map((i) => nodes[i]!.w)));
  const left: number[] = [];
  widths.reduce((x, w, r) => ((left[r] = x), x + w + opt.ranksep), 0);
  const top = nodes.length ? Math.min(...y) : 0;
  const out = new Map<string, Box>();
  nodes.forEach((n, i) => out.set(n.id, { x: left[rank[i]!]! + (widths[rank[i]!]! - n.w) / 2, y: y[i]! - top, w: n.w, h: n.h }));
  return out;
}

/** Longest path from the sources; then a source moves right next to its nearest successor. */
function ranks(preds: number[][], succs: number[][]): number[] {
  const n = preds.length;
  const rank = new Array<number>(n).fill(0);
  const indeg = preds.map((p) => p.length);
  const topo: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) topo.push(i);
  for (let k = 0; k < topo.length; k++) {
    const v = topo[k]!;
    for (const w of succs[v]!) {
      rank[w] = Math.max(rank[w]!, rank[v]! + 1);
      if (--indeg[w]! === 0) topo.push(w);
    }
  }
  // (a cycle, which a lane never has, leaves its nodes at the rank they reached)
  for (let k = topo.length - 1; k >= 0; k--) {
    const v = topo[k]!;
    if (preds[v]!.length === 0 && succs[v]!.length > 0) rank[v] = Math.min(...succs[v]!.map((w) => rank[w]!)) - 1;
  }
  const min = Math.min(0, ...rank);
  return rank.map((r) => r - min);
}

/** Nodes per layer, reordered by the mean position of their neighbours, sweeping both ways. */
function order(rank: number[], preds: number[][], succs: number[][]): number[][] {
  const layers: number[][] = [];
  rank.forEach((r, i) => (layers[r] ??= []).push(i));
  for (let r = 0; r < layers.length; r++) layers[r] ??= [];
  const pos = new Array<number>(rank.length).fill(0);
  const number = () => layers.forEach((l) => l.forEach((v, i) => (pos[v] = i / Math.max(1, l.length - 1))));
  number();
  const counts = hubless(preds, succs);
  const sort = (l: number[], all: number[][]) => {
    // a hub's position says nothing about where one of its many neighbours belongs
    const nbrs = (v: number) => counts(v, all[v]!);
    const key = new Map(
      l.map((v, i) => {
        const ns = nbrs(v);
        return [v, ns.length ? ns.reduce((a, w) => a + pos[w]!, 0) / ns.length : i / Math.max(1, l.length - 1)];
      }),
    );
    l.sort((a, b) => key.get(a)! - key.get(b)!);
  };
  for (let s = 0; s < SWEEPS; s++) {
    for (let r = 1; r < layers.length; r++) {
      sort(layers[r]!, preds);
      number();
    }
    for (let r = layers.length - 2; r >= 0; r--) {
      sort(layers[r]!, succs);
      number();
    }
  }
  return layers;
}

/** The neighbours of `v` that say where it belongs: a hub's (hub.ts) only if `v` is a hub too. */
function hubless(preds: number[][], succs: number[][]) {
  const degree = (v: number) => preds[v]!.length + succs[v]!.length;
  return (v: number, nbrs: number[]) => nbrs.filter((w) => degree(w) <= HUB_EDGES || degree(v) > HUB_EDGES);
}

/** Vertical places: each layer stacked, then pulled towards its neighbours' centres. */
function places(layers: number[][], nodes: readonly LayoutNode[], preds: number[][], succs: number[][], sep: number): number[] {
  const counts = hubless(preds, succs);
  const y = new Array<number>(nodes.length).fill(0);
  for (const l of layers) l.reduce((at, v) => ((y[v] = at), at + nodes[v]!.h + sep), 0);
  const centre = (v: number) => y[v]! + nodes[v]!.h / 2;
  // a hub does not pull its many neighbours: each file stays beside its session, and the hub
  // goes to the middle of its files
  const pull = (l: number[], nbrs: (v: number) => number[]) => {
    const want = l.map((v) => {
      const ns = counts(v, nbrs(v));
      return ns.length ? ns.reduce((a, w) => a + centre(w), 0) / ns.length : centre(v);
    });
    const tops = fit(
      want.map((c, i) => c - nodes[l[i]!]!.h / 2),
      l.map((v) => nodes[v]!.h + sep),
    );
    l.forEach((v, i) => (y[v] = tops[i]!));
  };
  for (let s = 0; s < SWEEPS; s++) {
    for (let r = 1; r < layers.length; r++) pull(layers[r]!, (v) => preds[v]!);
    for (let r = layers.length - 2; r >= 0; r--) pull(layers[r]!, (v) => succs[v]!);
    for (const l of layers) pull(l, (v) => [...preds[v]!, ...succs[v]!]);
  }
  return y;
}

/** Tops as close as possible (least squares) to `want`, in order, each at least `step[i]`
 * below the one before: isotonic regression by pooling adjacent violators. */
export function fit(want: readonly number[], step: readonly number[]): number[] {
  const off: number[] = [];
  want.reduce((o, _, i) => ((off[i] = o), o + step[i]!), 0);
  const blocks: { sum: number; n: number }[] = [];
  want.forEach((w, i) => {
    blocks.push({ sum: w - off[i]!, n: 1 });
    while (blocks.length > 1 && blocks.at(-2)!.sum / blocks.at(-2)!.n > blocks.at(-1)!.sum / blocks.at(-1)!.n) {
      const b = blocks.pop()!;
      blocks.at(-1)!.sum += b.sum;
      blocks.at(-1)!.n += b.n;
    }
  });
  const out: number[] = [];
  for (const b of blocks) for (let k = 0; k < b.n; k++) out.push(b.sum / b.n + off[out.length]!);
  return out;
}

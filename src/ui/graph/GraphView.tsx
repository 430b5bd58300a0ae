// The live graph: the structure of the whole run laid out once, drawn at the cursor.
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, useStore, useViewport, ReactFlowProvider, type Edge, type Node } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useLuo } from '../../store/store';
import { nodeTypes } from './nodeTypes';
import { renderGraph } from './render';
import { marksAt, structureOf } from './at';
import { Legend } from './Legend';

/** Above this many nodes React Flow gets only those near the viewport (each costs it ~30 µs). */
const CULL_ABOVE = 400;

type Rect = { x0: number; y0: number; x1: number; y1: number };

/** The visible part of the flow plus a margin, in flow coordinates, moving in coarse steps. */
function useVisibleArea(on: boolean): Rect | null {
  const { x, y, zoom } = useViewport();
  const w = useStore((s) => s.width);
  const h = useStore((s) => s.height);
  const step = 200;
  const qx = Math.round(x / step) * step;
  const qy = Math.round(y / step) * step;
  return useMemo(() => {
    if (!on || !w || !h) return null;
    const margin = 400;
    return { x0: (-qx - margin) / zoom, y0: (-qy - margin) / zoom, x1: (w - qx + margin) / zoom, y1: (h - qy + margin) / zoom };
  }, [on, qx, qy, zoom, w, h]);
}

function cull(nodes: Node[], edges: Edge[], r: Rect): { nodes: Node[]; edges: Edge[] } {
  const inside = (n: Node) => n.type === 'lane' || (n.position.x < r.x1 && n.position.x + (n.width ?? 0) > r.x0 && n.position.y < r.y1 && n.position.y + (n.height ?? 0) > r.y0);
  const keep = new Set<string>();
  for (const n of nodes) if (inside(n)) keep.add(n.id);
  // an edge leaving the area keeps its far end, so it is still drawn
  const far = new Set<string>();
  const es = edges.filter((e) => {
    const a = keep.has(e.source);
    const b = keep.has(e.target);
    if (a && !b) far.add(e.target);
    if (b && !a) far.add(e.source);
    return a || b;
  });
  return { nodes: nodes.filter((n) => keep.has(n.id) || far.has(n.id)), edges: es };
}

const MINIMAP_COLOR: Record<string, string> = { fd: '#94a3b8', session: '#0284c7', entry: '#059669', handler: '#7c3aed', flb: '#d97706', handover: '#c026d3' };

function Graph({ dark }: { dark: boolean }) {
  const timeline = useLuo((s) => s.timeline);
  const version = useLuo((s) => s.version);
  const status = useLuo((s) => s.status);
  const view = useLuo((s) => s.view);
  const cursor = useLuo((s) => s.cursor);
  const selection = useLuo((s) => s.selection);
  const select = useLuo((s) => s.select);
  const { fitView } = useReactFlow();

  // the layout depends on the whole run: rebuilt when it grows, not when the cursor moves
  // the graph waits for the whole run (a partial structure would be laid out again)
  const ready = status === 'done';
  const structure = useMemo(() => {
    void version;
    return ready ? structureOf(timeline) : null;
  }, [timeline, version, ready]);
  const marks = useMemo(() => marksAt(timeline, cursor), [timeline, cursor]);
  const { nodes, edges } = useMemo(() => (structure ? renderGraph(structure, view, cursor, marks) : { nodes: [], edges: [] }), [structure, view, cursor, marks]);
  const selectedId = selection?.kind === 'node' ? selection.id : null;
  const shown = useMemo(() => nodes.map((n) => (n.id === selectedId ? { ...n, selected: true } : n)), [nodes, selectedId]);
  const big = shown.length > CULL_ABOVE;
  const area = useVisibleArea(big);
  const drawn = useMemo(() => (area ? cull(shown, edges, area) : { nodes: shown, edges }), [shown, edges, area]);

  // show the current kernel's lane (the whole run would make the text too small to read):
  // after a run, and whenever the cursor crosses into another generation
  const gen = view.gen;
  const fitted = useRef('');
  useEffect(() => {
    const key = `${timeline.events.length}/${gen}`;
    if (status !== 'done' || fitted.current === key) return;
    const first = !fitted.current.startsWith(`${timeline.events.length}/`);
    fitted.current = key;
    requestAnimationFrame(() => void fitView({ padding: 0.06, duration: first ? 0 : 250, nodes: [{ id: `lane/${gen}` }], maxZoom: 1.1 }));
  }, [status, timeline, fitView, version, gen]);

  const onNodeClick = useCallback((_: unknown, n: Node) => select(n.type === 'luo' ? { kind: 'node', id: n.id } : null), [select]);
  const onPaneClick = useCallback(() => select(null), [select]);

  return (
    <ReactFlow
      nodes={drawn.nodes}
      edges={drawn.edges}
      nodeTypes={nodeTypes}
      onNodeClick={onNodeClick}
      onPaneClick={onPaneClick}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable
      minZoom={0.05}
      maxZoom={2}
      colorMode={dark ? 'dark' : 'light'}
      proOptions={{ hideAttribution: true }}
      defaultEdgeOptions={{ type: 'smoothstep' }}
      aria-label="LUO object graph"
      // thousands of nodes (stress scenarios): mount only those in view
      onlyRenderVisibleElements={shown.length > 400}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
      {shown.length <= 400 ? <MiniMap pannable zoomable position="bottom-right" style={{ width: 150, height: 100 }} ariaLabel="Minimap of the graph" nodeColor={(n) => MINIMAP_COLOR[(n.data as { type?: string }).type ?? ''] ?? 'transparent'} /> : null}
      <Legend />
    </ReactFlow>
  );
}

export function GraphView({ dark }: { dark: boolean }) {
  return (
    <ReactFlowProvider>
      <Graph dark={dark} />
    </ReactFlowProvider>
  );
}

// The live graph: the structure of the whole run laid out once, drawn at the cursor.
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, useStore, useViewport, ReactFlowProvider, type Node } from '@xyflow/react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useLuo } from '../../store/store';
import { nodeTypes } from './nodeTypes';
import { renderGraph } from './render';
import { focusAt, marksAt, structureOf } from './at';
import { stepAt } from '../../store/timeline';
import { Legend } from './Legend';
import { cameraFor, type Viewport } from './camera';
import { cull, type Rect } from './cull';

/** Above this many nodes React Flow gets only those near the viewport, and mounts only those
 * in it: a jump of the view then mounts tens of nodes, not hundreds. (The minimap, which
 * would draw only those, is left out then.) */
const CULL_ABOVE = 150;

/** The visible part of the flow plus a margin, in flow coordinates, moving in coarse steps;
 * of `target` when the view is about to move there (so nodes mount once, where they show). */
function useVisibleArea(on: boolean, target: Viewport | null): Rect | null {
  const now = useViewport();
  const { x, y, zoom } = target ?? now;
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

const MINIMAP_COLOR: Record<string, string> = { fd: '#94a3b8', session: '#0284c7', entry: '#059669', handler: '#7c3aed', flb: '#d97706', handover: '#c026d3' };

function Graph({ dark }: { dark: boolean }) {
  const timeline = useLuo((s) => s.timeline);
  const version = useLuo((s) => s.version);
  const status = useLuo((s) => s.status);
  const view = useLuo((s) => s.view);
  const cursor = useLuo((s) => s.cursor);
  const selection = useLuo((s) => s.selection);
  const select = useLuo((s) => s.select);
  const { setViewport } = useReactFlow();

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

  // show the current kernel's lane (the whole run would make the text too small to read):
  // after a run, and whenever the cursor crosses into another generation. The view moves in
  // the same commit as the graph, and the culling already uses where it goes.
  const gen = view.gen;
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const key = `${timeline.events.length}/${gen}`;
  const [placed, setPlaced] = useState('');
  const camera = useMemo(() => {
    const lane = structure?.lanes.find((l) => l.gen === gen)?.box;
    return structure && lane && width && height && placed !== key ? cameraFor(lane, focusAt(structure, marks.touched, gen, cursor), width, height) : null;
  }, [structure, gen, width, height, placed, key, marks, cursor]);
  const area = useVisibleArea(big, camera);
  const drawn = useMemo(() => (area ? cull(shown, edges, area) : { nodes: shown, edges }), [shown, edges, area]);
  const lastCursor = useRef(0);
  useLayoutEffect(() => {
    const from = lastCursor.current;
    lastCursor.current = cursor;
    if (!camera) return;
    const first = !placed.startsWith(`${timeline.events.length}/`);
    // glide when stepping or playing across a kexec; a jump of the scrubber jumps
    const near = Math.abs(stepAt(timeline, cursor) - stepAt(timeline, from)) <= 1;
    void setViewport(camera, { duration: first || !near ? 0 : 250 });
    // records that React Flow's viewport (outside React) was moved, which ends the pending camera
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPlaced(key);
  }, [camera, cursor, timeline, placed, key, setViewport]);

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
      onlyRenderVisibleElements={big}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
      {!big ? <MiniMap pannable zoomable position="bottom-right" style={{ width: 150, height: 100 }} ariaLabel="Minimap of the graph" nodeColor={(n) => MINIMAP_COLOR[(n.data as { type?: string }).type ?? ''] ?? 'transparent'} /> : null}
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

// One side's graph in compare mode: the same structure, layout and node drawing as the main
// graph (structure.ts, render.ts, camera.ts), for a timeline and position given by the parent;
// nodes that differ from the other side at the cursor get a pink ring.
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, useStore, useViewport, type Node } from '@xyflow/react';
import { memo, useLayoutEffect, useMemo, useState } from 'react';
import type { WorldView } from '../../engine/view';
import { useLuo } from '../../store/store';
import type { Timeline } from '../../store/timeline';
import { focusAt, marksAt, structureOf } from '../graph/at';
import { cameraFor, type Viewport } from '../graph/camera';
import type { Rect } from '../graph/cull';
import { nodeTypes } from '../graph/nodeTypes';
import { renderGraph } from '../graph/render';
import { nodeDiffers, ringGens } from './ring';

const CULL_ABOVE = 150;
const PRO_OPTIONS = { hideAttribution: true };
const EDGE_OPTIONS = { type: 'smoothstep' };
/** the ring of a node that differs from the other side */
const DIFFERS_STYLE = { outline: '3px solid #db2777', outlineOffset: '3px', borderRadius: '8px' };

function useArea(on: boolean, target: Viewport | null): Rect | null {
  const now = useViewport();
  const { x, y, zoom } = target ?? now;
  const w = useStore((s) => s.width);
  const h = useStore((s) => s.height);
  const qx = Math.round(x / 200) * 200;
  const qy = Math.round(y / 200) * 200;
  return useMemo(() => (on && w && h ? { x0: (-qx - 200) / zoom, y0: (-qy - 200) / zoom, x1: (w - qx + 200) / zoom, y1: (h - qy + 200) / zoom } : null), [on, qx, qy, zoom, w, h]);
}

export interface SideProps {
  side: 'A' | 'B';
  timeline: Timeline;
  /** bumps when the timeline grows */
  version: number;
  ready: boolean;
  view: WorldView;
  cursor: number;
  /** the other side's view at its aligned position, once both runs are complete (for the rings) */
  other: WorldView | null;
  dark: boolean;
}

/** A drawn node with the ring: one object per drawn node, so React Flow sees the same node while neither changes. */
const ringed = new WeakMap<Node, Node>();
function withRing(n: Node): Node {
  let r = ringed.get(n);
  if (!r) ringed.set(n, (r = { ...n, className: 'luo-differs', style: { ...n.style, ...DIFFERS_STYLE } }));
  return r;
}

function Graph({ side, timeline, version, ready, view, cursor, other, dark }: SideProps) {
  const { setViewport } = useReactFlow();
  const structure = useMemo(() => {
    void version;
    return ready ? structureOf(timeline) : null;
  }, [timeline, version, ready]);
  const marks = useMemo(() => marksAt(timeline, cursor), [timeline, cursor]);
  const big = (structure?.entities.size ?? 0) > CULL_ABOVE;
  const gen = view.gen;
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const key = `${timeline.events.length}/${gen}`;
  const [placed, setPlaced] = useState('');
  const camera = useMemo(() => {
    const lane = structure?.lanes.find((l) => l.gen === gen)?.box;
    return structure && lane && width && height && placed !== key ? cameraFor(lane, focusAt(structure, marks.touched, gen, cursor), width, height) : null;
  }, [structure, gen, width, height, placed, key, marks, cursor]);
  const area = useArea(big, camera);
  const { nodes, edges } = useMemo(() => (structure ? renderGraph(structure, view, cursor, marks, area) : { nodes: [], edges: [] }), [structure, view, cursor, marks, area]);
  // rings on the drawn nodes only (tens near the view in a big graph)
  const shown = useMemo(() => {
    if (!other || !structure) return nodes;
    const gens = ringGens(view, other);
    return nodes.map((n) => {
      const e = n.type === 'luo' ? structure.entities.get(n.id) : undefined;
      return e && nodeDiffers(e, view, other, gens) ? withRing(n) : n;
    });
  }, [nodes, other, structure, view]);
  useLayoutEffect(() => {
    if (!camera) return;
    void setViewport(camera, { duration: 0 });
    // records that React Flow's viewport (outside React) was moved, which ends the pending camera
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPlaced(key);
  }, [camera, key, setViewport]);
  const select = useLuo((s) => s.select);

  return (
    <ReactFlow
      nodes={shown}
      edges={edges}
      nodeTypes={nodeTypes}
      // the inspector shows side A's state: a click on A's graph selects there
      onNodeClick={side === 'A' ? (_, n) => select(n.type === 'luo' ? { kind: 'node', id: n.id } : null) : undefined}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={side === 'A'}
      minZoom={0.05}
      maxZoom={2}
      colorMode={dark ? 'dark' : 'light'}
      proOptions={PRO_OPTIONS}
      defaultEdgeOptions={EDGE_OPTIONS}
      aria-label={`LUO object graph, kernel ${side}`}
      onlyRenderVisibleElements={big}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

function CompareGraphImpl(props: SideProps) {
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}

export const CompareGraph = memo(CompareGraphImpl);

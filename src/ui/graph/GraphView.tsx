// The live graph: the structure of the whole run laid out once, drawn at the cursor.
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, ReactFlowProvider, type Node } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useLuo } from '../../store/store';
import { nodeTypes } from './nodeTypes';
import { renderGraph } from './render';
import { marksAt, structureOf } from './at';
import { Legend } from './Legend';

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

  const fitted = useRef(-1);
  useEffect(() => {
    if (status === 'done' && fitted.current !== timeline.events.length) {
      fitted.current = timeline.events.length;
      // fit the current kernel's lane: the whole run would make the text too small to read
      const gen = useLuo.getState().view.gen;
      requestAnimationFrame(() => void fitView({ padding: 0.06, duration: 0, nodes: [{ id: `lane/${gen}` }], maxZoom: 1.1 }));
    }
  }, [status, timeline, fitView, version]);

  const onNodeClick = useCallback((_: unknown, n: Node) => select(n.type === 'luo' ? { kind: 'node', id: n.id } : null), [select]);
  const onPaneClick = useCallback(() => select(null), [select]);

  return (
    <ReactFlow
      nodes={shown}
      edges={edges}
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

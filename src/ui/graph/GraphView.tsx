// The live graph: the structure of the whole run laid out once, drawn at the cursor.
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, ReactFlowProvider, type Node } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useLuo } from '../../store/store';
import { endOfStep, stepAt } from '../../store/timeline';
import { nodeTypes } from './nodeTypes';
import { renderGraph, touchedBy } from './render';
import { buildStructure } from './structure';
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

  // the layout depends on the whole run: rebuild when it grows, not when the cursor moves
  const structure = useMemo(() => buildStructure(timeline.events), [timeline, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const marks = useMemo(() => {
    const step = stepAt(timeline, cursor);
    const start = step < 0 ? 0 : (timeline.marks.step.find((i) => timeline.events[i]!.step === step) ?? 0);
    return touchedBy(timeline.events, start, Math.min(cursor, endOfStep(timeline, step)));
  }, [timeline, cursor]);
  const { nodes, edges } = useMemo(() => renderGraph(structure, view, cursor, marks), [structure, view, cursor, marks]);
  const selectedId = selection?.kind === 'node' ? selection.id : null;
  const shown = useMemo(() => nodes.map((n) => (n.id === selectedId ? { ...n, selected: true } : n)), [nodes, selectedId]);

  const fitted = useRef(-1);
  useEffect(() => {
    if (status === 'done' && fitted.current !== timeline.events.length) {
      fitted.current = timeline.events.length;
      requestAnimationFrame(() => void fitView({ padding: 0.08, duration: 0 }));
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
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable position="bottom-right" style={{ width: 150, height: 100 }} ariaLabel="Minimap of the graph" nodeColor={(n) => MINIMAP_COLOR[(n.data as { type?: string }).type ?? ''] ?? 'transparent'} />
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

// The live graph: the structure of the whole run laid out once, drawn at the cursor.
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, useStore, useStoreApi, useViewport, ReactFlowProvider, type Node } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, memo, type FocusEvent, type KeyboardEvent } from 'react';
import { useLuo } from '../../store/store';
import { nodeTypes } from './nodeTypes';
import { renderGraph, ROVING_IN } from './render';
import { ARROWS, firstInReadingOrder, nearestInDirection } from './roving';
import { focusAt, marksAt, structureOf, touchedAt } from './at';
import { stepAt } from '../../store/timeline';
import { Legend } from './Legend';
import { HideRemoved } from './HideRemoved';
import { GraphSearch } from '../search/GraphSearch';
import { useGraphPrefs } from './prefs';
import { cameraFor, followTo, READABLE_ZOOM, type Viewport } from './camera';
import type { Rect } from './cull';
import type { Box as Rect4 } from './structure';

/** In a run of more than this many entities React Flow gets only the nodes near the viewport,
 * and mounts only those in it: a jump of the view then mounts tens of nodes, not hundreds.
 * (The minimap, which would draw only those, is left out then.) */
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
    const margin = 200;
    return { x0: (-qx - margin) / zoom, y0: (-qy - margin) / zoom, x1: (w - qx + margin) / zoom, y1: (h - qy + margin) / zoom };
  }, [on, qx, qy, zoom, w, h]);
}

const MINIMAP_COLOR: Record<string, string> = { fd: '#94a3b8', session: '#0284c7', entry: '#059669', handler: '#7c3aed', flb: '#d97706', handover: '#c026d3' };
const minimapColor = (n: Node) => MINIMAP_COLOR[(n.data as { type?: string }).type ?? ''] ?? 'transparent';
const MINIMAP_STYLE = { width: 150, height: 100 };
// constants, not literals: React Flow copies each changed prop into its store, and every edge
// re-renders when defaultEdgeOptions changes
const PRO_OPTIONS = { hideAttribution: true };
const EDGE_OPTIONS = { type: 'smoothstep' };

/** The box around a lane's drawn nodes (removed ones hidden), with the lane's own margin. */
function boxOfLane(nodes: Node[], gen: number): Rect4 | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const n of nodes) {
    if (n.type !== 'luo' || !n.id.startsWith(`g${gen}/`)) continue;
    x0 = Math.min(x0, n.position.x);
    y0 = Math.min(y0, n.position.y);
    x1 = Math.max(x1, n.position.x + (n.width ?? 0));
    y1 = Math.max(y1, n.position.y + (n.height ?? 0));
  }
  return x0 === Infinity ? null : { x: x0 - 40, y: y0 - 60, w: x1 - x0 + 80, h: y1 - y0 + 100 };
}

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
  const big = (structure?.entities.size ?? 0) > CULL_ABOVE;

  // show the current kernel's lane (the whole run would make the text too small to read):
  // after a run, and whenever the cursor crosses into another generation. The view moves in
  // the same commit as the graph, and the culling already uses where it goes.
  const gen = view.gen;
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const hideRemoved = useGraphPrefs((s) => s.hideRemoved);
  // removed objects hidden: the view frames what is left of the lane, which may then be read whole
  const key = `${timeline.events.length}/${gen}/${hideRemoved}`;
  const [placed, setPlaced] = useState('');
  const liveBox = useMemo(() => (hideRemoved && structure && !big && placed !== key ? boxOfLane(renderGraph(structure, view, cursor, marks, null, true).nodes, gen) : null), [hideRemoved, structure, big, placed, key, view, cursor, marks, gen]);
  const camera = useMemo(() => {
    const lane = liveBox ?? structure?.lanes.find((l) => l.gen === gen)?.box;
    return structure && lane && width && height && placed !== key ? cameraFor(lane, focusAt(structure, marks.touched, gen, cursor), width, height) : null;
  }, [structure, gen, width, height, placed, key, marks, cursor, liveBox]);
  const area = useVisibleArea(big, camera);
  const { nodes, edges } = useMemo(() => (structure ? renderGraph(structure, view, cursor, marks, area, hideRemoved) : { nodes: [], edges: [] }), [structure, view, cursor, marks, area, hideRemoved]);
  const selectedId = selection?.kind === 'node' ? selection.id : null;
  // one Tab stop for the whole graph: the node last focused, else the selected one, else
  // what the step touched, else the current lane's first node in reading order
  const [focused, setFocused] = useState<string | null>(null);
  const boxes = useMemo(() => nodes.filter((n) => n.type === 'luo').map((n): [string, Rect4] => [n.id, { x: n.position.x, y: n.position.y, w: n.width ?? 0, h: n.height ?? 0 }]), [nodes]);
  const stop = useMemo(() => {
    const has = (id: string | null) => id !== null && boxes.some(([b]) => b === id);
    if (has(focused)) return focused;
    if (has(selectedId)) return selectedId;
    const touched = [...marks.touched].reverse().find((id) => has(id));
    if (touched) return touched;
    return firstInReadingOrder(boxes.filter(([id]) => id.startsWith(`g${gen}/`))) ?? firstInReadingOrder(boxes);
  }, [boxes, focused, selectedId, marks, gen]);
  const shown = useMemo(() => nodes.map((n) => (n.id === selectedId || n.id === stop ? { ...n, ...(n.id === selectedId ? { selected: true } : {}), ...(n.id === stop ? { domAttributes: ROVING_IN } : {}) } : n)), [nodes, selectedId, stop]);
  // arrow keys move the focus between nodes; Enter inspects the focused node
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      const el = e.target as HTMLElement;
      if (!el.classList.contains('react-flow__node-luo')) return;
      const id = el.dataset.id!;
      if (e.key === 'Enter') {
        e.preventDefault();
        e.stopPropagation();
        select({ kind: 'node', id });
        return;
      }
      const dir = ARROWS[e.key];
      if (!dir || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return;
      // the timeline's arrow keys do not apply inside the graph
      e.preventDefault();
      e.stopPropagation();
      const from = boxes.find(([b]) => b === id)?.[1];
      const to = from ? nearestInDirection(from, boxes, dir) : null;
      if (to) setMoveTo(to);
    },
    [boxes, select],
  );
  const onFocus = useCallback((e: FocusEvent<HTMLDivElement>) => {
    const el = e.target as HTMLElement;
    if (el.classList.contains('react-flow__node-luo')) setFocused(el.dataset.id ?? null);
  }, []);
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!moveTo) return;
    const el = wrapper.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(moveTo)}"]`);
    if (el) {
      setFocused(moveTo);
      el.focus();
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a one-shot request, done
    setMoveTo(null);
  }, [moveTo, shown]);
  // the view moves: to the pending camera (another generation), or, while playing or stepping,
  // after the action when it leaves the view (a big lane at a readable zoom)
  const playing = useLuo((s) => s.playing);
  const speed = useLuo((s) => s.speed);
  const flow = useStoreApi();
  const lastCursor = useRef(0);
  useLayoutEffect(() => {
    const from = lastCursor.current;
    lastCursor.current = cursor;
    // a step or a frame of playback glides; a jump of the scrubber jumps
    const near = Math.abs(stepAt(timeline, cursor) - stepAt(timeline, from)) <= 1;
    if (camera) {
      const first = !placed.startsWith(`${timeline.events.length}/`);
      void setViewport(camera, { duration: first || !near ? 0 : 250 });
      // records that React Flow's viewport (outside React) was moved, which ends the pending camera
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setPlaced(key);
      return;
    }
    // a step, a frame or a jump of the scrubber: the view goes after what it touched if that left it
    const b = structure && from !== cursor ? touchedAt(structure, marks.touched, gen, true) : undefined;
    if (!b) return;
    const { transform, width: w, height: h } = flow.getState();
    const to = followTo(b, { x: transform[0], y: transform[1], zoom: transform[2] }, w, h);
    // playing fast, a glide would redraw every frame, and a scrubber jump jumps
    if (to) void setViewport(to, { duration: (playing && speed > 32) || !near ? 0 : 200, interpolate: 'linear' });
  }, [camera, cursor, timeline, placed, key, setViewport, playing, speed, structure, marks, gen, flow]);

  // a node selected from elsewhere (search) that is out of view: the view goes to it
  useEffect(() => {
    const box = selectedId ? structure?.pos.get(selectedId) : undefined;
    if (!box) return;
    const { transform, width: w, height: h } = flow.getState();
    // centred, at a readable zoom at least, when it is outside the view
    const to = followTo(box, { x: transform[0], y: transform[1], zoom: transform[2] }, w, h);
    const z = Math.max(transform[2], READABLE_ZOOM);
    if (to) void setViewport({ x: w / 2 - (box.x + box.w / 2) * z, y: h / 2 - (box.y + box.h / 2) * z, zoom: z }, { duration: 0 });
  }, [selectedId, structure, flow, setViewport]);

  const onNodeClick = useCallback((_: unknown, n: Node) => select(n.type === 'luo' ? { kind: 'node', id: n.id } : null), [select]);
  const onPaneClick = useCallback(() => select(null), [select]);

  return (
    <div ref={wrapper} className="h-full w-full" onKeyDown={onKeyDown} onFocus={onFocus}>
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
      proOptions={PRO_OPTIONS}
      defaultEdgeOptions={EDGE_OPTIONS}
      aria-label="LUO object graph"
      // thousands of nodes (stress scenarios): mount only those in view
      onlyRenderVisibleElements={big}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
      {!big ? <MiniMap pannable zoomable position="bottom-right" style={MINIMAP_STYLE} ariaLabel="Minimap of the graph" nodeColor={minimapColor} /> : null}
      <Legend />
      <HideRemoved />
      <GraphSearch />
    </ReactFlow>
    </div>
  );
}

function GraphViewImpl({ dark }: { dark: boolean }) {
  return (
    <ReactFlowProvider>
      <Graph dark={dark} />
    </ReactFlowProvider>
  );
}

/** memo: the shell re-renders when the generation changes; this reads the store itself */
export const GraphView = memo(GraphViewImpl);

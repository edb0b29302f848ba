'use client';

import '@xyflow/react/dist/style.css';
import './canvas.css';
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow, useStore, type Node, type ReactFlowInstance } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { CardNode } from './card-node';
import { InsertEdge, PlainEdge } from './edges';
import { toFlow, type CardData, type FlowEdge, type FlowInput, type FlowNode } from './flow';
import { layoutShape, shapeKey, stepNodeId, type Layout, type Shape } from './layout';
import { EndNode, HeaderNode, JoinNode } from './list-nodes';
import { useStableItems } from './use-stable';

const nodeTypes = { card: CardNode, header: HeaderNode, end: EndNode, join: JoinNode };
const edgeTypes = { insert: InsertEdge, plain: PlainEdge };

/** Below this zoom the cards' text is a few pixels high: draw them as plain blocks (canvas.css). */
export const FAR_ZOOM = 0.35;

const MINIMAP_COLOR: Record<string, string> = { error: '#fca5a5', incomplete: '#fcd34d', ok: '#c7d2fe' };

function minimapColor(node: Node): string {
  if (node.type === 'card') return MINIMAP_COLOR[(node.data as CardData).status] ?? '#cbd5e1';
  if (node.type === 'header') return '#ddd6fe';
  return 'transparent';
}

/** Fitting the whole konnector below this zoom would make it unreadable: start at the trigger instead. */
const MIN_FIT_ZOOM = 0.5;
const START_ZOOM = 0.85;

/**
 * The first view: the whole konnector when it fits at a readable size, else its top (the trigger,
 * centred, at a readable zoom) so a long konnector opens where it starts.
 */
function initialView(flow: ReactFlowInstance<FlowNode, FlowEdge>, layout: Layout, el: HTMLElement | null): void {
  const trigger = layout.nodes[0];
  if (!el || !trigger) return;
  const { clientWidth: w, clientHeight: h } = el;
  let minX = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of layout.nodes) {
    minX = Math.min(minX, n.x);
    maxX = Math.max(maxX, n.x + n.width);
    maxY = Math.max(maxY, n.y + n.height);
  }
  const fitZoom = Math.min(w / ((maxX - minX) * 1.3), h / ((maxY - trigger.y) * 1.3));
  if (fitZoom >= MIN_FIT_ZOOM) {
    void flow.fitView({ maxZoom: 1, padding: 0.15 });
    return;
  }
  const zoom = Math.min(START_ZOOM, Math.max(MIN_FIT_ZOOM, w / ((maxX - minX) * 1.1)));
  void flow.setViewport({ x: w / 2 - (trigger.x + trigger.width / 2) * zoom, y: 32 - trigger.y * zoom, zoom });
}

/**
 * Pans to a node when asked (a problem clicked, a step inserted off screen). Centred in the canvas
 * as it is now: the side panel that opens with the selection has already narrowed it, while React
 * Flow's own size (what `setCenter` uses) catches up a frame later and would hide the node under
 * the panel.
 */
function FocusOn({ request }: { request: { stepId: string; nonce: number } | null }) {
  const flow = useReactFlow();
  const domNode = useStore((s) => s.domNode);
  useEffect(() => {
    if (!request) return;
    const id = request.stepId === 'trigger' ? 'trigger' : stepNodeId(request.stepId);
    const node = flow.getNode(id);
    if (!node) return;
    const zoom = Math.max(flow.getZoom(), 0.75);
    const x = node.position.x + (node.width ?? 0) / 2;
    const y = node.position.y + (node.height ?? 0) / 2;
    const w = domNode?.clientWidth ?? 0;
    const h = domNode?.clientHeight ?? 0;
    if (w > 0 && h > 0) void flow.setViewport({ x: w / 2 - x * zoom, y: h / 2 - y * zoom, zoom }, { duration: 300 });
    else void flow.setCenter(x, y, { zoom, duration: 300 });
  }, [request, flow, domNode]);
  return null;
}

export interface CanvasProps extends FlowInput {
  focus: { stepId: string; nonce: number } | null;
  onPaneClick: () => void;
  onSelect: (stepId: string) => void;
}

/**
 * The konnector drawn as a tree: zoom, pan, fit view, minimap. Dagre runs only when the tree's
 * shape changes (memoized on its key); node contents update without relayout, and unchanged
 * nodes keep their objects so React Flow skips them.
 */
export function Canvas({ focus, onPaneClick, onSelect, ...input }: CanvasProps) {
  const key = shapeKey(input.draft);
  const layout = useMemo(() => layoutShape(JSON.parse(key) as Shape[]), [key]);
  const { draft, catalogue, problems, testRun, sampleCount, selected } = input;
  const flow = useMemo(() => toFlow(layout, { draft, catalogue, problems, testRun, sampleCount, selected }), [layout, draft, catalogue, problems, testRun, sampleCount, selected]);
  const nodes = useStableItems(flow.nodes);
  const edges = useStableItems(flow.edges);
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const wrapper = useRef<HTMLDivElement>(null);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const onInit = useCallback((flow: ReactFlowInstance<FlowNode, FlowEdge>) => initialView(flow, layoutRef.current, wrapper.current), []);
  // A click handler also gives nodes pointer events (React Flow turns them off for static nodes).
  const onNodeClick = useCallback((_e: React.MouseEvent, node: Node) => {
    if (node.type === 'card') onSelect((node.data as CardData).stepId);
  }, [onSelect]);

  return (
    <div ref={wrapper} className="kn-canvas h-full w-full" data-far={far ? '' : undefined}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onInit={onInit}
        minZoom={0.1}
        maxZoom={1.75}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomOnDoubleClick={false}
        // A press that drifts a few pixels is still a click (a "+", a menu, a card), not a pan that swallows it.
        paneClickDistance={5}
        panOnScroll
        onPaneClick={onPaneClick}
        onNodeClick={onNodeClick}
        aria-label="Konnector canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
        <Controls showInteractive={false} position="bottom-left" />
        <MiniMap pannable zoomable position="bottom-right" nodeColor={minimapColor} nodeStrokeWidth={0} maskColor="rgba(241,245,249,0.7)" className="!rounded-lg !border !border-slate-200" />
        <FocusOn request={focus} />
      </ReactFlow>
    </div>
  );
}

'use client';

import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useCanvasActions } from './canvas-context';
import type { InsertEdgeData, PlainEdgeData } from './flow';
import { Icon } from './icons';

const STROKE = { stroke: '#94a3b8', strokeWidth: 1.5 };
/** An action's error branch. */
const ERROR_STROKE = { stroke: '#dc2626', strokeWidth: 1.5, strokeDasharray: '5 3' };
const strokeOf = (data: { tone?: 'error' } | undefined) => (data?.tone === 'error' ? ERROR_STROKE : STROKE);

function PlainEdgeView({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data }: EdgeProps<Edge<PlainEdgeData, 'plain'>>) {
  const [path] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10 });
  return <BaseEdge path={path} style={strokeOf(data)} />;
}

/** An edge between two consecutive items with the "+" that inserts a step between them. */
function InsertEdgeView({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data }: EdgeProps<Edge<InsertEdgeData, 'insert'>>) {
  const actions = useCanvasActions();
  const [path] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10 });
  // On the vertical run just above the target: always on the line, clear of the source's test badge.
  const x = targetX;
  const y = targetY - Math.min(22, (targetY - sourceY) * 0.4);
  return (
    <>
      <BaseEdge path={path} style={strokeOf(data)} />
      {data ? (
        <EdgeLabelRenderer>
          <button
            type="button"
            aria-label={data.label}
            title={data.label}
            onClick={(e) => actions.openInsert(e.currentTarget, data.at, data.label)}
            style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
            className="nodrag nopan pointer-events-auto absolute flex h-5 w-5 items-center justify-center rounded-full border border-slate-300 bg-white text-slate-500 transition-colors hover:border-indigo-400 hover:bg-indigo-50 hover:text-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            <Icon name="plus" size={12} />
          </button>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const PlainEdge = memo(PlainEdgeView);
export const InsertEdge = memo(InsertEdgeView);

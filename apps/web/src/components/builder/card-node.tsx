'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useId } from 'react';
import { useCanvasActions } from './canvas-context';
import type { CardNode as CardNodeType, TestStatus } from './flow';
import { Icon, NodeIcon } from './icons';
import type { MenuItem } from './popover-menu';

const hidden = { opacity: 0, pointerEvents: 'none' as const, width: 1, height: 1, minWidth: 0, minHeight: 0, border: 0 };

export function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} style={hidden} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} style={hidden} />
    </>
  );
}

const TEST_TONE: Record<TestStatus, { text: string; tone: string }> = {
  succeeded: { text: 'Passed', tone: 'border-emerald-200 bg-emerald-50 text-emerald-800' },
  failed: { text: 'Failed', tone: 'border-red-200 bg-red-50 text-red-800' },
  filtered: { text: 'Stopped here', tone: 'border-amber-200 bg-amber-50 text-amber-900' },
  skipped: { text: 'Skipped', tone: 'border-slate-200 bg-slate-50 text-slate-600' },
};

function StatusMark({ status, problems, describedBy }: { status: 'incomplete' | 'error' | 'ok'; problems: string; describedBy: string }) {
  if (status === 'ok') {
    return (
      <span className="inline-flex h-5 w-5 items-center justify-center rounded-full bg-emerald-100 text-emerald-700" title="Ready">
        <Icon name="check" size={12} />
        <span className="sr-only">Ready</span>
      </span>
    );
  }
  const label = status === 'incomplete' ? 'Incomplete' : 'Has problems';
  return (
    <span className="group/mark relative inline-flex">
      <span
        aria-describedby={problems ? describedBy : undefined}
        className={`inline-flex h-5 w-5 items-center justify-center rounded-full ${status === 'incomplete' ? 'bg-amber-100 text-amber-700' : 'bg-red-100 text-red-700'}`}
      >
        <Icon name="alert" size={12} />
        <span className="sr-only">{label}</span>
      </span>
      {problems ? (
        <span role="tooltip" id={describedBy} className="pointer-events-none absolute right-0 top-6 z-20 hidden w-64 whitespace-pre-line rounded-md bg-slate-900 px-2.5 py-2 text-xs text-white shadow-lg group-hover/mark:block">
          {problems}
        </span>
      ) : null}
    </span>
  );
}

/** A step or the trigger on the canvas: icon, app, title, summary, status, test result, menu. */
function CardNodeView({ data }: NodeProps<CardNodeType>) {
  const actions = useCanvasActions();
  const tipId = useId();
  const { stepId, title, kind } = data;
  const isTrigger = kind === 'trigger';

  const menu = (): MenuItem[] => {
    const items: MenuItem[] = [
      { label: 'Duplicate', onSelect: () => actions.dispatch({ type: 'duplicate', stepId }) },
      { label: 'Move up', disabled: !data.canMoveUp, onSelect: () => actions.dispatch({ type: 'move', stepId, by: -1 }) },
      { label: 'Move down', disabled: !data.canMoveDown, onSelect: () => actions.dispatch({ type: 'move', stepId, by: 1 }) },
    ];
    if (kind === 'path') {
      items.push({ label: 'Add branch', disabled: data.branches >= 10, onSelect: () => actions.dispatch({ type: 'addBranch', stepId }) });
      items.push(
        data.hasOtherwise
          ? { label: 'Remove otherwise', danger: true, onSelect: () => actions.dispatch({ type: 'removeOtherwise', stepId }) }
          : { label: 'Add otherwise', description: 'Runs when no branch matches', onSelect: () => actions.dispatch({ type: 'addOtherwise', stepId }) },
      );
    }
    if (kind === 'action') {
      items.push(
        data.hasErrorBranch
          ? { label: 'Remove error branch', danger: true, onSelect: () => actions.dispatch({ type: 'setOnError', stepId, onError: 'stop' }) }
          : { label: 'Add error branch', description: 'Steps that run when this action fails', onSelect: () => actions.dispatch({ type: 'setOnError', stepId, onError: 'branch' }) },
      );
    }
    items.push({ label: 'Delete', danger: true, onSelect: () => actions.dispatch({ type: 'delete', stepId }) });
    return items;
  };

  const test = data.testStatus ? TEST_TONE[data.testStatus] : null;
  return (
    <div
      data-testid={`node-${stepId}`}
      data-status={data.status}
      role="group"
      aria-label={title}
      className={`kn-card relative flex h-full w-full items-start gap-3 rounded-xl border bg-white px-3 py-2.5 transition-shadow hover:shadow-md ${
        data.selected ? 'border-indigo-500 ring-2 ring-indigo-500/40' : data.status === 'error' ? 'border-red-300' : 'border-slate-200'
      }`}
    >
      <button type="button" aria-label={`Open ${title}`} aria-pressed={data.selected} onClick={() => actions.select(stepId)} className="absolute inset-0 rounded-xl focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500" />
      <span className="kn-detail shrink-0">
        <NodeIcon kind={kind} entry={data.entry} />
      </span>
      <div className="kn-detail pointer-events-none flex min-w-0 flex-1 flex-col">
        <p className="truncate text-xs text-slate-500">
          <span className="font-semibold text-slate-400">{data.number}.</span> {isTrigger && data.entry ? `Trigger · ${data.app}` : data.app}
        </p>
        <p className="truncate text-sm font-semibold text-slate-900">{title}</p>
        <p className="truncate text-xs text-slate-600">{data.summary}</p>
      </div>
      <div className="kn-detail relative flex shrink-0 items-center gap-1">
        <StatusMark status={data.status} problems={data.problemText} describedBy={tipId} />
        {isTrigger ? null : (
          <button
            type="button"
            aria-label={`Step menu of ${title}`}
            onClick={(e) => {
              e.stopPropagation();
              actions.openMenu(e.currentTarget, title, menu());
            }}
            className="nodrag rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            <Icon name="more" />
          </button>
        )}
      </div>
      {test ? (
        <div className={`kn-detail absolute -bottom-3 right-3 flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-[11px] font-medium ${test.tone}`}>
          <span>
            {test.text}
            {data.testCount > 1 ? ` ×${data.testCount}` : ''}
          </span>
          <button
            type="button"
            aria-label={`View data of ${title}`}
            onClick={(e) => {
              e.stopPropagation();
              actions.showTestData(stepId, e.currentTarget);
            }}
            className="nodrag underline underline-offset-2 hover:no-underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            View data
          </button>
        </div>
      ) : null}
      <Handles />
    </div>
  );
}

export const CardNode = memo(CardNodeView);

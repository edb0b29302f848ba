'use client';

import type { NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { Handles } from './card-node';
import { useCanvasActions } from './canvas-context';
import type { EndNode as EndNodeType, HeaderNode as HeaderNodeType } from './flow';
import { Icon } from './icons';
import type { MenuItem } from './popover-menu';

const HEADER_TONE = {
  branch: 'border-violet-200 bg-violet-50 text-violet-900',
  otherwise: 'border-slate-300 bg-slate-100 text-slate-700',
  body: 'border-teal-200 bg-teal-50 text-teal-900',
  error: 'border-red-300 bg-red-50 text-red-800',
  root: 'border-slate-200 bg-white text-slate-700',
} as const;

/** The label above a path branch, the otherwise list or a repeater's body; branches can be renamed and deleted. */
function HeaderNodeView({ data }: NodeProps<HeaderNodeType>) {
  const actions = useCanvasActions();
  const [editing, setEditing] = useState(false);
  const { list, label } = data;
  const branch = list.kind === 'branch' ? list : null;

  const menu = (): MenuItem[] => {
    if (list.kind === 'otherwise') return [{ label: 'Remove otherwise', danger: true, onSelect: () => actions.dispatch({ type: 'removeOtherwise', stepId: list.stepId }) }];
    if (list.kind === 'error') return [{ label: 'Remove error branch', description: 'On error goes back to “Stop the run”', danger: true, onSelect: () => actions.dispatch({ type: 'setOnError', stepId: list.stepId, onError: 'stop' }) }];
    if (!branch) return [];
    return [
      { label: 'Rename branch', onSelect: () => setEditing(true) },
      { label: 'Add branch', onSelect: () => actions.dispatch({ type: 'addBranch', stepId: branch.stepId }) },
      { label: 'Delete branch', danger: true, disabled: !data.removable, onSelect: () => actions.dispatch({ type: 'removeBranch', stepId: branch.stepId, branchId: branch.branchId }) },
    ];
  };

  const commit = (value: string) => {
    setEditing(false);
    const name = value.trim();
    if (branch && name && name !== label) actions.dispatch({ type: 'renameBranch', stepId: branch.stepId, branchId: branch.branchId, name });
  };

  return (
    <div data-testid={`branch-${list.kind === 'branch' ? list.branchId : `${list.kind === 'root' ? 'root' : list.stepId}-${list.kind}`}`} className={`flex h-full w-full items-center gap-1 rounded-full border pl-3 pr-1 text-xs font-semibold ${HEADER_TONE[list.kind]}`}>
      {editing ? (
        <input
          aria-label="Branch name"
          defaultValue={label}
          autoFocus
          maxLength={120}
          onBlur={(e) => commit(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e.currentTarget.value);
            if (e.key === 'Escape') setEditing(false);
            e.stopPropagation();
          }}
          className="nodrag min-w-0 flex-1 rounded border border-violet-300 bg-white px-1.5 py-0.5 text-xs font-medium text-slate-900 focus:outline-none focus:ring-2 focus:ring-indigo-500"
        />
      ) : (
        <span className="min-w-0 flex-1 truncate" onDoubleClick={() => branch && setEditing(true)}>
          {label}
        </span>
      )}
      {list.kind === 'branch' || list.kind === 'otherwise' || list.kind === 'error' ? (
        <button
          type="button"
          aria-label={`Branch menu of ${label}`}
          onClick={(e) => actions.openMenu(e.currentTarget, label, menu())}
          className="kn-detail nodrag rounded-full p-1 opacity-70 hover:bg-white/70 hover:opacity-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          <Icon name="more" size={14} />
        </button>
      ) : null}
      <Handles />
    </div>
  );
}

/** The "+" that ends every list (appends to it; in an empty branch, its first step). */
function EndNodeView({ data }: NodeProps<EndNodeType>) {
  const actions = useCanvasActions();
  return (
    <div className="flex h-full w-full items-center justify-center">
      <button
        type="button"
        aria-label={data.label}
        title={data.label}
        onClick={(e) => actions.openInsert(e.currentTarget, data.at, data.label)}
        className="kn-detail nodrag nopan flex h-8 w-8 items-center justify-center rounded-full border-2 border-dashed border-slate-300 bg-white text-slate-500 transition-colors hover:border-indigo-400 hover:bg-indigo-50 hover:text-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        <Icon name="plus" size={16} />
      </button>
      <Handles />
    </div>
  );
}

/** Where a path's branches (or a repeater's body) meet again before the next step. */
function JoinNodeView() {
  return (
    <div className="h-full w-full rounded-full bg-slate-300">
      <Handles />
    </div>
  );
}

export const HeaderNode = memo(HeaderNodeView);
export const EndNode = memo(EndNodeView);
export const JoinNode = memo(JoinNodeView);

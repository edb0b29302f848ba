'use client';

/** One branch of a Paths step: its name, its conditions, and Remove (asks first when the branch has steps). */
import type { PathBranch } from '@konnect/schemas';
import { useId, useState } from 'react';
import { Button } from '@/components/button';
import { ConditionBuilder } from './condition-builder';
import { messagesAt, type PanelProblem } from './problems';

interface PathBranchProps {
  index: number;
  branch: PathBranch;
  problems: readonly PanelProblem[];
  canRemove: boolean;
  onChange: (next: PathBranch) => void;
  onRemove: () => void;
}

/** Messages as sentences: each ends with a full stop ("Branch "B" has no steps. Add steps…"). */
export function sentences(messages: readonly string[]): string {
  return messages.map((m) => (/[.!?]$/.test(m.trim()) ? m.trim() : `${m.trim()}.`)).join(' ');
}

export function PathBranchCard({ index, branch, problems, canRemove, onChange, onRemove }: PathBranchProps) {
  const nameId = useId();
  const [confirming, setConfirming] = useState(false);
  const base = ['branches', index] as const;
  const title = branch.name.trim() || `Branch ${index + 1}`;
  const nameMessages = messagesAt(problems, [...base, 'name']);
  const stepMessages = messagesAt(problems, [...base, 'steps']);
  return (
    <section aria-label={title} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-slate-50/50 p-3">
      <div className="flex items-end gap-2">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor={nameId} className="text-sm font-medium text-slate-800">
            Branch {index + 1} name
          </label>
          <input
            id={nameId}
            value={branch.name}
            maxLength={120}
            placeholder={`Branch ${index + 1}`}
            onChange={(e) => onChange({ ...branch, name: e.target.value })}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        {canRemove ? (
          <Button variant="ghost" className="px-2 py-2 text-xs" aria-label={`Remove branch ${title}`} onClick={() => (branch.steps.length ? setConfirming(true) : onRemove())}>
            Remove
          </Button>
        ) : null}
      </div>
      {nameMessages.length ? <p className="text-xs text-red-700">{nameMessages.join(' · ')}</p> : null}
      {confirming ? (
        <div role="alert" className="flex flex-col gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
          <p>
            Removing “{title}” also deletes its {branch.steps.length} step{branch.steps.length === 1 ? '' : 's'}.
          </p>
          <div className="flex gap-2">
            <Button variant="danger" className="px-2 py-1 text-xs" onClick={onRemove}>
              Delete branch and steps
            </Button>
            <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
          </div>
        </div>
      ) : null}
      <ConditionBuilder group={branch.conditions} path={[...base, 'conditions']} problems={problems} onChange={(conditions) => onChange({ ...branch, conditions })} />
      {stepMessages.length ? <p className="text-xs text-amber-800">{sentences(stepMessages)} Add steps to it on the canvas.</p> : null}
    </section>
  );
}

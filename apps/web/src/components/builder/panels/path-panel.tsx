'use client';

/** Paths: named branches, each with its conditions (the first that matches runs), and an optional "Otherwise" branch. */
import { MAX_BRANCHES, type PathBranch, type PathStep } from '@konnect/schemas';
import { Button } from '@/components/button';
import { FieldsProvider, usePanelFields } from './fields-context';
import { StepPanelFrame } from './step-panel-frame';
import { PathBranchCard } from './path-branch';
import { messagesAt } from './problems';
import { newBranch } from './step-ids';
import type { StepPanelProps } from './types';
import { OtherwiseToggle } from './otherwise-toggle';

export function PathPanel(props: StepPanelProps<PathStep>) {
  const { ctx, step, onChange } = props;
  const fields = usePanelFields(ctx, step.id);
  const setBranch = (i: number, branch: PathBranch) => onChange({ ...step, branches: step.branches.map((b, j) => (j === i ? branch : b)) });
  const full = step.branches.length >= MAX_BRANCHES;
  return (
    <FieldsProvider value={fields}>
      <StepPanelFrame
        {...props}
        title="Paths"
        subtitle="Each branch has its own conditions; the first branch that matches runs its steps."
        placed={['branches', 'otherwise']}
      >
        {step.branches.map((branch, i) => (
          <PathBranchCard
            key={branch.id}
            index={i}
            branch={branch}
            problems={ctx.problems}
            canRemove={step.branches.length > 1}
            onChange={(b) => setBranch(i, b)}
            onRemove={() => onChange({ ...step, branches: step.branches.filter((_, j) => j !== i) })}
          />
        ))}
        {messagesAt(ctx.problems, 'branches').map((m) => (
          <p key={m} className="text-xs text-red-700">
            {m}
          </p>
        ))}
        <Button variant="secondary" className="self-start" disabled={full} onClick={() => onChange({ ...step, branches: [...step.branches, newBranch(ctx.draft, step)] })}>
          + Add branch
        </Button>
        {full ? <p className="text-xs text-slate-500">A path has at most {MAX_BRANCHES} branches.</p> : null}
        <OtherwiseToggle step={step} onChange={onChange} messages={messagesAt(ctx.problems, 'otherwise')} />
      </StepPanelFrame>
    </FieldsProvider>
  );
}

'use client';

import { formatPath, type Problem, type Step } from '@konnect/schemas';
import { useState, type Dispatch, type SyntheticEvent } from 'react';
import { eventFieldPath, shownProblems } from './panels/problems';
import { StepPanel, TriggerPanel, type PanelContext } from './panels';
import type { CatalogueEntry, KonnectorDto, TestRunDto } from '@/lib/api-types';
import type { KonnectorDraft, TriggerSample } from '@/lib/konnector-bodies';
import { Icon, NodeIcon } from './icons';
import type { BuilderAction } from './model/history';
import { findStep } from './model/tree';
import { stepInfo, STEP_KIND, triggerInfo } from './node-info';

interface SidePanelProps {
  selected: string;
  workspaceId: string;
  konnector: KonnectorDto | null;
  draft: KonnectorDraft;
  sample: TriggerSample | null;
  testRun: TestRunDto | null;
  codeOutputs?: Readonly<Record<string, object>>;
  onCodeOutput?: (stepId: string, output: object) => void;
  problems: Problem[];
  /** Show required-field problems even on untouched fields (the user tried to test or turn on). */
  revealAll?: boolean;
  catalogue: readonly CatalogueEntry[];
  dispatch: Dispatch<BuilderAction>;
  onSample: (sample: TriggerSample) => void;
  onClose: () => void;
}

/** The right-hand panel of the selected node: the trigger's or the step's settings (the panels), with a header. (The trigger panel shows a Catch Hook's URL; the Runs drawer too.) */
export function SidePanel({ selected, workspaceId, konnector, draft, sample, testRun, codeOutputs, onCodeOutput, problems, revealAll = false, catalogue, dispatch, onSample, onClose }: SidePanelProps) {
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const touch = (e: SyntheticEvent) => {
    const path = eventFieldPath(e.target);
    const key = `${selected}|${path}`;
    if (path && !touched.has(key)) setTouched((all) => new Set(all).add(key));
  };
  const step: Step | null = selected === 'trigger' ? null : findStep(draft.steps, selected);
  if (selected !== 'trigger' && !step) return null;
  const own = shownProblems(
    problems.filter((p) => p.stepId === selected).map((p) => ({ path: formatPath(p.path), message: p.message, code: p.code })),
    (path) => touched.has(`${selected}|${path}`),
    revealAll,
  );
  const ctx: PanelContext = { workspaceId, konnectorId: konnector?.id ?? null, draft, sample, testRun, codeOutputs, onCodeOutput, problems: own, readOnly: false, triggerScan: konnector?.triggerScan ?? null };
  const info = step ? stepInfo(step, catalogue, problems) : triggerInfo(draft.trigger, catalogue, problems, sample?.records.length ?? null);
  const kind = step ? step.type : 'trigger';
  const entry = catalogue.find((c) => c.key === (step ? (step.type === 'action' ? step.connector : '') : draft.trigger.connector));

  return (
    <aside aria-label={`${info.title} settings`} className="flex w-[420px] shrink-0 flex-col border-l border-slate-200 bg-white">
      <header className="flex items-center gap-3 border-b border-slate-200 px-4 py-3">
        <NodeIcon kind={kind} entry={entry} size={32} />
        <div className="min-w-0 flex-1">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{step ? STEP_KIND[step.type] : 'Trigger'}</p>
          <h2 className="truncate text-base font-semibold text-slate-900">{info.title}</h2>
        </div>
        <button type="button" onClick={onClose} aria-label="Close panel" className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
          <Icon name="close" />
        </button>
      </header>
      <div className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto px-4 py-4" onBlurCapture={touch}>
        {step ? (
          <StepPanel key={step.id} ctx={ctx} step={step} onChange={(next) => dispatch({ type: 'updateStep', step: next, at: Date.now() })} onDone={onClose} />
        ) : (
          <TriggerPanel ctx={ctx} trigger={draft.trigger} onChange={(next) => dispatch({ type: 'updateTrigger', trigger: next, at: Date.now() })} onSample={onSample} onDone={onClose} />
        )}
      </div>
    </aside>
  );
}

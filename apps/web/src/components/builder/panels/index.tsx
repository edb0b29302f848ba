'use client';

/**
 * The builder's side panels. `TriggerPanel` configures the trigger; `StepPanel` shows the panel
 * of a step's type (action, filter, path, code, repeater).
 */
import { ActionPanel } from './action-panel';
import { CodePanel } from './code-panel';
import { FailPanel } from './fail-panel';
import { DelayPanel } from './delay-panel';
import { FilterPanel } from './filter-panel';
import { PathPanel } from './path-panel';
import { RepeaterPanel } from './repeater-panel';
import { RespondPanel } from './respond-panel';
import { CallPanel } from './call-panel';
import { ReturnPanel } from './return-panel';
import type { StepPanelProps } from './types';

export { TriggerPanel } from './trigger-panel';

export function StepPanel({ ctx, step, onChange, onDone }: StepPanelProps) {
  switch (step.type) {
    case 'action':
      return <ActionPanel ctx={ctx} step={step} onChange={onChange} onDone={onDone} />;
    case 'filter':
      return <FilterPanel ctx={ctx} step={step} onChange={onChange} onDone={onDone} />;
    case 'path':
      return <PathPanel ctx={ctx} step={step} onChange={onChange} onDone={onDone} />;
    case 'code':
      return <CodePanel ctx={ctx} step={step} onChange={onChange} onDone={onDone} />;
    case 'repeater':
      return <RepeaterPanel ctx={ctx} step={step} onChange={onChange} onDone={onDone} />;
    case 'fail':
      return <FailPanel ctx={ctx} step={step} onChange={onChange} onDone={onDone} />;
    case 'respond':
      return <RespondPanel ctx={ctx} step={step} onChange={onChange} onDone={onDone} />;
    case 'delay':
      return <DelayPanel ctx={ctx} step={step} onChange={onChange} onDone={onDone} />;
    case 'call':
      return <CallPanel ctx={ctx} step={step} onChange={onChange} onDone={onDone} />;
    case 'return':
      return <ReturnPanel ctx={ctx} step={step} onChange={onChange} onDone={onDone} />;
  }
}

export type { PanelContext, StepPanelProps, TriggerPanelProps, DraftTrigger } from './types';

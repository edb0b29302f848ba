'use client';

/**
 * TEMPORARY placeholders so the builder compiles while the panels are written (the panels
 * helper replaces this file). Exports: TriggerPanel, StepPanel.
 */
import { JsonView } from '@/components/runs/json-view';
import type { StepPanelProps, TriggerPanelProps } from './types';

export function TriggerPanel({ trigger }: TriggerPanelProps) {
  return <JsonView label="Trigger" value={trigger} />;
}

export function StepPanel({ step }: StepPanelProps) {
  return <JsonView label="Step" value={step} />;
}

export type { PanelContext, StepPanelProps, TriggerPanelProps, DraftTrigger } from './types';

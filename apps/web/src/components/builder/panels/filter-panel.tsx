'use client';

/** Filter: the run continues only when its conditions match. */
import type { FilterStep } from '@konnect/schemas';
import { ConditionBuilder } from './condition-builder';
import { FieldsProvider, usePanelFields } from './fields-context';
import { StepPanelFrame } from './step-panel-frame';
import type { StepPanelProps } from './types';

export function FilterPanel(props: StepPanelProps<FilterStep>) {
  const { ctx, step, onChange } = props;
  const fields = usePanelFields(ctx, step.id);
  return (
    <FieldsProvider value={fields}>
      <StepPanelFrame
        {...props}
        title="Filter"
        subtitle="Continue only when these conditions match; otherwise the run stops here (filtered)."
        placed={['conditions']}
      >
        <ConditionBuilder group={step.conditions} path={['conditions']} problems={ctx.problems} onChange={(conditions) => onChange({ ...step, conditions })} />
      </StepPanelFrame>
    </FieldsProvider>
  );
}

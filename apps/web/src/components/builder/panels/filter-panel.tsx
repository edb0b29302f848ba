'use client';

/** Filter: the run continues only when its conditions match. */
import type { FilterStep } from '@konnect/schemas';
import { Button } from '@/components/button';
import { ConditionBuilder } from './condition-builder';
import { FieldsProvider, usePanelFields } from './fields-context';
import { PanelFrame, withName } from './panel-frame';
import { unplaced } from './problems';
import type { StepPanelProps } from './types';

export function FilterPanel({ ctx, step, onChange, onDone }: StepPanelProps<FilterStep>) {
  const fields = usePanelFields(ctx, step.id);
  return (
    <FieldsProvider value={fields}>
      <PanelFrame
        title="Filter"
        subtitle="Continue only when these conditions match; otherwise the run stops here (filtered)."
        readOnly={ctx.readOnly}
        problems={unplaced(ctx.problems, ['name', 'conditions'])}
        name={{ value: step.name ?? '', placeholder: 'Filter', onChange: (t) => onChange(withName(step, t)) }}
        testRun={ctx.testRun}
        stepId={step.id}
        footer={
          <Button className="self-end" onClick={onDone}>
            Continue
          </Button>
        }
      >
        <ConditionBuilder group={step.conditions} path={['conditions']} problems={ctx.problems} onChange={(conditions) => onChange({ ...step, conditions })} />
      </PanelFrame>
    </FieldsProvider>
  );
}

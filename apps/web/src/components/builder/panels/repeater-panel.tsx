'use client';

/** Repeater: the list to loop over (one list field), and the most iterations a run does. */
import type { AvailableField } from '@konnect/engine/fields';
import { DEFAULT_MAX_ITERATIONS, MAX_ITERATIONS, type RepeaterStep } from '@konnect/schemas';
import { FieldsProvider, usePanelFields } from './fields-context';
import { MappedTextField } from './mapped-text-field';
import { NumberField } from './number-field';
import { StepPanelFrame } from './step-panel-frame';
import { messagesAt } from './problems';
import type { StepPanelProps } from './types';

const isList = (f: AvailableField) => f.type === 'array';

export function RepeaterPanel(props: StepPanelProps<RepeaterStep>) {
  const { ctx, step, onChange } = props;
  const fields = usePanelFields(ctx, step.id);
  return (
    <FieldsProvider value={fields}>
      <StepPanelFrame
        {...props}
        title="Repeater"
        subtitle="Runs the steps inside it once for each item of a list."
        placed={['items', 'maxIterations']}
      >
        <MappedTextField
          label="List to loop over"
          required
          replace
          accept={isList}
          placeholder="Insert a list field, e.g. line items"
          description="One field that holds a list, from the trigger or an earlier step."
          value={step.items}
          messages={messagesAt(ctx.problems, 'items')}
          onChange={(items) => onChange({ ...step, items })}
        />
        <NumberField
          label="Max iterations"
          min={1}
          max={MAX_ITERATIONS}
          value={step.maxIterations}
          placeholder={String(DEFAULT_MAX_ITERATIONS)}
          description={`Items beyond this are skipped (1 to ${MAX_ITERATIONS}).`}
          messages={messagesAt(ctx.problems, 'maxIterations')}
          onChange={(n) => onChange({ ...step, maxIterations: n ?? DEFAULT_MAX_ITERATIONS })}
        />
        <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
          Steps inside the repeater see the current item as <code>{'{{loop.item}}'}</code> (its fields as <code>{'{{loop.item.<field>}}'}</code>) and its position as{' '}
          <code>{'{{loop.index}}'}</code>, starting at 0. Add them on the canvas inside the loop.
        </p>
      </StepPanelFrame>
    </FieldsProvider>
  );
}

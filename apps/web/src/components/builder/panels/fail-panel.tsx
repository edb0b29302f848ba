'use client';

/** Fail run: ends the run as failed with a message (templated), e.g. at the end of an error branch. */
import type { FailStep } from '@konnect/schemas';
import { FieldsProvider, usePanelFields } from './fields-context';
import { MappedTextField } from './mapped-text-field';
import { messagesAt } from './problems';
import { StepPanelFrame } from './step-panel-frame';
import type { StepPanelProps } from './types';

export function FailPanel(props: StepPanelProps<FailStep>) {
  const { ctx, step, onChange } = props;
  const fields = usePanelFields(ctx, step.id);
  return (
    <FieldsProvider value={fields}>
      <StepPanelFrame {...props} title="Fail run" subtitle="Ends the run as failed with this message: the event log and the failure alert show it." placed={['message']}>
        <MappedTextField
          label="Message"
          required
          multiline
          placeholder="e.g. Could not create the task: insert Error Message"
          description="Text and fields. In an error branch, the failed step's Error Message, Error Status and Error Step are offered too."
          value={step.message}
          messages={messagesAt(ctx.problems, 'message')}
          onChange={(message) => onChange({ ...step, message })}
        />
        <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
          Steps after this one do not run. A run that ends here counts as failed: it raises the konnector’s failure alert, unlike an error branch that
          ends without it (that run ends <em>partial</em>).
        </p>
      </StepPanelFrame>
    </FieldsProvider>
  );
}

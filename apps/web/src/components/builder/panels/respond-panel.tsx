'use client';

/** Respond to Hook: the status, headers and body (JSON or text, mapped from the run's data) the waiting caller gets. */
import { REFUSED_RESPOND_HEADERS, type MappedValue, type RespondStep } from '@konnect/schemas';
import type { FieldDescriptor } from '@/components/schema-descriptors';
import { FieldsProvider, usePanelFields } from './fields-context';
import { MapField } from './map-field';
import { MappedTextField } from './mapped-text-field';
import { NumberField } from './number-field';
import { messagesAt, messagesUnder } from './problems';
import { StepPanelFrame } from './step-panel-frame';
import type { StepPanelProps } from './types';

const descriptor = (key: string, label: string, description: string): FieldDescriptor => ({ key, label, description, required: false, kind: 'map', options: [] });

const HEADERS = descriptor('headers', 'Headers', `Templated values. Not allowed (${REFUSED_RESPOND_HEADERS.length} names): hop-by-hop headers, Set-Cookie, Content-Type and Content-Length (they come from the body) and the security headers Konnect sets on every answer.`);
const JSON_BODY = descriptor('body', 'Body fields', 'Each key becomes a field of the JSON answer; a field that is exactly one reference keeps its type (a number stays a number).');

const textOnly = (headers: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

export function RespondPanel(props: StepPanelProps<RespondStep>) {
  const { ctx, step, onChange } = props;
  const fields = usePanelFields(ctx, step.id);
  const respondOn = ctx.draft.trigger.respond !== undefined;
  const body = step.body;
  return (
    <FieldsProvider value={fields}>
      <StepPanelFrame {...props} title="Respond to Hook" subtitle="Answer the caller of the Catch Hook with data from this run; the run goes on after answering." placed={['status', 'headers', 'body']}>
        {!respondOn ? (
          <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
            The trigger does not respond from the konnector yet: turn on “Respond from the konnector” in the Catch Hook trigger, or callers get 202 at once and this answer goes nowhere.
          </p>
        ) : null}
        <NumberField label="Status" min={200} max={599} value={step.status} placeholder="200" description="The HTTP status the caller gets (200–599)." messages={messagesAt(ctx.problems, 'status')} onChange={(n) => onChange({ ...step, status: n ?? 200 })} />
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium text-slate-800">Body</legend>
          <div role="radiogroup" aria-label="Body type" className="flex gap-3 text-sm">
            {(['json', 'text'] as const).map((kind) => (
              <label key={kind} className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name={`${step.id}-body-kind`}
                  checked={body.kind === kind}
                  onChange={() => onChange({ ...step, body: kind === 'json' ? { kind, value: {} } : { kind, value: '' } })}
                />
                {kind === 'json' ? 'JSON' : 'Text'}
              </label>
            ))}
          </div>
        </fieldset>
        {body.kind === 'json' ? (
          <MapField
            field={JSON_BODY}
            value={body.value}
            messages={messagesUnder(ctx.problems, ['body'])}
            onChange={(value: MappedValue | undefined) => onChange({ ...step, body: { kind: 'json', value: value ?? {} } })}
          />
        ) : (
          <>
            <MappedTextField label="Body text" multiline value={body.value} messages={messagesAt(ctx.problems, ['body', 'value'])} onChange={(value) => onChange({ ...step, body: { ...body, value } })} />
            <MappedTextField
              label="Content type"
              value={body.contentType ?? ''}
              placeholder="text/plain; charset=utf-8"
              description="For example text/html or application/xml. Answers are sandboxed: a page is never run as part of Konnect."
              messages={messagesAt(ctx.problems, ['body', 'contentType'])}
              onChange={(contentType) => {
                const { contentType: _old, ...rest } = body;
                onChange({ ...step, body: contentType.trim() ? { ...rest, contentType: contentType.trim() } : rest });
              }}
            />
          </>
        )}
        <MapField
          field={HEADERS}
          value={step.headers}
          messages={messagesUnder(ctx.problems, ['headers'])}
          onChange={(value) => onChange({ ...step, headers: textOnly(typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined) })}
        />
      </StepPanelFrame>
    </FieldsProvider>
  );
}

'use client';

/**
 * Delay: wait "for" an amount of minutes / hours / days (1 minute – 30 days), or "until" a date/time
 * mapped from data, read in a time zone. A live run waits durably (it holds no worker and survives
 * restarts); a test run does not wait.
 */
import { useId } from 'react';
import { DELAY_UNIT_MINUTES, MAX_DELAY_MINUTES, type DelayStep, type DelayUnit } from '@konnect/schemas';
import { describedBy, FieldFrame } from './field-frame';
import { FieldsProvider, usePanelFields } from './fields-context';
import { MappedTextField } from './mapped-text-field';
import { NumberField } from './number-field';
import { messagesAt } from './problems';
import { StepPanelFrame } from './step-panel-frame';
import type { StepPanelProps } from './types';

const UNITS: { value: DelayUnit; label: string }[] = [
  { value: 'minutes', label: 'Minutes' },
  { value: 'hours', label: 'Hours' },
  { value: 'days', label: 'Days' },
];

const control = 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500';

/** The browser's own zone: what a person means by "9:00" when they pick "until". */
function localZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function zones(current: string): string[] {
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  return [...new Set(['UTC', current, ...all])];
}

function Select({ label, value, options, onChange, messages = [], description }: { label: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void; messages?: string[]; description?: string }) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} required description={description} messages={messages}>
      <select id={id} className={control} value={value} aria-describedby={describedBy(id, description, messages)} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function DelayPanel(props: StepPanelProps<DelayStep>) {
  const { ctx, step, onChange } = props;
  const fields = usePanelFields(ctx, step.id);
  const unit = step.unit ?? 'minutes';
  const most = MAX_DELAY_MINUTES / DELAY_UNIT_MINUTES[unit];
  const timezone = step.timezone ?? 'UTC';
  return (
    <FieldsProvider value={fields}>
      <StepPanelFrame
        {...props}
        title="Delay"
        subtitle="Waits, then runs the next steps. The run is kept safe while it waits (restarts do not lose it) and holds no worker."
        placed={['mode', 'amount', 'unit', 'at', 'timezone']}
      >
        <Select
          label="Wait"
          value={step.mode}
          options={[
            { value: 'for', label: 'For an amount of time' },
            { value: 'until', label: 'Until a date and time' },
          ]}
          messages={messagesAt(ctx.problems, 'mode')}
          onChange={(mode) =>
            onChange(mode === 'until' ? { ...step, mode: 'until', at: step.at ?? '', timezone: step.timezone ?? localZone() } : { ...step, mode: 'for', amount: step.amount ?? 1, unit })
          }
        />
        {step.mode === 'for' ? (
          <div className="grid grid-cols-2 gap-3">
            <NumberField
              label="Amount"
              min={1}
              max={most}
              value={step.amount}
              description={`1 to ${most} ${unit} (at most 30 days).`}
              messages={messagesAt(ctx.problems, 'amount')}
              onChange={(amount) => onChange({ ...step, ...(amount === undefined ? { amount: undefined } : { amount }) })}
            />
            <Select label="Unit" value={unit} options={UNITS} messages={messagesAt(ctx.problems, 'unit')} onChange={(u) => onChange({ ...step, unit: u as DelayUnit })} />
          </div>
        ) : (
          <>
            <MappedTextField
              label="Until"
              required
              placeholder="Insert a date field, or type 2026-12-08 09:00"
              description="A date/time from the trigger or an earlier step, or typed. Without an offset it is read in the time zone below; a time already past goes on at once."
              value={step.at ?? ''}
              messages={messagesAt(ctx.problems, 'at')}
              onChange={(at) => onChange({ ...step, at })}
            />
            <Select
              label="Time zone"
              value={timezone}
              options={zones(timezone).map((z) => ({ value: z, label: z }))}
              messages={messagesAt(ctx.problems, 'timezone')}
              onChange={(tz) => onChange({ ...step, timezone: tz })}
            />
          </>
        )}
        <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
          The event log shows the run as <strong>Waiting until …</strong>; admins can resume it now or cancel it there. A test run does not wait. Later steps can map{' '}
          <code>{'{{steps.' + step.id + '.resumedAt}}'}</code> and <code>{'{{steps.' + step.id + '.waitedMs}}'}</code>.
        </p>
      </StepPanelFrame>
    </FieldsProvider>
  );
}

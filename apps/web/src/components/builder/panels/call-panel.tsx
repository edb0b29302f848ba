'use client';

/**
 * "Run konnector" (sub-konnectors): which konnector of this workspace to run (those that start
 * with "Called by another konnector"), a value for each of its declared inputs, and whether this
 * run waits for its result (with a timeout) or starts it and goes on.
 */
import { DEFAULT_CALL_TIMEOUT_SECONDS, MAX_CALL_TIMEOUT_SECONDS, type CallMode, type CallStep } from '@konnect/schemas';
import Link from 'next/link';
import { useId } from 'react';
import { useCallableKonnectors } from '@/lib/callable-queries';
import { FieldsProvider, usePanelFields } from './fields-context';
import { FieldFrame } from './field-frame';
import { keepKnownKeys, textOf, valueOf, withKey } from './input-values';
import { MappedTextField } from './mapped-text-field';
import { NumberField } from './number-field';
import { messagesAt } from './problems';
import { StepPanelFrame } from './step-panel-frame';
import type { StepPanelProps } from './types';

const MODES: { value: CallMode; label: string; hint: string }[] = [
  { value: 'wait', label: 'Wait for its result', hint: 'This run waits (holding no worker) until the konnector returns, then goes on with its Return output.' },
  { value: 'fire', label: 'Start it and go on', hint: 'This run goes on at once with the new run’s id; the konnector runs on its own.' },
];

const TYPE_HINT = { text: 'Text', number: 'A number', boolean: 'true or false', object: 'An object (map a field that holds one)', list: 'A list (map a field that holds one)' } as const;

export function CallPanel(props: StepPanelProps<CallStep>) {
  const { ctx, step, onChange } = props;
  const fields = usePanelFields(ctx, step.id);
  const selectId = useId();
  const { data: callables, isPending } = useCallableKonnectors(ctx.workspaceId);
  const choices = (callables ?? []).filter((k) => k.id !== ctx.konnectorId);
  const target = choices.find((k) => k.id === step.konnectorId);
  const konnectorMessages = messagesAt(ctx.problems, 'konnectorId');

  function pick(id: string) {
    const next = choices.find((k) => k.id === id);
    onChange({ ...step, konnectorId: id, input: keepKnownKeys(step.input, next?.inputs.map((p) => p.name) ?? []) });
  }

  return (
    <FieldsProvider value={fields}>
      <StepPanelFrame {...props} title="Run konnector" subtitle="Runs another konnector of this workspace with the inputs it declares." placed={['konnectorId', 'input', 'mode', 'timeoutSeconds']}>
        <FieldFrame id={selectId} label="Konnector to run" required messages={konnectorMessages} description="Konnectors whose trigger is “Called by another konnector”. They must be on to be run.">
          <select
            id={selectId}
            value={step.konnectorId}
            onChange={(e) => pick(e.target.value)}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            <option value="">{isPending ? 'Loading…' : choices.length ? 'Choose a konnector' : 'No konnector can be run yet'}</option>
            {choices.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
                {k.status === 'active' ? '' : ' (off)'}
              </option>
            ))}
            {step.konnectorId && !target ? <option value={step.konnectorId}>Unknown konnector ({step.konnectorId})</option> : null}
          </select>
        </FieldFrame>
        {!isPending && choices.length === 0 ? (
          <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
            Create a konnector whose trigger is <strong>Sub-konnector → Called by another konnector</strong>, declare its inputs and end it with a Return step.{' '}
            <Link className="text-indigo-700 underline" href={`/app/${ctx.workspaceId}/konnectors`}>
              Konnectors
            </Link>
          </p>
        ) : null}
        {target && target.status !== 'active' ? <p className="text-xs text-amber-800">“{target.name}” is off: runs of this konnector will fail at this step until you turn it on.</p> : null}
        {target ? (
          <fieldset className="flex flex-col gap-3">
            <legend className="mb-1 text-sm font-medium text-slate-800">Inputs</legend>
            {target.inputs.length === 0 ? <p className="text-xs text-slate-500">“{target.name}” declares no inputs.</p> : null}
            {target.inputs.map((param) => (
              <MappedTextField
                key={param.name}
                label={param.name}
                required={param.required}
                description={TYPE_HINT[param.type]}
                value={textOf(step.input[param.name])}
                messages={messagesAt(ctx.problems, ['input', param.name])}
                onChange={(text) => onChange({ ...step, input: withKey(step.input, param.name, valueOf(param.type === 'number' ? 'number' : param.type === 'boolean' ? 'boolean' : 'text', text)) })}
              />
            ))}
          </fieldset>
        ) : null}
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-slate-800">When it runs</legend>
          {MODES.map((m) => (
            <label key={m.value} className="flex items-start gap-2 text-sm">
              <input type="radio" name={`${step.id}-mode`} value={m.value} checked={step.mode === m.value} onChange={() => onChange({ ...step, mode: m.value })} className="mt-1" />
              <span>
                <span className="font-medium text-slate-900">{m.label}</span>
                <span className="block text-xs text-slate-500">{m.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {step.mode === 'wait' ? (
          <NumberField
            label="Timeout (seconds)"
            min={1}
            max={MAX_CALL_TIMEOUT_SECONDS}
            value={step.timeoutSeconds}
            placeholder={String(DEFAULT_CALL_TIMEOUT_SECONDS)}
            description={`If the konnector has not returned by then, this step fails with a timeout (the called run keeps going). 1 to ${MAX_CALL_TIMEOUT_SECONDS} s.`}
            messages={messagesAt(ctx.problems, 'timeoutSeconds')}
            onChange={(n) => onChange({ ...step, timeoutSeconds: n ?? DEFAULT_CALL_TIMEOUT_SECONDS })}
          />
        ) : null}
        {step.mode === 'wait' && target ? (
          <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
            Later steps can map what “{target.name}” returns{target.outputs.length ? `: ${target.outputs.join(', ')}` : ' (it has no Return step yet, so it returns {})'}.
          </p>
        ) : null}
      </StepPanelFrame>
    </FieldsProvider>
  );
}

'use client';

/** Catch Hook trigger: "Respond from the konnector" — the caller waits for a Respond to Hook step's answer. */
import { DEFAULT_RESPOND_TIMEOUT_S, MAX_RESPOND_TIMEOUT_S } from '@konnect/schemas';
import { useId } from 'react';
import { NumberField } from './number-field';
import { messagesAt, type PanelProblem } from './problems';
import type { DraftTrigger } from './types';

interface HookRespondOptionProps {
  trigger: DraftTrigger;
  onChange: (next: DraftTrigger) => void;
  problems: readonly PanelProblem[];
}

export function HookRespondOption({ trigger, onChange, problems }: HookRespondOptionProps) {
  const id = useId();
  const on = trigger.respond !== undefined;
  const messages = messagesAt(problems, 'respond');
  function toggle(next: boolean) {
    const { respond: _old, ...rest } = trigger;
    onChange(next ? { ...rest, respond: { timeoutSeconds: DEFAULT_RESPOND_TIMEOUT_S } } : rest);
  }
  return (
    <section aria-label="Respond from the konnector" className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3">
      <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input id={id} type="checkbox" checked={on} onChange={(e) => toggle(e.target.checked)} />
        Respond from the konnector
      </label>
      <p className="text-xs text-slate-500">
        {on
          ? 'The caller waits for the answer of a “Respond to Hook” step. Without one: 202 with the run id when the run ends; 500 if it fails first; 504 when the wait is over (the run goes on).'
          : 'Off: every call gets 202 with the run id at once. Turn on to answer the caller with data from the run.'}
      </p>
      {messages.length ? <p className="text-xs text-red-700">{messages.join(' · ')}</p> : null}
      {on ? (
        <NumberField
          label="Wait at most (seconds)"
          min={1}
          max={MAX_RESPOND_TIMEOUT_S}
          value={trigger.respond?.timeoutSeconds}
          placeholder={String(DEFAULT_RESPOND_TIMEOUT_S)}
          description={`How long the caller waits for the answer (1–${MAX_RESPOND_TIMEOUT_S} s, default ${DEFAULT_RESPOND_TIMEOUT_S}).`}
          messages={messagesAt(problems, ['respond', 'timeoutSeconds'])}
          onChange={(n) => onChange({ ...trigger, respond: { timeoutSeconds: n ?? DEFAULT_RESPOND_TIMEOUT_S } })}
        />
      ) : null}
    </section>
  );
}

'use client';

/** The trigger's own settings, rendered from its input JSON Schema, and "Poll every" for polling triggers. */
import { useId, useMemo } from 'react';
import { flatFields, formValue } from '@/components/schema-descriptors';
import { SchemaFields } from '@/components/schema-fields';
import type { CatalogueEntry } from '@/lib/api-types';
import { NumberField } from './number-field';
import { messagesAt, type PanelProblem } from './problems';
import type { DraftTrigger } from './types';

type CatalogueTrigger = CatalogueEntry['triggers'][number];

interface TriggerInputsProps {
  event: CatalogueTrigger;
  trigger: DraftTrigger;
  onChange: (next: DraftTrigger) => void;
  problems: readonly PanelProblem[];
}

export function TriggerInputs({ event, trigger, onChange, problems }: TriggerInputsProps) {
  const idPrefix = useId();
  const fields = useMemo(() => flatFields(event.input), [event]);
  const values = Object.fromEntries(fields.map((f) => [f.key, trigger.input[f.key] === undefined || trigger.input[f.key] === null ? '' : String(trigger.input[f.key])]));
  const errors = Object.fromEntries(fields.map((f) => [f.key, messagesAt(problems, ['input', f.key]).join(' · ')]).filter(([, m]) => m !== ''));

  function set(name: string, text: string) {
    const field = fields.find((f) => f.key === name);
    if (!field) return;
    const { [name]: _old, ...rest } = trigger.input;
    const value = formValue(field, text);
    onChange({ ...trigger, input: value === undefined ? rest : { ...rest, [name]: value } });
  }

  return (
    <>
      {fields.length ? <SchemaFields idPrefix={idPrefix} fields={fields} values={values} onChange={set} errors={errors} /> : null}
      {event.kind === 'polling' ? (
        <NumberField
          label="Poll every (seconds)"
          min={10}
          max={86_400}
          value={trigger.pollSeconds}
          placeholder={String(event.pollSeconds ?? 60)}
          description={`How often Konnect checks for new records (default ${event.pollSeconds ?? 60} s, at least 10 s).`}
          messages={messagesAt(problems, 'pollSeconds')}
          onChange={(n) => {
            const { pollSeconds: _old, ...rest } = trigger;
            onChange(n === undefined ? rest : { ...rest, pollSeconds: n });
          }}
        />
      ) : null}
    </>
  );
}

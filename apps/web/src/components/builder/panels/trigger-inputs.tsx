'use client';

/** The trigger's own settings, rendered from its input JSON Schema, and "Poll every" for polling triggers. */
import type { MappedInput } from '@konnect/schemas';
import { useId, useMemo } from 'react';
import { fieldSpecs, SchemaFields, type FieldSpec } from '@/components/schema-fields';
import type { CatalogueEntry } from '@/lib/api-types';
import { NumberField } from './number-field';
import { messagesAt, type PanelProblem } from './problems';
import type { DraftTrigger } from './types';

type CatalogueTrigger = CatalogueEntry['triggers'][number];

/** Properties a form can fill in (objects and lists, like a Catch Hook's caught payload, are not typed by hand). */
function scalarKeys(schema: unknown): Set<string> {
  const props = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  return new Set(Object.entries(props).filter(([, p]) => p.type !== 'object' && p.type !== 'array').map(([k]) => k));
}

function toValue(spec: FieldSpec, text: string): MappedInput[string] | undefined {
  if (spec.kind === 'checkbox') return text === 'true';
  if (text.trim() === '') return undefined;
  if (spec.kind === 'number' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

interface TriggerInputsProps {
  event: CatalogueTrigger;
  trigger: DraftTrigger;
  onChange: (next: DraftTrigger) => void;
  problems: readonly PanelProblem[];
}

export function TriggerInputs({ event, trigger, onChange, problems }: TriggerInputsProps) {
  const idPrefix = useId();
  const specs = useMemo(() => {
    const keys = scalarKeys(event.input);
    return fieldSpecs(event.input).filter((s) => keys.has(s.name));
  }, [event]);
  const values = Object.fromEntries(specs.map((s) => [s.name, trigger.input[s.name] === undefined || trigger.input[s.name] === null ? '' : String(trigger.input[s.name])]));
  const errors = Object.fromEntries(specs.map((s) => [s.name, messagesAt(problems, ['input', s.name]).join(' · ')]).filter(([, m]) => m !== ''));

  function set(name: string, text: string) {
    const spec = specs.find((s) => s.name === name);
    if (!spec) return;
    const { [name]: _old, ...rest } = trigger.input;
    const value = toValue(spec, text);
    onChange({ ...trigger, input: value === undefined ? rest : { ...rest, [name]: value } });
  }

  return (
    <>
      {specs.length ? <SchemaFields idPrefix={idPrefix} specs={specs} values={values} onChange={set} errors={errors} /> : null}
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

'use client';

/** A field with fixed values (an enum, or true/false) as a select, which can switch to a mapped field. */
import type { MappedValue } from '@konnect/schemas';
import { useId, useState } from 'react';
import { Button } from '@/components/button';
import { describedBy, FieldFrame } from './field-frame';
import { textOf, valueOf } from './input-values';
import { MappedTextField } from './mapped-text-field';
import type { FieldDescriptor } from '@/components/schema-descriptors';

const MAP = '__map_a_field__';

interface ChoiceFieldProps {
  field: FieldDescriptor;
  value: MappedValue | undefined;
  onChange: (next: MappedValue | undefined) => void;
  messages: string[];
}

function optionLabel(field: FieldDescriptor, option: string): string {
  if (field.kind === 'boolean') return option === 'true' ? 'True' : 'False';
  return option;
}

export function ChoiceField({ field, value, onChange, messages }: ChoiceFieldProps) {
  const id = useId();
  const text = textOf(value);
  const [mapping, setMapping] = useState(text !== '' && !field.options.includes(text));
  const kind = field.kind === 'boolean' ? 'boolean' : 'text';

  if (mapping) {
    return (
      <div className="flex flex-col gap-1">
        <MappedTextField label={field.label} required={field.required} description={field.description} value={text} onChange={(t) => onChange(valueOf(kind, t))} messages={messages} />
        <Button
          variant="ghost"
          className="self-start px-1 py-0.5 text-xs"
          onClick={() => {
            setMapping(false);
            if (!field.options.includes(text)) onChange(undefined);
          }}
        >
          Choose from the list instead
        </Button>
      </div>
    );
  }

  const blank = field.defaultValue !== undefined ? `Default (${String(field.defaultValue)})` : field.required ? 'Choose…' : '—';
  return (
    <FieldFrame id={id} label={field.label} required={field.required} description={field.description} messages={messages}>
      <select
        id={id}
        value={field.options.includes(text) ? text : ''}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={describedBy(id, field.description, messages)}
        onChange={(e) => {
          if (e.target.value === MAP) setMapping(true);
          else onChange(valueOf(kind, e.target.value));
        }}
        className={`rounded-md border bg-white px-3 py-2 text-sm ${messages.length ? 'border-red-400' : 'border-slate-300'}`}
      >
        <option value="">{blank}</option>
        {field.options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(field, o)}
          </option>
        ))}
        <option value={MAP}>Use a field from an earlier step…</option>
      </select>
    </FieldFrame>
  );
}

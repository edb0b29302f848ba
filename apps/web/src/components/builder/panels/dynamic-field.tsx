'use client';

/**
 * A Field Mapping text field whose choices come from the app (`dynamicOptions`): a dropdown
 * loaded with the step's connection, which can switch to a chip input to type any value or
 * insert a `{{…}}` field (it starts there when the value is mapped). Switching never drops the value.
 */
import type { MappedValue } from '@konnect/schemas';
import { useId, useState } from 'react';
import { Button } from '@/components/button';
import { OptionsCombobox } from '@/components/dynamic-options/options-combobox';
import { isTemplate } from '@/components/dynamic-options/options-model';
import { useOptionsSource } from '@/components/dynamic-options/options-source';
import type { FieldDescriptor } from '@/components/schema-descriptors';
import { describedBy, FieldFrame } from './field-frame';
import { textOf, valueOf } from './input-values';
import { MappedTextField } from './mapped-text-field';

interface DynamicFieldProps {
  field: FieldDescriptor & { dynamicOptions: string };
  value: MappedValue | undefined;
  onChange: (next: MappedValue | undefined) => void;
  messages: string[];
  placeholder?: string | undefined;
}

export function DynamicField({ field, value, onChange, messages, placeholder }: DynamicFieldProps) {
  const id = useId();
  const source = useOptionsSource();
  const text = textOf(value);
  const [typing, setTyping] = useState(isTemplate(text));

  if (!source || typing) {
    return (
      <div className="flex flex-col gap-1">
        <MappedTextField label={field.label} required={field.required} description={field.description} placeholder={placeholder} value={text} onChange={(t) => onChange(valueOf('text', t))} messages={messages} />
        {source ? (
          <Button variant="ghost" className="self-start px-1 py-0.5 text-xs" onClick={() => setTyping(false)}>
            Choose from {source.app.name} instead
          </Button>
        ) : null}
      </div>
    );
  }

  return (
    <FieldFrame id={id} label={field.label} required={field.required} description={field.description} messages={messages}>
      <OptionsCombobox
        id={id}
        label={field.label}
        name={field.dynamicOptions}
        source={source}
        value={text}
        onChange={(t) => onChange(valueOf('text', t))}
        describedBy={describedBy(id, field.description, messages)}
        invalid={messages.length > 0}
        placeholder={placeholder}
      />
      <Button variant="ghost" className="self-start px-1 py-0.5 text-xs" onClick={() => setTyping(true)}>
        Type a value or use a field from an earlier step…
      </Button>
    </FieldFrame>
  );
}

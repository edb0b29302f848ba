'use client';

/** A labelled chip input: the building block of Field Mapping, conditions and the repeater. */
import { useId } from 'react';
import type { AvailableField } from '@konnect/engine/fields';
import { describedBy, FieldFrame, labelId } from './field-frame';
import { MappedInput } from './mapped-input';

export interface MappedTextFieldProps {
  label: string;
  value: string;
  onChange: (next: string) => void;
  required?: boolean;
  description?: string;
  placeholder?: string;
  messages?: string[];
  multiline?: boolean;
  accept?: (field: AvailableField) => boolean;
  replace?: boolean;
}

export function MappedTextField({ label, value, onChange, required, description, placeholder, messages = [], multiline, accept, replace }: MappedTextFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} required={required} description={description} messages={messages}>
      <MappedInput
        id={id}
        label={label}
        labelledBy={labelId(id)}
        describedBy={describedBy(id, description, messages)}
        value={value}
        onChange={onChange}
        multiline={multiline}
        placeholder={placeholder}
        invalid={messages.length > 0}
        accept={accept}
        replace={replace}
      />
    </FieldFrame>
  );
}

'use client';

/**
 * A flat form's text field whose choices come from the app (a trigger setting naming
 * `dynamicOptions`): the dropdown, or a plain text box to type any value. Without an options
 * source (e.g. a connection's own fields) it is a plain text box.
 */
import { useState } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import type { FieldDescriptor } from '@/components/schema-descriptors';
import { OptionsCombobox } from './options-combobox';
import { useOptionsSource } from './options-source';

interface FlatOptionsFieldProps {
  id: string;
  field: FieldDescriptor & { dynamicOptions: string };
  value: string;
  onChange: (next: string) => void;
  error?: string | undefined;
}

export function FlatOptionsField({ id, field, value, onChange, error }: FlatOptionsFieldProps) {
  const source = useOptionsSource();
  const [typing, setTyping] = useState(false);
  const toggle = source ? (
    <Button variant="ghost" className="self-start px-1 py-0.5 text-xs" onClick={() => setTyping((t) => !t)}>
      {typing ? `Choose from ${source.app.name} instead` : 'Type a value instead…'}
    </Button>
  ) : null;
  if (!source || typing) {
    return (
      <div className="flex flex-col gap-1">
        <Field id={id} name={field.key} label={field.label} required={field.required} spellCheck={false} placeholder={field.placeholder} description={field.description} error={error} value={value} onChange={(e) => onChange(e.target.value)} />
        {toggle}
      </div>
    );
  }
  const describedBy = [field.description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {field.label}
        {field.required ? <span className="text-red-600" aria-hidden="true"> *</span> : null}
      </label>
      <OptionsCombobox id={id} label={field.label} name={field.dynamicOptions} source={source} value={value} onChange={onChange} describedBy={describedBy} invalid={Boolean(error)} placeholder={field.placeholder} />
      {field.description ? (
        <p id={`${id}-description`} className="text-xs text-slate-500">
          {field.description}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
      {toggle}
    </div>
  );
}

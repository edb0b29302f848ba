'use client';

/** A whole-number field with bounds: keeps what is typed, reports a bad value inline, and passes on only valid numbers. */
import { useId, useState } from 'react';
import { Field } from '@/components/field';

interface NumberFieldProps {
  label: string;
  value: number | undefined;
  onChange: (next: number | undefined) => void;
  min: number;
  max: number;
  placeholder?: string;
  description?: string;
  /** Problems from the server for this field. */
  messages?: string[];
}

export function NumberField({ label, value, onChange, min, max, placeholder, description, messages = [] }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [seen, setSeen] = useState(value);
  const [bad, setBad] = useState<string | null>(null);
  if (value !== seen) {
    setSeen(value);
    if (Number(text) !== value || text.trim() === '') {
      setText(value === undefined ? '' : String(value));
      setBad(null);
    }
  }

  function edit(next: string) {
    setText(next);
    if (next.trim() === '') {
      setBad(null);
      onChange(undefined);
      return;
    }
    const n = Number(next);
    if (!Number.isInteger(n) || n < min || n > max) {
      setBad(`Enter a whole number from ${min} to ${max}`);
      return;
    }
    setBad(null);
    onChange(n);
  }

  const error = [bad, ...messages].filter(Boolean).join(' · ') || undefined;
  return <Field id={id} label={label} type="number" inputMode="numeric" min={min} max={max} step={1} placeholder={placeholder} description={description} value={text} error={error} onChange={(e) => edit(e.target.value)} />;
}

'use client';

/** Free keys → values (custom attributes, headers, query parameters): rows of key + mapped value. */
import type { MappedValue } from '@konnect/schemas';
import { useId, useState } from 'react';
import { Button } from '@/components/button';
import { FieldFrame } from './field-frame';
import { mapOf, rowsOf, textOf, valueOf } from './input-values';
import { MappedInput } from './mapped-input';
import { MappedTextField } from './mapped-text-field';
import type { FieldDescriptor } from '@/components/schema-descriptors';
import { WholeValueToggle } from './whole-value-toggle';

interface MapFieldProps {
  field: FieldDescriptor;
  value: MappedValue | undefined;
  onChange: (next: MappedValue | undefined) => void;
  messages: string[];
}

type Row = { key: string; value: string };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function MapField({ field, value, onChange, messages }: MapFieldProps) {
  const id = useId();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(value));
  const [seen, setSeen] = useState(value);
  const whole = typeof value === 'string';
  // An outside change (undo, restore) resets the rows; our own edits keep half-typed rows.
  if (value !== seen) {
    setSeen(value);
    if (!same(mapOf(rows), value)) setRows(rowsOf(value));
  }

  function update(next: Row[]) {
    setRows(next);
    onChange(mapOf(next));
  }

  if (whole) {
    return (
      <div className="flex flex-col gap-1">
        <MappedTextField label={field.label} required={field.required} description={field.description} value={textOf(value)} onChange={(t) => onChange(valueOf('text', t) ?? '')} messages={messages} />
        <WholeValueToggle whole what="object" onToggle={() => update([])} />
      </div>
    );
  }

  return (
    <FieldFrame id={id} label={field.label} required={field.required} description={field.description} messages={messages}>
      <div id={id} className="flex flex-col gap-2">
        {rows.map((row, i) => (
          <div key={i} className="flex items-start gap-2">
            <input
              aria-label={`${field.label} key ${i + 1}`}
              placeholder="Key"
              value={row.key}
              onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))}
              className="mt-0.5 w-28 shrink-0 rounded-md border border-slate-300 px-2 py-2 text-sm"
            />
            <div className="min-w-0 flex-1">
              <MappedInput id={`${id}-v${i}`} label={`${field.label} value ${i + 1}`} value={row.value} onChange={(v) => update(rows.map((r, j) => (j === i ? { ...r, value: v } : r)))} />
            </div>
            <Button variant="ghost" aria-label={`Remove ${field.label} row ${i + 1}`} className="mt-0.5 px-2" onClick={() => update(rows.filter((_, j) => j !== i))}>
              ×
            </Button>
          </div>
        ))}
        <div className="flex items-center gap-2">
          <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setRows([...rows, { key: '', value: '' }])}>
            + Add {field.label.toLowerCase()} row
          </Button>
          <WholeValueToggle whole={false} what="object" onToggle={() => onChange('')} />
        </div>
      </div>
    </FieldFrame>
  );
}

'use client';

/** The "Field Mapping" tab: the action's input form, rendered from its JSON Schema, every text field a chip input. */
import type { MappedInput } from '@konnect/schemas';
import { useMemo } from 'react';
import type { CatalogueEntry } from '@/lib/api-types';
import { withKey } from './input-values';
import { MappedField } from './mapped-field';
import type { PanelProblem } from './problems';
import { describeFields } from '@/components/schema-descriptors';

interface FieldMappingProps {
  action: CatalogueEntry['actions'][number];
  input: MappedInput;
  onChange: (next: MappedInput) => void;
  problems: readonly PanelProblem[];
}

export function FieldMapping({ action, input, onChange, problems }: FieldMappingProps) {
  const fields = useMemo(() => describeFields(action.input), [action]);
  if (fields.length === 0) return <p className="text-sm text-slate-600">{action.name} has no fields to fill in.</p>;
  return (
    <div className="flex flex-col gap-4">
      <p className="text-xs text-slate-500">
        Type values, or press <span className="font-semibold">+</span> to insert fields from the trigger and earlier steps. Fields marked <span className="text-red-600">*</span> are required.
      </p>
      {fields.map((f) => (
        <MappedField key={f.key} field={f} value={input[f.key]} path={['input', f.key]} problems={problems} onChange={(v) => onChange(withKey(input, f.key, v))} />
      ))}
    </div>
  );
}

'use client';

/** Return (sub-konnectors): the fields this called konnector sends back to the konnector that ran it; the run ends here. */
import type { ReturnStep } from '@konnect/schemas';
import { useState } from 'react';
import { Button } from '@/components/button';
import { FieldsProvider, usePanelFields } from './fields-context';
import { mapOf, rowsOf } from './input-values';
import { MappedInput } from './mapped-input';
import { StepPanelFrame } from './step-panel-frame';
import type { StepPanelProps } from './types';

type Row = { key: string; value: string };

export function ReturnPanel(props: StepPanelProps<ReturnStep>) {
  const { ctx, step, onChange } = props;
  const fields = usePanelFields(ctx, step.id);
  const [rows, setRows] = useState<Row[]>(() => {
    const existing = rowsOf(step.output);
    return existing.length ? existing : [{ key: '', value: '' }];
  });

  function update(next: Row[]) {
    setRows(next);
    onChange({ ...step, output: mapOf(next) ?? {} });
  }

  return (
    <FieldsProvider value={fields}>
      <StepPanelFrame {...props} title="Return" subtitle="Ends this konnector's run and sends these fields to the konnector that ran it." placed={['output']}>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-slate-800">Output fields</legend>
          {rows.map((row, i) => (
            <div key={i} className="flex items-start gap-2">
              <input
                aria-label={`Output field name ${i + 1}`}
                placeholder="Name"
                value={row.key}
                onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))}
                className="mt-0.5 w-32 shrink-0 rounded-md border border-slate-300 px-2 py-2 text-sm"
              />
              <div className="min-w-0 flex-1">
                <MappedInput id={`${step.id}-out-${i}`} label={`Output field value ${i + 1}`} value={row.value} onChange={(v) => update(rows.map((r, j) => (j === i ? { ...r, value: v } : r)))} />
              </div>
              <Button variant="ghost" aria-label={`Remove output field ${i + 1}`} className="mt-0.5 px-2" onClick={() => update(rows.filter((_, j) => j !== i))}>
                ×
              </Button>
            </div>
          ))}
          <Button variant="secondary" className="self-start px-2 py-1 text-xs" onClick={() => setRows([...rows, { key: '', value: '' }])}>
            + Add output field
          </Button>
        </fieldset>
        <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
          A field that is exactly one inserted field keeps its type (a number stays a number). Steps after a Return never run; a konnector that ends without one returns {'{}'}.
        </p>
      </StepPanelFrame>
    </FieldsProvider>
  );
}

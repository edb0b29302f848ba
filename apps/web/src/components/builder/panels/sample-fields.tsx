'use client';

/**
 * "Sample Fields": the fields of recent records of the trigger (label, data type, example value),
 * "Refresh Fields" to fetch them live from the app, and a chooser when there are several records
 * (the chosen one is moved first: tests and the data picker use it).
 */
import { useId } from 'react';
import { Button } from '@/components/button';
import { messageOf } from '@/lib/api-client';
import type { CatalogueEntry } from '@/lib/api-types';
import { formatDateTime } from '@/lib/format-time';
import type { TriggerSample } from '@/lib/konnector-bodies';
import { useTriggerSample } from '@/lib/panel-queries';
import { chooseRecord, exampleText, recordSummary, shownValue } from './sample-record';
import type { DraftTrigger } from './types';

interface SampleFieldsProps {
  workspaceId: string;
  /** Catch Hook: the saved konnector whose caught requests are its sample. */
  konnectorId: string | null;
  app: CatalogueEntry;
  trigger: DraftTrigger;
  /** The sample of this trigger (null when none was fetched for its app and event). */
  sample: TriggerSample | null;
  onSample: (sample: TriggerSample) => void;
}

export function SampleFields({ workspaceId, konnectorId, app, trigger, sample, onSample }: SampleFieldsProps) {
  const headingId = useId();
  const refresh = useTriggerSample(workspaceId);
  const needsConnection = app.auth.kind !== 'none' && !trigger.connectionId;
  const record = sample?.records[0];

  function fetchFields() {
    refresh.mutate(
      {
        connector: trigger.connector,
        event: trigger.event,
        ...(trigger.connectionId ? { connectionId: trigger.connectionId } : {}),
        ...(konnectorId ? { konnectorId } : {}),
        input: trigger.input,
      },
      { onSuccess: (result) => onSample(result) },
    );
  }

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id={headingId} className="text-sm font-semibold text-slate-900">
          Sample Fields
        </h3>
        <Button variant="secondary" className="px-2 py-1 text-xs" disabled={refresh.isPending || needsConnection} onClick={fetchFields}>
          {refresh.isPending ? 'Fetching…' : 'Refresh Fields'}
        </Button>
      </div>
      {needsConnection ? <p className="text-xs text-slate-500">Choose a connection to fetch sample records from {app.name}.</p> : null}
      {refresh.error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
          {messageOf(refresh.error)}
        </p>
      ) : null}
      {!sample ? (
        <p className="text-sm text-slate-600">No sample yet. Refresh Fields fetches recent records from {app.name}, so you can map their fields in later steps.</p>
      ) : sample.records.length === 0 || !record ? (
        <p className="text-sm text-slate-600">{app.name} has no recent record for this event. Create one there, then Refresh Fields.</p>
      ) : (
        <>
          {sample.records.length > 1 ? (
            <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
              Sample record
              <select value="0" onChange={(e) => onSample(chooseRecord(sample, Number(e.target.value)))} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-normal">
                {sample.records.map((r, i) => (
                  <option key={i} value={String(i)}>
                    {recordSummary(r, i)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {/* Every row shows: the panel scrolls, the table does not hide rows in a box of its own. */}
          <div>
            <table className="w-full table-fixed text-left text-xs">
              <caption className="sr-only">Sample fields of {app.name}</caption>
              <thead className="bg-slate-50 text-slate-500">
                <tr>
                  <th scope="col" className="w-[38%] px-2 py-1 font-medium">
                    Field
                  </th>
                  <th scope="col" className="w-[17%] px-2 py-1 font-medium">
                    Data type
                  </th>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Example value
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {sample.fields.map((f) => {
                  const shown = shownValue(record, f);
                  return (
                    <tr key={f.path} className="align-top">
                      <td className="break-words px-2 py-1 font-medium text-slate-900" title={f.path}>
                        {f.label}
                        {f.path.includes('.') ? <span className="block break-all font-mono text-[11px] font-normal text-slate-500">{f.path}</span> : null}
                      </td>
                      <td className="break-words px-2 py-1 text-slate-500">{shown.type}</td>
                      <td className="break-words px-2 py-1 text-slate-700" title={shown.fromOther ? 'Empty in this record: an example from another sample record' : undefined}>
                        {shown.fromOther ? 'e.g. ' : ''}
                        {exampleText(shown.value)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-slate-500">
            {sample.records.length} record{sample.records.length === 1 ? '' : 's'} · fetched {formatDateTime(sample.fetchedAt)}
          </p>
        </>
      )}
    </section>
  );
}

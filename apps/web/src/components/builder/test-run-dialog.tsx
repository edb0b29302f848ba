'use client';

/**
 * "Test run" asks first when it matters (friction 11): the sample record to test with, the branch
 * each Path step takes for it, and the actions that will write to the real apps — a test run is a
 * real run of the draft, so a Create Note creates a note.
 */
import { useMemo, useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import type { CatalogueEntry } from '@/lib/api-types';
import type { KonnectorDraft, TriggerSample } from '@/lib/konnector-bodies';
import { recordSummary } from './panels/sample-record';
import { testPlan } from './test-plan';

interface Props {
  draft: KonnectorDraft;
  catalogue: readonly CatalogueEntry[];
  /** The trigger's sample (null: the test uses the trigger's example event). */
  sample: TriggerSample | null;
  /** Outputs already known ("Run code", the last test run): paths reading them can be told. */
  outputs: Readonly<Record<string, unknown>>;
  onRun: (recordIndex: number) => void;
  onClose: () => void;
}

export function TestRunDialog({ draft, catalogue, sample, outputs, onRun, onClose }: Props) {
  const [index, setIndex] = useState(0);
  const records = sample?.records ?? [];
  const plan = useMemo(() => testPlan(draft, catalogue, records[index], outputs), [draft, catalogue, records, index, outputs]);
  const writes = plan.writes.filter((w) => w.reachable);
  const skipped = plan.writes.filter((w) => !w.reachable);

  return (
    <Dialog open onClose={onClose} title="Test run" description="A test run is a real run of this draft with a sample record: its steps call the apps for real." wide>
      <div className="flex flex-col gap-4 text-sm">
        {records.length > 1 ? (
          <label className="flex flex-col gap-1 font-medium text-slate-800">
            Test with
            <select value={String(index)} onChange={(e) => setIndex(Number(e.target.value))} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-normal">
              {records.map((r, i) => (
                <option key={i} value={String(i)}>
                  {recordSummary(r, i)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p className="text-slate-700">
            Test with: <span className="font-medium">{records[0] ? recordSummary(records[0], 0) : 'the trigger’s example event (no sample fetched)'}</span>
          </p>
        )}

        {plan.paths.length ? (
          <section aria-label="Path branches" className="flex flex-col gap-1">
            <h3 className="font-semibold text-slate-900">Paths</h3>
            <ul className="flex flex-col gap-1">
              {plan.paths.map((p) => (
                <li key={p.stepId} data-testid={`path-preview-${p.stepId}`} className="rounded-md bg-slate-50 px-3 py-1.5">
                  <span className="font-medium">{p.title}</span>:{' '}
                  {p.decided ? (p.branchName ? <>takes the branch <span className="font-medium">“{p.branchName}”</span></> : <>no branch matches — the run stops here</>) : <>decided during the run</>}
                  <span className="block text-xs text-slate-500">{p.reason}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {writes.length ? (
          <section aria-label="Actions that write" className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-950">
            <h3 className="font-semibold">
              {writes.length === 1 ? 'This action writes' : `These ${writes.length} actions write`} to the real app{new Set(writes.map((w) => w.app)).size === 1 ? '' : 's'}:
            </h3>
            <ul className="list-disc pl-5">
              {writes.map((w) => (
                <li key={w.stepId}>
                  {w.app}: {w.title}
                </li>
              ))}
            </ul>
            <p className="text-xs">Records they create or change stay there after the test.</p>
          </section>
        ) : (
          <p className="text-slate-600">No action on this record’s route writes to an app.</p>
        )}
        {skipped.length ? <p className="text-xs text-slate-500">Not run for this record (another branch): {skipped.map((w) => `${w.app}: ${w.title}`).join(', ')}.</p> : null}

        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button autoFocus onClick={() => onRun(index)}>
            {writes.length ? 'Run test and write' : 'Run test'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

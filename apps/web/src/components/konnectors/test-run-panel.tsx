'use client';

import { useMutation } from '@tanstack/react-query';
import { Button } from '@/components/button';
import { JsonView } from '@/components/runs/json-view';
import { RunStatusBadge } from '@/components/runs/run-status-badge';
import { StepTree } from '@/components/runs/step-tree';
import { api, ApiError, messageOf } from '@/lib/api-client';
import type { TestRunDto } from '@/lib/api-types';
import { wsPath } from '@/lib/queries';
import { ProblemsList } from './problems-list';

/** "Test": runs the draft once on the trigger's latest sample record and shows every step; nothing is stored. */
export function TestRunPanel({ workspaceId, konnectorId, disabled }: { workspaceId: string; konnectorId: string; disabled: boolean }) {
  const test = useMutation({
    mutationFn: () => api<TestRunDto>(wsPath(workspaceId, `/konnectors/${konnectorId}/test`), { method: 'POST', body: {} }),
  });
  const error = test.error;
  return (
    <section aria-labelledby="test-heading" className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-4">
        <div>
          <h2 id="test-heading" className="text-lg font-semibold">
            Test
          </h2>
          <p className="text-sm text-slate-600">Runs the draft once on the trigger&apos;s latest record. Actions really run in the apps; nothing is added to the event log.</p>
        </div>
        <Button variant="secondary" onClick={() => test.mutate()} disabled={disabled || test.isPending}>
          {test.isPending ? 'Testing…' : 'Test konnector'}
        </Button>
      </div>
      <div aria-live="polite" className="flex flex-col gap-3">
        {error ? (
          <div role="alert" className="flex flex-col gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
            <p>{messageOf(error)}</p>
            {error instanceof ApiError && error.problems.length ? <ProblemsList problems={error.problems} /> : null}
          </div>
        ) : null}
        {test.data ? (
          <>
            <p className="flex items-center gap-2 text-sm">
              <RunStatusBadge status={test.data.status} /> {test.data.summary}
            </p>
            <JsonView label="Sample trigger data" value={test.data.sample} />
            <StepTree nodes={test.data.tree} steps={test.data.steps} />
          </>
        ) : null}
      </div>
    </section>
  );
}

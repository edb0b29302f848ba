import Link from 'next/link';
import { useParams } from 'next/navigation';
import { formatDuration } from '@/lib/format-time';
import type { StepView } from '@/lib/api-types';
import { JsonView } from './json-view';
import { RespondSummary } from './respond-summary';
import { RunStatusBadge } from './run-status-badge';

/** "0/2" (0-based, nested loops) as people count it: "1/3". */
const humanIteration = (iteration: string) => iteration.split('/').map((n) => (/^\d+$/.test(n) ? String(Number(n) + 1) : n)).join('/');

/** The HTTP exchange of a failed action: what was sent and what the app answered. */
function Exchange({ exchange }: { exchange: NonNullable<NonNullable<StepView['error']>['exchange']> }) {
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <JsonView label={`Request: ${exchange.request.method} ${exchange.request.url}`} value={exchange.request.body} />
      <JsonView label={exchange.response ? `Response: HTTP ${exchange.response.status}` : 'No response'} value={exchange.response?.body} />
    </div>
  );
}

/** One step record: status, timing, input after mapping, output, error with the app's message, logs. */
export function StepCard({ view, open = false }: { view: StepView; open?: boolean }) {
  const error = view.error;
  const params = useParams<{ workspaceId?: string }>();
  return (
    <details open={open || view.status === 'failed'} className="group rounded-lg border border-slate-200 bg-white">
      <summary className="flex cursor-pointer list-none items-center gap-3 rounded-lg px-4 py-3 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
        <span aria-hidden="true" className="text-slate-400 transition-transform group-open:rotate-90">
          ▶
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium text-slate-900">{view.name}</span>
          <span className="block text-xs text-slate-500">
            {view.stepId}
            {view.iteration ? ` · iteration ${humanIteration(view.iteration)}` : ''} · {formatDuration(view.durationMs)}
            {` · ${view.attempts} attempt${view.attempts === 1 ? '' : 's'}`}
          </span>
        </span>
        <RunStatusBadge status={view.status} />
      </summary>
      <div className="flex flex-col gap-3 border-t border-slate-200 px-4 py-3">
        {error ? (
          <div role="alert" className="flex flex-col gap-1 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
            <p className="font-medium">{error.message}</p>
            <p className="text-xs text-red-800">
              {error.kind === 'failed_by_step' ? 'ended by a Fail run step' : error.kind}
              {error.status ? ` · HTTP ${error.status}` : ''}
              {error.retryable ? ' · retryable' : ''}
            </p>
          </div>
        ) : null}
        {error?.exchange ? <Exchange exchange={error.exchange} /> : null}
        {view.type === 'respond' ? <RespondSummary view={view} /> : null}
        {view.calledRunId && params?.workspaceId ? (
          <p className="text-sm">
            <Link className="text-indigo-700 underline" href={`/app/${params.workspaceId}/runs/${view.calledRunId}`}>
              Open the called run
            </Link>
          </p>
        ) : null}
        <div className="grid gap-3 md:grid-cols-2">
          <JsonView label="Input (after mapping)" value={view.input} />
          <JsonView label="Output" value={view.output} />
        </div>
        {view.logs.length ? <JsonView label="Logs" value={view.logs} /> : null}
      </div>
    </details>
  );
}

'use client';

/** What "Run code" returned: the output, or the error with line:column, and the logs. */
import { JsonView } from '@/components/runs/json-view';
import { formatDuration } from '@/lib/format-time';
import type { CodeRunResult } from '@/lib/panel-queries';

export function CodeResult({ result }: { result: CodeRunResult }) {
  const where = !result.ok && result.error.line !== undefined ? `Line ${result.error.line}${result.error.column !== undefined ? `:${result.error.column}` : ''}: ` : '';
  return (
    <div aria-live="polite" className="flex flex-col gap-2">
      {result.ok ? (
        <p className="text-sm text-emerald-800">Ran in {formatDuration(result.durationMs)}.</p>
      ) : (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
          {where}
          {result.error.message}
        </p>
      )}
      {result.ok ? <JsonView label="Output" value={result.output} /> : null}
      {result.logs.length ? <JsonView label="Logs" value={result.logs} /> : <p className="text-xs text-slate-500">No logs (console.log writes here).</p>}
    </div>
  );
}

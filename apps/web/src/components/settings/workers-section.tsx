'use client';

import { useQuery } from '@tanstack/react-query';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { api, messageOf } from '@/lib/api-client';
import type { Health, HealthDetail } from '@/lib/api-types';
import { formatDateTime, formatRelative } from '@/lib/format-time';

type HealthWithDetail = Health & { detail: HealthDetail | null };

/** The worker processes sharing the work (their heartbeats), and the queues' depth: for owners and admins. */
export function WorkersSection() {
  const ws = useWorkspace();
  const manage = canManage(ws);
  const health = useQuery({
    queryKey: ['health', 'detail'],
    queryFn: () => api<HealthWithDetail>('/api/health?detail=1'),
    enabled: manage,
    refetchInterval: 10_000,
  });
  if (!manage) return null;
  const detail = health.data?.detail;
  return (
    <section aria-labelledby="workers-title" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="workers-title" className="text-lg font-semibold">
        Workers
      </h2>
      <p className="text-sm text-slate-600">The processes that poll triggers and execute runs. Each one reports a heartbeat; one of them keeps Redis in step with the database.</p>
      {health.isError ? <p role="alert" className="mt-3 text-sm text-red-800">Could not load: {messageOf(health.error)}</p> : null}
      {health.data && health.data.down.length > 0 ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          Down: {health.data.down.join(', ')}. Runs wait and resume when it is back.
        </p>
      ) : null}
      {detail ? (
        <>
          <table className="mt-3 w-full text-sm">
            <caption className="sr-only">Live workers</caption>
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1 font-medium">Worker</th>
                <th className="py-1 font-medium">Started</th>
                <th className="py-1 font-medium">Jobs in flight</th>
                <th className="py-1 font-medium">Last heartbeat</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {detail.workers.length === 0 ? (
                <tr>
                  <td colSpan={4} className="py-2 text-red-800">
                    No worker is running: triggers do not fire and runs wait.
                  </td>
                </tr>
              ) : null}
              {detail.workers.map((w) => (
                <tr key={w.id}>
                  <td className="py-1 font-mono text-xs">
                    {w.id}
                    {w.leader ? <span className="ml-2 rounded bg-indigo-50 px-1 text-indigo-800">reconciler</span> : null}
                    {w.reconcileError ? (
                      <span role="alert" className="mt-1 block font-sans text-red-800">
                        Keeping Redis in step with the database failed: {w.reconcileError}. It is tried again every 30 s.
                      </span>
                    ) : null}
                  </td>
                  <td className="py-1">{formatDateTime(w.startedAt)}</td>
                  <td className="py-1 tabular-nums">{w.inFlight}</td>
                  <td className="py-1">{formatRelative(w.heartbeatAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-500">
            Queued runs: {detail.queues.run?.waiting ?? 0} waiting, {detail.queues.run?.active ?? 0} running, {detail.queues.run?.delayed ?? 0} delayed.
          </p>
        </>
      ) : null}
    </section>
  );
}

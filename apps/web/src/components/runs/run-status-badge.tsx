import type { RunSummaryDto } from '@/lib/api-types';

type Status = RunSummaryDto['status'] | 'skipped' | 'deferred';

const LOOK: Record<Status, { label: string; className: string }> = {
  succeeded: { label: 'Succeeded', className: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20' },
  filtered: { label: 'Filtered', className: 'bg-slate-100 text-slate-700 ring-slate-500/20' },
  failed: { label: 'Failed', className: 'bg-red-50 text-red-800 ring-red-600/20' },
  partial: { label: 'Partial', className: 'bg-amber-50 text-amber-800 ring-amber-600/20' },
  queued: { label: 'Queued', className: 'bg-sky-50 text-sky-800 ring-sky-600/20' },
  running: { label: 'Running', className: 'bg-indigo-50 text-indigo-800 ring-indigo-600/20' },
  waiting: { label: 'Waiting', className: 'bg-violet-50 text-violet-800 ring-violet-600/20' },
  cancelled: { label: 'Cancelled', className: 'bg-slate-100 text-slate-600 ring-slate-500/30' },
  skipped: { label: 'Skipped', className: 'bg-slate-50 text-slate-500 ring-slate-400/20' },
  deferred: { label: 'Waiting to retry', className: 'bg-amber-50 text-amber-800 ring-amber-600/20' },
};

/** A run's or a step's status as a coloured label (text, not colour alone, carries the meaning). */
export function RunStatusBadge({ status }: { status: string }) {
  const look = LOOK[status as Status] ?? { label: status, className: 'bg-slate-100 text-slate-700 ring-slate-500/20' };
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${look.className}`}>{look.label}</span>;
}

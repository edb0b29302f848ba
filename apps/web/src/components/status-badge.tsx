import type { ConnectionDto } from '@/lib/api-types';

const LOOK: Record<ConnectionDto['status'], { label: string; className: string }> = {
  ok: { label: 'Connected', className: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20' },
  needs_attention: { label: 'Needs attention', className: 'bg-amber-50 text-amber-800 ring-amber-600/20' },
  unchecked: { label: 'Not tested', className: 'bg-slate-100 text-slate-700 ring-slate-500/20' },
};

export function StatusBadge({ status }: { status: ConnectionDto['status'] }) {
  const look = LOOK[status];
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${look.className}`}>{look.label}</span>;
}

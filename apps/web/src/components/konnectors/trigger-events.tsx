'use client';

import type { KonnectorDto } from '@/lib/api-types';
import { formatDateTime } from '@/lib/format-time';
import { useTriggerEvents } from '@/lib/konnector-queries';
import { ScanNote } from './scan-note';
import { triggerScanText } from '@/lib/trigger-health';
import { TriggerHealthNote } from './trigger-health-note';

const STATE_LABEL = { ok: 'Working', retrying: 'Retrying', paused: 'Paused' } as const;
const STATE_STYLE = { ok: 'bg-emerald-100 text-emerald-800', retrying: 'bg-amber-100 text-amber-900', paused: 'bg-red-100 text-red-800' } as const;

/**
 * The trigger in the event log: its health now, and its changes of state (one line per change,
 * not per poll) — the background failures that made no run.
 */
export function TriggerEvents({ workspaceId, konnector }: { workspaceId: string; konnector: KonnectorDto }) {
  const events = useTriggerEvents(workspaceId, konnector.id);
  const rows = events.data ?? [];
  return (
    <section aria-label="Trigger health" className="flex flex-col gap-2">
      <TriggerHealthNote health={konnector.triggerHealth} active={konnector.status === 'active'} />
      <ScanNote text={triggerScanText(konnector.triggerScan)} />
      {rows.length > 0 ? (
        <details className="rounded-md border border-slate-200 bg-white text-sm" open={konnector.triggerHealth.state !== 'ok'}>
          <summary className="cursor-pointer px-3 py-2 font-medium text-slate-800">Trigger events ({rows.length})</summary>
          <ol className="divide-y divide-slate-100">
            {rows.map((e) => (
              <li key={e.id} className="flex items-start gap-3 px-3 py-2">
                <span className={`shrink-0 rounded px-1.5 py-0.5 text-xs font-medium ${STATE_STYLE[e.state]}`}>{STATE_LABEL[e.state]}</span>
                <span className="min-w-0 flex-1 text-slate-700">{e.reason || '—'}</span>
                <time dateTime={e.at} className="shrink-0 text-xs text-slate-500">
                  {formatDateTime(e.at)}
                </time>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

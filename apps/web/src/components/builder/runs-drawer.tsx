'use client';

import { RunList } from '@/components/runs/run-list';
import type { KonnectorDto } from '@/lib/api-types';
import { Drawer } from './drawer';
import { WebhookUrl } from './webhook-url';

/** The konnector's event log (its runs, newest first) and, for Catch Hook triggers, its URL. */
export function RunsDrawer({ workspaceId, konnector, onClose }: { workspaceId: string; konnector: KonnectorDto; onClose: () => void }) {
  return (
    <Drawer title="Runs" onClose={onClose} wide>
      {konnector.webhook ? <WebhookUrl url={konnector.webhook.url} enabled={konnector.webhook.enabled && konnector.status === 'active'} /> : null}
      {konnector.triggerError ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          The trigger cannot run: {konnector.triggerError}
        </p>
      ) : null}
      <RunList workspaceId={workspaceId} konnectorId={konnector.id} />
    </Drawer>
  );
}

'use client';

import { TriggerEvents } from '@/components/konnectors/trigger-events';
import { RunList } from '@/components/runs/run-list';
import type { KonnectorDto } from '@/lib/api-types';
import { Drawer } from './drawer';
import { WebhookUrl } from './webhook-url';

/** The konnector's event log (trigger health and events, its runs newest first) and, for Catch Hook triggers, its URL. */
export function RunsDrawer({ workspaceId, konnector, onClose }: { workspaceId: string; konnector: KonnectorDto; onClose: () => void }) {
  return (
    <Drawer title="Runs" onClose={onClose} wide>
      {konnector.webhook ? <WebhookUrl url={konnector.webhook.url} enabled={konnector.webhook.enabled && konnector.status === 'active'} /> : null}
      <TriggerEvents workspaceId={workspaceId} konnector={konnector} />
      <RunList workspaceId={workspaceId} konnectorId={konnector.id} />
    </Drawer>
  );
}

'use client';

/** Catch Hook: where apps send their requests. */
import { useWebhookUrl } from '@/lib/panel-queries';

export function WebhookHint({ workspaceId, konnectorId }: { workspaceId: string; konnectorId: string | null }) {
  const { data: url } = useWebhookUrl(workspaceId, konnectorId);
  return (
    <div className="flex flex-col gap-1 rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
      <span className="font-medium">Webhook URL</span>
      {url ? (
        <>
          <code className="break-all rounded bg-white px-2 py-1 text-xs" aria-label="Webhook URL">
            {url}
          </code>
          <span className="text-xs">Send a POST with a JSON or form body to this URL; each request starts a run.</span>
        </>
      ) : (
        <span className="text-xs">Your konnector gets its own webhook URL when you save it and turn it on. Send a POST with a JSON or form body to it; each request starts a run.</span>
      )}
    </div>
  );
}

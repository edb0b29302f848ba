'use client';

import { useState } from 'react';
import { Button } from '@/components/button';

/** A Catch Hook konnector's URL with a copy button. */
export function WebhookUrl({ url, enabled }: { url: string; enabled: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <section aria-label="Webhook URL" className="flex flex-col gap-1.5 rounded-lg border border-slate-200 bg-slate-50 p-3">
      <h3 className="text-sm font-semibold text-slate-900">Webhook URL</h3>
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-white px-2.5 py-1.5 font-mono text-xs" data-testid="webhook-url" title={url}>
          {url}
        </code>
        <Button
          variant="secondary"
          className="!py-1.5"
          onClick={() => {
            void navigator.clipboard.writeText(url).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p className="text-xs text-slate-500">{enabled ? 'POST JSON to this URL to start a run.' : 'Receives calls once the konnector is active.'}</p>
    </section>
  );
}

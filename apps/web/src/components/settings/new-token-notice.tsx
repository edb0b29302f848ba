'use client';

import { useState } from 'react';
import { Button } from '@/components/button';

/** The one time a token is visible: with a copy button. */
export function NewTokenNotice({ token, name, onDismiss }: { token: string; name: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div role="status" className="flex flex-col gap-2 rounded-md border border-emerald-200 bg-emerald-50 p-4">
      <p className="text-sm font-medium text-emerald-900">Your new token &ldquo;{name}&rdquo;. Copy it now: you will not see it again.</p>
      <div className="flex items-center gap-2">
        <label htmlFor="new-token" className="sr-only">
          New API token
        </label>
        <input id="new-token" readOnly value={token} onFocus={(e) => e.currentTarget.select()} className="flex-1 rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-xs" />
        <Button variant="secondary" onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </Button>
        <Button variant="ghost" onClick={onDismiss}>
          Done
        </Button>
      </div>
      {copied === 'failed' ? <p className="text-xs text-red-700">Copy failed: select the token and copy it by hand.</p> : null}
    </div>
  );
}

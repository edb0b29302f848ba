'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { EmptyState } from '@/components/empty-state';
import { canManage, useWorkspace } from '@/components/shell/workspace-context';
import { ListSkeleton } from '@/components/skeleton';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { TokenDto } from '@/lib/api-types';
import { keys, useTokens, wsPath } from '@/lib/queries';
import { NewTokenNotice } from './new-token-notice';
import { SCOPE_HINTS, TokenForm } from './token-form';

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : 'never';
}

function Expiry({ iso }: { iso: string | null }) {
  if (!iso) return <span>never expires</span>;
  if (new Date(iso).getTime() <= Date.now()) return <span className="font-medium text-red-700">expired {when(iso)}</span>;
  return <span>expires {when(iso)}</span>;
}

export function TokensSection() {
  const ws = useWorkspace();
  const manage = canManage(ws);
  const tokens = useTokens(ws.id, manage);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [created, setCreated] = useState<(TokenDto & { token: string }) | null>(null);
  const [revoking, setRevoking] = useState<TokenDto | null>(null);

  const revoke = useMutation({
    mutationFn: (t: TokenDto) => api<void>(wsPath(ws.id, `/tokens/${t.id}`), { method: 'DELETE' }),
    onSuccess: async (_, t) => {
      setRevoking(null);
      if (created?.id === t.id) setCreated(null);
      await queryClient.invalidateQueries({ queryKey: keys.tokens(ws.id) });
      toast.success(`Token "${t.name}" revoked`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });

  if (!manage) return null;

  return (
    <section aria-labelledby="tokens-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 id="tokens-heading" className="text-lg font-semibold">
          API tokens
        </h2>
        <p className="text-sm text-slate-600">
          Call the Konnect API as yourself, in this workspace only, within the token&apos;s scopes and until it expires: send{' '}
          <code className="font-mono text-xs">Authorization: Bearer kn_…</code>. Removing a member revokes their tokens.
        </p>
      </div>
      <TokenForm onCreated={setCreated} />
      {created ? <NewTokenNotice token={created.token} name={created.name} onDismiss={() => setCreated(null)} /> : null}
      {tokens.isPending ? (
        <ListSkeleton rows={2} label="Loading API tokens" />
      ) : tokens.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load tokens: {messageOf(tokens.error)}
        </p>
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No API tokens">Create a token to call the API from scripts or CI. Revoke it here when it is no longer needed.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200">
          {tokens.data.map((t) => (
            <li key={t.id} className="flex items-center gap-4 py-3 text-sm">
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                  {t.name}
                  {t.scopes.map((scope) => (
                    <span key={scope} title={SCOPE_HINTS[scope]} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs font-normal text-slate-700 ring-1 ring-inset ring-slate-500/20">
                      {scope}
                    </span>
                  ))}
                </p>
                <p className="text-xs text-slate-500">
                  <span className="font-mono">{t.prefix}…</span> · created by {t.createdBy.name} on {when(t.createdAt)} · last used {when(t.lastUsedAt)} · <Expiry iso={t.expiresAt} />
                </p>
              </div>
              <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => setRevoking(t)} aria-label={`Revoke token ${t.name}`}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      {revoking ? (
        <Dialog open onClose={() => setRevoking(null)} title={`Revoke "${revoking.name}"?`} description="Anything using this token stops working at once. This cannot be undone.">
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setRevoking(null)} autoFocus>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => revoke.mutate(revoking)} disabled={revoke.isPending}>
              Revoke token
            </Button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

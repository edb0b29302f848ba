'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import { useWorkspace } from '@/components/shell/workspace-context';
import { useToast } from '@/components/toast';
import { api, ApiError, messageOf } from '@/lib/api-client';
import { TOKEN_EXPIRY_DAYS, TOKEN_SCOPES, type TokenScope } from '@/lib/api-bodies';
import type { TokenDto } from '@/lib/api-types';
import { keys, wsPath } from '@/lib/queries';

export const SCOPE_HINTS: Record<TokenScope, string> = {
  read: 'View konnectors, runs, connections and settings',
  write: 'Create, change, turn on or off and delete',
  run: 'Test runs, code runs, replays, Test connection',
};

const EXPIRY_CHOICES = [...TOKEN_EXPIRY_DAYS.map((d) => ({ value: String(d), label: `${d} days` })), { value: 'never', label: 'Never' }];

type FieldName = 'name' | 'scopes' | 'expiresInDays';

/** Name, scopes (read only by default: least privilege) and expiry (90 days by default) of a new token. */
export function TokenForm({ onCreated }: { onCreated: (token: TokenDto & { token: string }) => void }) {
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [expiry, setExpiry] = useState('90');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});

  const create = useMutation({
    mutationFn: () =>
      api<TokenDto & { token: string }>(wsPath(ws.id, '/tokens'), {
        method: 'POST',
        body: { name, scopes, expiresInDays: expiry === 'never' ? null : Number(expiry) },
      }),
    onSuccess: async (t) => {
      onCreated(t);
      setName('');
      await queryClient.invalidateQueries({ queryKey: keys.tokens(ws.id) });
      toast.success(`Token "${t.name}" created. Copy it now: it is shown only once.`);
    },
    onError: (err) => {
      const field = err instanceof ApiError ? (err.field?.split('.')[0] as FieldName | undefined) : undefined;
      if (field && ['name', 'scopes', 'expiresInDays'].includes(field)) setErrors({ [field]: err.message.replace(/^[\w.]+: /, '') });
      else toast.error(messageOf(err));
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (scopes.length === 0) return setErrors({ scopes: 'Choose at least one scope' });
    setErrors({});
    create.mutate();
  }

  function toggle(scope: TokenScope, on: boolean) {
    setScopes((s) => TOKEN_SCOPES.filter((x) => (x === scope ? on : s.includes(x))));
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3">
      <div className="flex items-end gap-3">
        <div className="flex-1">
          <Field id="token-name" label="Token name" placeholder="CI deploys" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} error={errors.name} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="token-expiry" className="text-sm font-medium text-slate-800">
            Expires after
          </label>
          <select
            id="token-expiry"
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
            aria-invalid={errors.expiresInDays ? true : undefined}
            className="rounded-md border border-slate-300 px-2 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            {EXPIRY_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset className="flex flex-col gap-1" aria-describedby={errors.scopes ? 'token-scopes-error' : undefined}>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-1">
          {TOKEN_SCOPES.map((scope) => (
            <label key={scope} htmlFor={`token-scope-${scope}`} className="flex items-center gap-2 text-sm">
              <input id={`token-scope-${scope}`} type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
              <span className="font-mono text-xs">{scope}</span>
              <span className="text-xs text-slate-500">{SCOPE_HINTS[scope]}</span>
            </label>
          ))}
        </div>
        {errors.scopes || errors.expiresInDays ? (
          <p id="token-scopes-error" className="text-xs text-red-700">
            {errors.scopes ?? errors.expiresInDays}
          </p>
        ) : null}
      </fieldset>
      <div>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </Button>
      </div>
    </form>
  );
}

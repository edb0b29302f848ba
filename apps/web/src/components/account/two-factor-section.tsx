'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import { api, ApiError, messageOf } from '@/lib/api-client';
import type { Enrolment, RecoveryCodes, TwoFactorStatus } from '@/server/account/two-factor';

const STATUS_KEY = ['account', 'two-factor'];
const fieldError = (err: unknown, field: string) => (err instanceof ApiError && err.field === field ? err.message.replace(/^[\w.]+: /, '') : undefined);
const otherError = (err: unknown) => (err && !(err instanceof ApiError && err.field) ? messageOf(err) : undefined);

/** The 10 recovery codes, shown once after enabling or regenerating. */
function RecoveryCodeList({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(`Konnect recovery codes (each works once)\n\n${codes.join('\n')}\n`)}`;
  return (
    <div className="flex flex-col gap-3 rounded-md border border-amber-300 bg-amber-50 p-4">
      <p className="text-sm font-medium text-amber-950">Save these recovery codes now: they are shown only this once. Each one signs you in once if you lose your authenticator.</p>
      <ol aria-label="Recovery codes" className="grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="flex gap-2">
        <a href={download} download="konnect-recovery-codes.txt" className="inline-flex rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          Download
        </a>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
    </div>
  );
}

function Enrol({ enrolment, onEnabled }: { enrolment: Enrolment; onEnabled: (codes: string[]) => void }) {
  const [code, setCode] = useState('');
  const confirm = useMutation({
    mutationFn: () => api<RecoveryCodes>('/api/v1/account/two-factor/confirm', { method: 'POST', body: { code } }),
    onSuccess: (r) => onEnabled(r.recoveryCodes),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate();
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3">
      <p className="text-sm text-slate-700">1. Scan this QR code with an authenticator app (Google Authenticator, 1Password, Authy, …).</p>
      <img src={enrolment.qrCode} alt="QR code for your authenticator app" width={192} height={192} className="rounded border border-slate-200" />
      <p className="text-sm text-slate-700">
        Or enter this setup key by hand:{' '}
        <code aria-label="Setup key" className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm break-all">
          {enrolment.secret}
        </code>
      </p>
      <p className="text-sm text-slate-700">2. Enter the 6-digit code the app shows.</p>
      <div className="flex items-end gap-3">
        <Field id="two-factor-confirm-code" label="Code from the app" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(confirm.error, 'code')} />
        <Button type="submit" disabled={confirm.isPending}>
          {confirm.isPending ? 'Checking…' : 'Turn on'}
        </Button>
      </div>
      {otherError(confirm.error) ? <p role="alert" className="text-sm text-red-700">{otherError(confirm.error)}</p> : null}
    </form>
  );
}

function RegenerateForm({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const [password, setPassword] = useState('');
  const regenerate = useMutation({
    mutationFn: () => api<RecoveryCodes>('/api/v1/account/two-factor/recovery-codes', { method: 'POST', body: { password } }),
    onSuccess: (r) => {
      setPassword('');
      onCodes(r.recoveryCodes);
    },
  });
  return (
    <form onSubmit={(e) => (e.preventDefault(), regenerate.mutate())} className="flex flex-wrap items-end gap-3">
      <Field id="regenerate-password" type="password" label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(regenerate.error, 'password')} />
      <Button type="submit" variant="secondary" disabled={regenerate.isPending}>
        New recovery codes
      </Button>
      {otherError(regenerate.error) ? <p role="alert" className="w-full text-sm text-red-700">{otherError(regenerate.error)}</p> : null}
    </form>
  );
}

function DisableForm({ onDone }: { onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const disable = useMutation({
    mutationFn: () => api<void>('/api/v1/account/two-factor/disable', { method: 'POST', body: { password, code } }),
    onSuccess: onDone,
  });
  return (
    <form onSubmit={(e) => (e.preventDefault(), disable.mutate())} className="flex flex-wrap items-end gap-3">
      <Field id="disable-password" type="password" label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(disable.error, 'password')} />
      <Field id="disable-code" label="Code or recovery code" autoComplete="one-time-code" required maxLength={64} value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(disable.error, 'code')} />
      <Button type="submit" variant="danger" disabled={disable.isPending}>
        Turn off
      </Button>
      {otherError(disable.error) ? <p role="alert" className="w-full text-sm text-red-700">{otherError(disable.error)}</p> : null}
    </form>
  );
}

/** Your account → Two-factor sign-in: set up (QR + key → code → recovery codes), new recovery codes, turn off. */
export function TwoFactorSection() {
  const client = useQueryClient();
  const router = useRouter();
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: () => api<TwoFactorStatus>('/api/v1/account/two-factor') });
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [turningOff, setTurningOff] = useState(false);
  const start = useMutation({ mutationFn: () => api<Enrolment>('/api/v1/account/two-factor/setup', { method: 'POST' }), onSuccess: setEnrolment });
  const changed = () => {
    void client.invalidateQueries({ queryKey: ['account'] });
    // The layout lifts (or puts back) a workspace's "two-factor sign-in required" page.
    router.refresh();
  };
  const s = status.data;

  return (
    <section id="two-factor" aria-labelledby="two-factor-title" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 id="two-factor-title" className="text-lg font-semibold">
          Two-factor sign-in
        </h2>
        <p className="text-sm text-slate-600">Sign in with your password and a code from an authenticator app, so a leaked password alone is not enough.</p>
      </div>
      {status.isError ? <p role="alert" className="text-sm text-red-700">Could not load: {messageOf(status.error)}</p> : null}
      {codes ? <RecoveryCodeList codes={codes} onDone={() => setCodes(null)} /> : null}
      {s && !s.enabled && !codes ? (
        enrolment ? (
          <Enrol
            enrolment={enrolment}
            onEnabled={(c) => {
              setEnrolment(null);
              setCodes(c);
              changed();
            }}
          />
        ) : (
          <div className="flex flex-col items-start gap-2">
            <p className="text-sm text-slate-700">
              Status: <strong>off</strong>
            </p>
            <Button onClick={() => start.mutate()} disabled={start.isPending}>
              {start.isPending ? 'Preparing…' : 'Set up two-factor sign-in'}
            </Button>
            {start.error ? <p role="alert" className="text-sm text-red-700">{messageOf(start.error)}</p> : null}
          </div>
        )
      ) : null}
      {s?.enabled ? (
        <div className="flex flex-col gap-4">
          <p className="text-sm text-slate-700">
            Status: <strong>on</strong>
            {s.enabledAt ? ` since ${new Date(s.enabledAt).toLocaleDateString()}` : ''} · {s.recoveryCodesLeft} recovery code{s.recoveryCodesLeft === 1 ? '' : 's'} left
          </p>
          <RegenerateForm
            onCodes={(c) => {
              setCodes(c);
              changed();
            }}
          />
          {turningOff ? (
            <DisableForm
              onDone={() => {
                setTurningOff(false);
                changed();
              }}
            />
          ) : (
            <div>
              <Button variant="ghost" onClick={() => setTurningOff(true)}>
                Turn off two-factor sign-in…
              </Button>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}

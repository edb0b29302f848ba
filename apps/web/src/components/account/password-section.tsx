'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import { useToast } from '@/components/toast';
import { api, ApiError, messageOf } from '@/lib/api-client';

/** Change password: the current one is required; the person's other sessions are signed out. */
export function PasswordSection() {
  const toast = useToast();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const body = { currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') };
    if (body.newPassword !== String(form.get('confirmPassword') ?? '')) {
      setErrors({ confirmPassword: 'The two passwords differ' });
      return;
    }
    setPending(true);
    setErrors({});
    try {
      const r = await api<{ revokedSessions: number }>('/api/v1/account/password', { method: 'POST', body });
      formEl.reset();
      toast.success(r.revokedSessions ? `Password changed; ${r.revokedSessions} other session${r.revokedSessions === 1 ? ' was' : 's were'} signed out` : 'Password changed');
    } catch (err) {
      if (err instanceof ApiError && err.field) setErrors({ [err.field]: err.message.replace(/^[\w.]+: /, '') });
      else toast.error(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="password-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 id="password-heading" className="text-lg font-semibold">
          Password
        </h2>
        <p className="text-sm text-slate-600">Changing it signs out your other sessions; this one stays signed in.</p>
      </div>
      <form onSubmit={onSubmit} className="flex max-w-sm flex-col gap-3">
        <Field id="currentPassword" name="currentPassword" type="password" label="Current password" autoComplete="current-password" required error={errors.currentPassword} />
        <Field id="newPassword" name="newPassword" type="password" label="New password" autoComplete="new-password" required minLength={8} description="At least 8 characters." error={errors.newPassword} />
        <Field id="confirmPassword" name="confirmPassword" type="password" label="Repeat the new password" autoComplete="new-password" required minLength={8} error={errors.confirmPassword} />
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? 'Saving…' : 'Change password'}
          </Button>
        </div>
      </form>
    </section>
  );
}

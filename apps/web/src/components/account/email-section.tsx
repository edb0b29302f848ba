'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import { api, ApiError, messageOf } from '@/lib/api-client';
import { ResendVerificationButton } from './resend-verification-button';

/** The account's address, whether it is verified, and changing it (password required; confirmed from the new address). */
export function EmailSection({ email, verified }: { email: string; verified: boolean }) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const r = await api<{ message: string }>('/api/v1/account/email', { method: 'POST', body: { email: String(form.get('newEmail') ?? ''), password: String(form.get('emailPassword') ?? '') } });
      formEl.reset();
      setSent(r.message);
    } catch (err) {
      if (err instanceof ApiError && err.field) setErrors({ [err.field === 'email' ? 'newEmail' : 'emailPassword']: err.message.replace(/^[\w.]+: /, '') });
      else setFormError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="email-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 id="email-heading" className="text-lg font-semibold">
          Email address
        </h2>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
          {email}
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${verified ? 'bg-green-100 text-green-800' : 'bg-amber-100 text-amber-800'}`}>{verified ? 'verified' : 'not verified'}</span>
        </p>
        {!verified ? (
          <div className="mt-2">
            <ResendVerificationButton />
          </div>
        ) : null}
      </div>
      {sent ? (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">
          {sent}
        </p>
      ) : null}
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      ) : null}
      <form onSubmit={onSubmit} className="flex max-w-sm flex-col gap-3">
        <Field id="newEmail" name="newEmail" type="email" label="New email address" autoComplete="email" required error={errors.newEmail} />
        <Field id="emailPassword" name="emailPassword" type="password" label="Your password" autoComplete="current-password" required error={errors.emailPassword} />
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? 'Sending…' : 'Change email'}
          </Button>
        </div>
      </form>
    </section>
  );
}

'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import { api, ApiError, messageOf } from '@/lib/api-client';

/** Always the same answer: whether the address has an account is not shown. */
export function ForgotPasswordForm() {
  const [pending, setPending] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get('email') ?? '');
    setPending(true);
    setError(null);
    try {
      setSent((await api<{ message: string }>('/api/v1/auth/password-reset', { method: 'POST', body: { email } })).message);
    } catch (err) {
      setError(err instanceof ApiError && err.field ? { field: err.field, message: err.message.replace(/^[\w.]+: /, '') } : { message: messageOf(err) });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Reset your password</h1>
      {sent ? (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">
          {sent}
        </p>
      ) : (
        <p className="text-sm text-slate-600">Enter the email address of your account: we mail it a link to choose a new password.</p>
      )}
      {error && !error.field ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.message}
        </p>
      ) : null}
      <Field id="email" name="email" type="email" label="Email" autoComplete="email" required autoFocus error={error?.field === 'email' ? error.message : undefined} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Sending…' : sent ? 'Send again' : 'Send the reset link'}
      </Button>
      <p className="text-center text-sm text-slate-600">
        <Link href="/signin" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}

'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import { api, ApiError, messageOf } from '@/lib/api-client';

export function ResetPasswordForm({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError({ field: 'confirm', message: 'The two passwords differ' });
      return;
    }
    setPending(true);
    setError(null);
    try {
      await api('/api/v1/auth/password-reset/confirm', { method: 'POST', body: { token, password } });
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError && err.field && err.field !== 'token' ? { field: err.field, message: err.message.replace(/^[\w.]+: /, '') } : { message: messageOf(err) });
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-xl font-semibold">Your password was changed</h1>
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">
          Every session of your account was signed out. Sign in with your new password.
        </p>
        <Link href="/signin" className="text-center text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {error && !error.field ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.message}{' '}
          <Link href="/forgot-password" className="font-medium underline">
            Ask for a new link
          </Link>
        </p>
      ) : null}
      <Field id="password" name="password" type="password" label="New password" autoComplete="new-password" required minLength={8} description="At least 8 characters." error={error?.field === 'password' ? error.message : undefined} />
      <Field id="confirm" name="confirm" type="password" label="Repeat the new password" autoComplete="new-password" required minLength={8} error={error?.field === 'confirm' ? error.message : undefined} />
      <Button type="submit" disabled={pending || !token}>
        {pending ? 'Saving…' : 'Set the new password'}
      </Button>
    </form>
  );
}

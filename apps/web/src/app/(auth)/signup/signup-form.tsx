'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';
import { api, ApiError, messageOf } from '@/lib/api-client';

export interface SignUpInvite {
  email: string;
  workspaceName?: string;
  /** The invitation link's token: after sign-up the form goes back to the invitation. */
  token?: string;
}

export function SignUpForm({ invite }: { invite?: SignUpInvite } = {}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  /** The answer when no session follows (the address already has an account): the same words a new account gets. */
  const [checkInbox, setCheckInbox] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const answer = await api<{ message: string }>('/api/v1/auth/signup', { method: 'POST', body });
      // A new account signs in at once (unverified); for an address that already had an account this fails, and the visitor gets the same words.
      const result = await signIn('credentials', { redirect: false, email: body.email, password: body.password });
      if (!result?.ok || result.error) {
        setPending(false);
        setCheckInbox(answer.message);
        return;
      }
      router.replace(invite?.token ? `/invitations/accept?token=${encodeURIComponent(invite.token)}` : '/app');
      router.refresh();
    } catch (err) {
      setPending(false);
      if (err instanceof ApiError && err.field) setErrors({ [err.field]: err.message.replace(/^[\w.]+: /, '') });
      else setFormError(messageOf(err));
    }
  }

  if (checkInbox) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-xl font-semibold">Check your inbox</h1>
        <p role="status" className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
          {checkInbox}
        </p>
        <p className="text-center text-sm text-slate-600">
          <Link href="/signin" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            Sign in
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Create your account</h1>
      {invite?.workspaceName ? (
        <p className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
          You were invited to <strong>{invite.workspaceName}</strong>: create your account with {invite.email}, verify it, then accept the invitation.
        </p>
      ) : null}
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      ) : null}
      <Field id="name" name="name" label="Your name" autoComplete="name" required autoFocus error={errors.name} />
      <Field id="email" name="email" type="email" label="Email" autoComplete="email" required defaultValue={invite?.email} error={errors.email} />
      <Field id="password" name="password" type="password" label="Password" autoComplete="new-password" required minLength={8} description="At least 8 characters." error={errors.password} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Creating your workspace…' : 'Create account'}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{' '}
        <Link href="/signin" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}

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
}

export function SignUpForm({ invite }: { invite?: SignUpInvite } = {}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      await api('/api/v1/auth/signup', { method: 'POST', body });
      const result = await signIn('credentials', { redirect: false, email: body.email, password: body.password });
      if (!result?.ok || result.error) throw new Error('Your account was created, but signing in failed. Please sign in.');
      router.replace('/app');
      router.refresh();
    } catch (err) {
      setPending(false);
      if (err instanceof ApiError && err.field) setErrors({ [err.field]: err.message.replace(/^[\w.]+: /, '') });
      else setFormError(messageOf(err));
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Create your account</h1>
      {invite?.workspaceName ? (
        <p className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
          You were invited to <strong>{invite.workspaceName}</strong>: create your account with {invite.email} to join it.
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

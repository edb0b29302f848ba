'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Field } from '@/components/field';

/** The server's messages (server/account/sign-in.ts) that ask for the second step. */
const CODE_NEEDED = 'Enter the 6-digit code from your authenticator app';
const CODE_WRONG = 'That code is not right, or it was already used';

/** next-auth's error for a failed sign-in: wrong credentials, the attempt limit, a code needed or wrong, or anything else. */
function signInError(error: string | null | undefined): string {
  if (error === 'CredentialsSignin') return 'Wrong email or password.';
  if (error && /^Too many attempts, try again in \d+ s$/.test(error)) return `${error}.`;
  if (error === CODE_WRONG) return `${error}.`;
  return 'Could not sign in. Please try again.';
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const result = await signIn('credentials', { redirect: false, email, password, ...(needCode ? { code } : {}) });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    if (result?.error === CODE_NEEDED) {
      setNeedCode(true);
      return;
    }
    if (result?.error === 'CredentialsSignin') setNeedCode(false);
    setCode('');
    setError(signInError(result?.error));
  }

  function startOver() {
    setNeedCode(false);
    setCode('');
    setPassword('');
    setError(null);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">{needCode ? 'Two-factor sign-in' : 'Sign in'}</h1>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {needCode ? (
        <>
          <p className="text-sm text-slate-600">{CODE_NEEDED} for {email}, or one of your recovery codes.</p>
          <Field
            id="code"
            name="code"
            label="Authentication code"
            autoComplete="one-time-code"
            inputMode="text"
            spellCheck={false}
            required
            autoFocus
            maxLength={64}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            description="6 digits from the app, or a recovery code such as abcd-efgh-jkmn-pqrs."
          />
        </>
      ) : (
        <>
          <Field id="email" name="email" type="email" label="Email" autoComplete="email" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
          <Field id="password" name="password" type="password" label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <p className="-mt-2 text-right text-sm">
            <Link href="/forgot-password" className="text-indigo-700 underline-offset-2 hover:underline">
              Forgot password?
            </Link>
          </p>
        </>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : needCode ? 'Verify and sign in' : 'Sign in'}
      </Button>
      {needCode ? (
        <button type="button" onClick={startOver} className="text-sm text-indigo-700 underline-offset-2 hover:underline">
          Use another account
        </button>
      ) : (
        <p className="text-center text-sm text-slate-600">
          New to Konnect?{' '}
          <Link href="/signup" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            Create an account
          </Link>
        </p>
      )}
    </form>
  );
}

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/server/current-user';
import { invitationForSignUp } from '@/server/account/invitation-lookup';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Create an account · Konnect' };
export const dynamic = 'force-dynamic';

/** `?email=` prefills the form; `?invite=<token>` (the invitation mail's link) also names the workspace. */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentUser()) redirect('/app');
  const params = await searchParams;
  const invite = await invitationForSignUp(typeof params.invite === 'string' ? params.invite : undefined, typeof params.email === 'string' ? params.email : undefined);
  return <SignUpForm {...(invite ? { invite } : {})} />;
}

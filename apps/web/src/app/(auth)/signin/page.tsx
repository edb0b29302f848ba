import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser, safeCallbackUrl } from '@/server/current-user';
import { SignInForm } from './signin-form';

export const metadata: Metadata = { title: 'Sign in · Konnect' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await currentUser()) redirect(target);
  return <SignInForm callbackUrl={target} />;
}

import type { Metadata } from 'next';
import { VerifyEmailForm } from './verify-email-form';

export const metadata: Metadata = { title: 'Verify your email · Konnect' };
export const dynamic = 'force-dynamic';

/** The link in the verification mail. Opening it changes nothing: the button POSTs the token (mail scanners that follow links do not use it up). */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  return <VerifyEmailForm token={typeof token === 'string' ? token : ''} />;
}

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/server/current-user';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Create an account · Konnect' };
export const dynamic = 'force-dynamic';

export default async function SignUpPage() {
  if (await currentUser()) redirect('/app');
  return <SignUpForm />;
}

import type { Metadata } from 'next';
import { SessionsSection } from '@/components/account/sessions-section';
import { SecurityLog } from '@/components/account/security-log';
import { TwoFactorSection } from '@/components/account/two-factor-section';
import { EmailSection } from '@/components/account/email-section';
import { PasswordSection } from '@/components/account/password-section';
import { isEmailVerified } from '@/server/account/verification';
import { currentUser } from '@/server/current-user';
import { db } from '@/server/services';

export const metadata: Metadata = { title: 'Your account · Konnect' };

/**
 * The signed-in person's own settings (not the workspace's): each section is its own component
 * in components/account/.
 */
export default async function AccountPage() {
  const user = await currentUser();
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Your account</h1>
        {user && (
          <p className="mt-1 text-sm text-slate-600">
            Signed in as {user.name} ({user.email})
          </p>
        )}
      </div>
      {user && <EmailSection email={user.email} verified={await isEmailVerified(db(), user.id)} />}
      <PasswordSection />
      <SessionsSection />
      <TwoFactorSection />
      <SecurityLog />
    </div>
  );
}

'use client';

import { ResendVerificationButton } from './resend-verification-button';

/** Shown in the app shell while the signed-in person's address is not verified. */
export function VerifyEmailBanner({ email }: { email: string }) {
  return (
    <div role="region" aria-label="Verify your email" className="mb-6 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="flex-1">
        <strong>Verify your email.</strong> We sent a link to {email}. Until you open it you cannot join other workspaces, and alert mails are not sent to you.
      </p>
      <ResendVerificationButton label="Resend" />
    </div>
  );
}

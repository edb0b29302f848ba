import type { Metadata } from 'next';
import Link from 'next/link';
import { ResendVerificationButton } from '@/components/account/resend-verification-button';
import { currentUser } from '@/server/current-user';
import { isEmailVerified } from '@/server/account/verification';
import { db } from '@/server/services';
import { invitationForLink } from '@/server/workspaces/invitations';
import { InvitationAnswer, SignOutTo } from './invitation-answer';

export const metadata: Metadata = { title: 'Invitation · Konnect' };
export const dynamic = 'force-dynamic';

const STATE_TEXT = {
  expired: 'This invitation has expired. Ask the workspace admin to invite you again.',
  accepted: 'This invitation was already accepted.',
  declined: 'This invitation was declined.',
  revoked: 'This invitation was revoked by the workspace.',
} as const;

const linkClass = 'font-medium text-indigo-700 underline-offset-2 hover:underline';

/**
 * The link in the invitation mail: who invited you to which workspace, as what. Answering it takes
 * the invited address, signed in and verified; the page says which of these is missing.
 */
export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token: raw } = await searchParams;
  const token = typeof raw === 'string' ? raw : '';
  const invitation = token ? await invitationForLink(db(), token) : null;
  if (!invitation) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-xl font-semibold">Invitation not found</h1>
        <p role="alert" className="text-sm text-slate-700">
          This invitation link is not valid (a newer invitation may have replaced it). Ask the workspace admin to invite you again.
        </p>
      </div>
    );
  }
  const here = `/invitations/accept?token=${encodeURIComponent(token)}`;
  const user = await currentUser();
  const article = invitation.role === 'admin' || invitation.role === 'owner' ? 'an' : 'a';
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Join {invitation.workspace.name}</h1>
      <p className="text-sm text-slate-700">
        {invitation.inviter ?? 'Someone'} invited <strong>{invitation.email}</strong> to the workspace <strong>{invitation.workspace.name}</strong> as {article} <strong>{invitation.role}</strong>.
      </p>
      {invitation.status !== 'pending' ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {STATE_TEXT[invitation.status]}
        </p>
      ) : !user ? (
        <div className="flex flex-col gap-2 text-sm text-slate-700">
          <p>Sign in with {invitation.email} to answer, or create an account with that address.</p>
          <div className="flex gap-4">
            <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`} className={linkClass}>
              Sign in
            </Link>
            <Link href={`/signup?invite=${encodeURIComponent(token)}`} className={linkClass}>
              Create an account
            </Link>
          </div>
        </div>
      ) : user.email !== invitation.email ? (
        <div className="flex flex-col gap-2">
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            You are signed in as {user.email}, but this invitation is for {invitation.email}. Sign in with the invited address to answer it.
          </p>
          <SignOutTo callbackUrl={`/signin?callbackUrl=${encodeURIComponent(here)}`} />
        </div>
      ) : !(await isEmailVerified(db(), user.id)) ? (
        <div className="flex flex-col gap-2">
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Verify your email address first: open the link we mailed to {user.email}, then come back to this invitation.
          </p>
          <ResendVerificationButton />
        </div>
      ) : (
        <InvitationAnswer token={token} workspaceName={invitation.workspace.name} />
      )}
    </div>
  );
}

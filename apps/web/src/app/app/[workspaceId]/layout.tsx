import type { ReactNode } from 'react';
import { TwoFactorGate } from '@/components/account/two-factor-gate';
import { Shell } from '@/components/shell/shell';
import { isInstanceAdmin } from '@/server/admin/instance-admin';
import { isEmailVerified } from '@/server/account/verification';
import { db } from '@/server/services';
import { mayUseDevMailbox } from '@/server/dev-mailbox';
import { pageWorkspace } from '@/server/page-workspace';

export const dynamic = 'force-dynamic';

/** Signed-out visitors go to /signin; a workspace the user is not in does not exist for them. */
export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ workspaceId: string }> }) {
  const { user, workspaces, current, twoFactorMissing } = await pageWorkspace((await params).workspaceId);
  const extraLinks = [
    ...(isInstanceAdmin(user.email) ? [{ href: '/app/admin/mail', label: 'Mail log' }] : []),
    ...((await mayUseDevMailbox(user)) ? [{ href: '/dev/mailbox', label: 'Dev mailbox' }] : []),
  ];
  return (
    <Shell user={user} workspaces={workspaces} current={current} extraLinks={extraLinks} unverifiedEmail={(await isEmailVerified(db(), user.id)) ? null : user.email}>
      <TwoFactorGate missing={twoFactorMissing}>{children}</TwoFactorGate>
    </Shell>
  );
}

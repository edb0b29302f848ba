/**
 * Server components' access check for `/app/[workspaceId]/…`: signed out → /signin, not a member
 * → 404. Cached per request, so the layout and the page share one lookup. `twoFactorMissing`: the
 * workspace requires two-factor sign-in and the user has none; the layout then shows only the
 * account page (the API refuses them in workspace-scope.ts).
 */
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { currentUser, type CurrentUser } from './current-user';
import { hasTwoFactor } from './account/two-factor';
import { db } from './services';
import { listMyWorkspaces, type WorkspaceDto } from './workspaces/workspaces';
import { scoped, type ScopedDb } from './tenant';

export interface PageWorkspace {
  user: CurrentUser;
  workspaces: WorkspaceDto[];
  current: WorkspaceDto;
  tenant: ScopedDb;
  twoFactorMissing: boolean;
}

export const pageWorkspace = cache(async (workspaceId: string): Promise<PageWorkspace> => {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/app/${workspaceId}/konnectors`)}`);
  const workspaces = await listMyWorkspaces(db(), { via: 'session', user });
  const current = workspaces.find((w) => w.id === workspaceId);
  if (!current) notFound();
  const settings = await db().workspace.findUnique({ where: { id: workspaceId }, select: { requireTwoFactor: true } });
  const twoFactorMissing = Boolean(settings?.requireTwoFactor) && !(await hasTwoFactor(db(), user.id));
  return { user, workspaces, current, tenant: scoped(db(), workspaceId), twoFactorMissing };
});

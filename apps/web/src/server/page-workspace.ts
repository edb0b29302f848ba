/**
 * Server components' access check for `/app/[workspaceId]/…`: signed out → /signin, not a member
 * → 404. Cached per request, so the layout and the page share one lookup.
 */
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { currentUser, type CurrentUser } from './current-user';
import { db } from './services';
import { listMyWorkspaces, type WorkspaceDto } from './workspaces/workspaces';
import { scoped, type ScopedDb } from './tenant';

export interface PageWorkspace {
  user: CurrentUser;
  workspaces: WorkspaceDto[];
  current: WorkspaceDto;
  tenant: ScopedDb;
}

export const pageWorkspace = cache(async (workspaceId: string): Promise<PageWorkspace> => {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/app/${workspaceId}/konnectors`)}`);
  const workspaces = await listMyWorkspaces(db(), { via: 'session', user });
  const current = workspaces.find((w) => w.id === workspaceId);
  if (!current) notFound();
  return { user, workspaces, current, tenant: scoped(db(), workspaceId) };
});

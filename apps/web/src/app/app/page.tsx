import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentUser } from '@/server/current-user';
import { db } from '@/server/services';
import { listMyWorkspaces } from '@/server/workspaces/workspaces';
import { LAST_WORKSPACE_COOKIE } from '@/lib/workspace-cookie';
import { NoWorkspace } from '@/components/shell/no-workspace';

export const dynamic = 'force-dynamic';

/** Lands in the workspace used last (a cookie the shell sets), else the oldest membership. */
export default async function AppHome() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/app');
  const workspaces = await listMyWorkspaces(db(), { via: 'session', user });
  const last = (await cookies()).get(LAST_WORKSPACE_COOKIE)?.value;
  const target = workspaces.find((w) => w.id === last) ?? workspaces[0];
  if (!target) return <NoWorkspace />;
  redirect(`/app/${target.id}/konnectors`);
}

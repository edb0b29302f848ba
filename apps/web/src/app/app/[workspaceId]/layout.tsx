import type { ReactNode } from 'react';
import { Shell } from '@/components/shell/shell';
import { pageWorkspace } from '@/server/page-workspace';

export const dynamic = 'force-dynamic';

/** Signed-out visitors go to /signin; a workspace the user is not in does not exist for them. */
export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ workspaceId: string }> }) {
  const { user, workspaces, current } = await pageWorkspace((await params).workspaceId);
  return (
    <Shell user={user} workspaces={workspaces} current={current}>
      {children}
    </Shell>
  );
}

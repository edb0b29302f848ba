import { WorkspaceSecurityBody } from '@/lib/api-bodies';
import { route } from '@/server/handler';
import { getWorkspaceSecurity, updateWorkspaceSecurity } from '@/server/workspaces/security-settings';

export const dynamic = 'force-dynamic';

export const GET = route({
  access: 'member',
  summary: 'Security settings: two-factor sign-in required for members, audit log retention',
  handle: ({ ws }) => getWorkspaceSecurity(ws),
});

export const PATCH = route({
  access: 'owner',
  body: WorkspaceSecurityBody,
  summary: 'Require two-factor sign-in (your own account must have it) or change the audit retention (30–3650 days); owners',
  handle: ({ ws, body }) => updateWorkspaceSecurity(ws, body),
});

import { InviteBody } from '@/lib/api-bodies';
import { route } from '@/server/handler';
import { inviteMember, listMembers } from '@/server/workspaces/members';

export const dynamic = 'force-dynamic';

/** Members and pending invitations. */
export const GET = route({ access: 'member', handle: ({ ws }) => listMembers(ws) });

/** Adds an existing user directly, or invites an unknown email (accepted when it signs up). */
export const POST = route({ access: 'admin', body: InviteBody, status: 201, handle: ({ ws, body }) => inviteMember(ws, body) });

import { InviteBody } from '@/lib/api-bodies';
import { route } from '@/server/handler';
import { inviteMember, listMembers } from '@/server/workspaces/members';

export const dynamic = 'force-dynamic';

/** Members, and invitations with their status. */
export const GET = route({ access: 'member', handle: ({ ws }) => listMembers(ws) });

/** Invites an email (a mailed link the invitee accepts); the same answer whether or not it has an account. Adds no one. */
export const POST = route({ access: 'admin', body: InviteBody, status: 201, summary: 'Invite by email: a pending invitation and a mailed accept link', handle: ({ ws, body }) => inviteMember(ws, body) });

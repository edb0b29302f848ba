import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { cancelInvitation } from '@/server/workspaces/members';

export const dynamic = 'force-dynamic';

const params = z.object({ invitationId: idParam('invitationId') });

/** Revokes an invitation: its link stops working; it stays listed as revoked. */
export const DELETE = route({ access: 'admin', params, summary: 'Revoke an invitation', errors: { 409: 'Already accepted, declined or revoked' }, handle: ({ ws, params }) => cancelInvitation(ws, params.invitationId) });

import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { cancelInvitation } from '@/server/workspaces/members';

export const dynamic = 'force-dynamic';

const params = z.object({ invitationId: idParam('invitationId') });

export const DELETE = route({ access: 'admin', params, handle: ({ ws, params }) => cancelInvitation(ws, params.invitationId) });

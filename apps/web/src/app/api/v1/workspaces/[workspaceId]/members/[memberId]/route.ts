import { z } from 'zod';
import { RoleBody } from '@/lib/api-bodies';
import { idParam, route } from '@/server/handler';
import { changeMemberRole, removeMember } from '@/server/workspaces/members';

export const dynamic = 'force-dynamic';

const params = z.object({ memberId: idParam('memberId') });

/** Owners only; the last owner cannot be demoted. */
export const PATCH = route({ access: 'owner', params, body: RoleBody, handle: ({ ws, params, body }) => changeMemberRole(ws, params.memberId, body) });

/** Owners remove anyone, admins non-owners, anyone themselves (see removeMember). */
export const DELETE = route({ access: 'member', params, handle: ({ ws, params }) => removeMember(ws, params.memberId) });

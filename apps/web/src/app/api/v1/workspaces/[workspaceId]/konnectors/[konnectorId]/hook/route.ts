import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { konnectorHook } from '@/server/konnectors/hook';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

/** The URL exists before the konnector is turned on (its token is made with the Catch Hook draft, or here). */
export const POST = route({ access: 'member', params, summary: "The konnector's Catch Hook URL (made if it has none yet) and whether calls start runs", handle: ({ ws, params }) => konnectorHook(ws, params.konnectorId) });

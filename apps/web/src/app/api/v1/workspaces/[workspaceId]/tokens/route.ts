import { CreateTokenBody } from '@/lib/api-bodies';
import { route } from '@/server/handler';
import { createToken, listTokens } from '@/server/tokens/tokens';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'admin', handle: ({ ws }) => listTokens(ws) });

/** The response carries the token once; only its hash is stored. */
export const POST = route({ access: 'admin', body: CreateTokenBody, status: 201, handle: ({ ws, body }) => createToken(ws, body) });

import { z } from 'zod';
import { idParam, route } from '@/server/handler';
import { revokeToken } from '@/server/tokens/tokens';

export const dynamic = 'force-dynamic';

const params = z.object({ tokenId: idParam('tokenId') });

export const DELETE = route({ access: 'admin', params, handle: ({ ws, params }) => revokeToken(ws, params.tokenId) });

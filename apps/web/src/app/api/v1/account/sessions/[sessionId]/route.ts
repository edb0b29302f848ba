import { z } from 'zod';
import { revokeMySession } from '@/server/account/my-sessions';
import { sessionStore } from '@/server/account/sessions';
import { idParam, route } from '@/server/handler';

export const dynamic = 'force-dynamic';

const params = z.object({ sessionId: idParam('sessionId') });

export const DELETE = route({
  access: 'user',
  params,
  summary: 'Sign out one of your sessions (404 when it is not yours or already ended)',
  errors: { 403: 'Called with an API token: sessions are managed from a signed-in browser only', 404: 'No live session of yours has this id' },
  handle: ({ principal, params, client }) => revokeMySession(sessionStore(), principal, params.sessionId, client),
});

import { revokeMySessions } from '@/server/account/my-sessions';
import { sessionStore } from '@/server/account/sessions';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const POST = route({
  access: 'user',
  summary: 'Sign out everywhere: ends every session of yours, this one included',
  errors: { 403: 'Called with an API token: sessions are managed from a signed-in browser only' },
  handle: ({ principal, client }) => revokeMySessions(sessionStore(), principal, { keepCurrent: false }, client),
});

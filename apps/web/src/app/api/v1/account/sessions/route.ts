import { listMySessions } from '@/server/account/my-sessions';
import { sessionStore } from '@/server/account/sessions';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const GET = route({
  access: 'user',
  summary: "Your live sessions (device, IP, last seen; `current` marks this one). Browser sessions only: API tokens get 403",
  errors: { 403: 'Called with an API token: sessions are managed from a signed-in browser only' },
  handle: ({ principal }) => listMySessions(sessionStore(), principal),
});

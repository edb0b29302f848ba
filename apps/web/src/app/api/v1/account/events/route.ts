import { ownAccount } from '@/server/account/own-account';
import { AccountEventQuery, listAccountEvents } from '@/server/account/security-log';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const GET = route({
  access: 'user',
  query: AccountEventQuery,
  summary: 'Your security log: sign-ins (succeeded, failed, throttled), two-factor changes and other account events, newest first',
  handle: ({ db, principal, query }) => listAccountEvents(db, ownAccount(principal).id, query),
});

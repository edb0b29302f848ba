import { ownAccount } from '@/server/account/own-account';
import { twoFactorStatus } from '@/server/account/two-factor';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const GET = route({
  access: 'user',
  summary: 'Whether two-factor sign-in is on, and how many recovery codes are left',
  handle: ({ db, principal }) => twoFactorStatus(db, ownAccount(principal).id),
});

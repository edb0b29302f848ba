import { TwoFactorDisableBody } from '@/lib/api-bodies';
import { endOtherSessions, ownAccount, twoFactorDeps } from '@/server/account/own-account';
import { disableTwoFactor } from '@/server/account/two-factor';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const POST = route({
  access: 'user',
  body: TwoFactorDisableBody,
  summary: 'Turn two-factor sign-in off (password and a code from the app or a recovery code)',
  errors: { 409: 'Two-factor sign-in is already off', 429: 'Too many wrong passwords or codes' },
  handle: async ({ principal, body, client }) => {
    const result = await disableTwoFactor(twoFactorDeps(), ownAccount(principal), body, client);
    await endOtherSessions(principal);
    return result;
  },
});

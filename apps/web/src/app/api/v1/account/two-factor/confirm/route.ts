import { TwoFactorConfirmBody } from '@/lib/api-bodies';
import { endOtherSessions, ownAccount, twoFactorDeps } from '@/server/account/own-account';
import { confirmEnrolment } from '@/server/account/two-factor';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const POST = route({
  access: 'user',
  body: TwoFactorConfirmBody,
  summary: 'Turn two-factor sign-in on with a code from the app; answers the 10 recovery codes (shown this once)',
  errors: { 409: 'Not started, or already on', 429: 'Too many wrong codes' },
  handle: async ({ principal, body, client }) => {
    const result = await confirmEnrolment(twoFactorDeps(), ownAccount(principal), body.code, client);
    await endOtherSessions(principal);
    return result;
  },
});

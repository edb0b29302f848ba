import { RecoveryCodesBody } from '@/lib/api-bodies';
import { ownAccount, twoFactorDeps } from '@/server/account/own-account';
import { regenerateRecoveryCodes } from '@/server/account/two-factor';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const POST = route({
  access: 'user',
  body: RecoveryCodesBody,
  summary: 'Replace the recovery codes (password or a code from the app); the old ones stop working',
  errors: { 409: 'Two-factor sign-in is off', 429: 'Too many wrong passwords or codes' },
  handle: ({ principal, body, client }) => regenerateRecoveryCodes(twoFactorDeps(), ownAccount(principal), body, client),
});

import { ownAccount, twoFactorDeps } from '@/server/account/own-account';
import { startEnrolment } from '@/server/account/two-factor';
import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

export const POST = route({
  access: 'user',
  summary: 'Start setting up two-factor sign-in: a new secret (text, otpauth URI and QR code); confirm it with a code',
  errors: { 409: 'Two-factor sign-in is already on' },
  handle: ({ principal }) => startEnrolment(twoFactorDeps(), ownAccount(principal)),
});

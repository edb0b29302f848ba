import { z } from 'zod';
import { ConnectorError } from '@konnect/sdk';
import { action } from '../auth';
import { email } from '../fields';
import { userByEmail } from './lookup';

export const findUserByEmail = action({
  key: 'find_user_by_email',
  readOnly: true,
  name: 'Find User by Email',
  group: 'Users',
  description: 'Finds the active Slack user with an email address (users.lookupByEmail). Not found fails the step unless "Fail if not found" is off.',
  input: z.object({
    email,
    fail_if_not_found: z
      .boolean()
      .default(true)
      .meta({ label: 'Fail if not found', description: 'When off, no match returns { found: false } instead of failing the step.' }),
  }),
  run: async ({ input, auth, http }) => {
    const user = await userByEmail(http, auth, input.email);
    if (user) {
      const profile = typeof user.profile === 'object' && user.profile !== null ? (user.profile as Record<string, unknown>) : {};
      return { found: true, ...user, email: profile.email ?? input.email };
    }
    if (input.fail_if_not_found) throw new ConnectorError({ kind: 'not_found', message: `Slack: no active user has the email ${input.email}`, retryable: false });
    return { found: false };
  },
});

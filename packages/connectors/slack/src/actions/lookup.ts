/** users.lookupByEmail, shared by Find User by Email and Send Direct Message. */
import type { HttpClient } from '@konnect/sdk';
import { callSlack, recordOf, slackCode } from '../api';
import type { SlackAuthValue } from '../auth-fields';

/** The active user with this email, or null when Slack answers users_not_found. */
export async function userByEmail(http: HttpClient, auth: SlackAuthValue, email: string): Promise<Record<string, unknown> | null> {
  try {
    const answer = await callSlack(http, auth, 'users.lookupByEmail', { email }, 'query');
    return recordOf(answer, 'user', 'users.lookupByEmail');
  } catch (err) {
    if (slackCode(err) === 'users_not_found') return null;
    throw err;
  }
}

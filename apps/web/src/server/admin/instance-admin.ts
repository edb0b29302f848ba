/** Instance administrators: the emails in INSTANCE_ADMIN_EMAILS (not a workspace role). */
import { loadWebEnv } from '../../env';

export function isInstanceAdmin(email: string | null | undefined): boolean {
  return Boolean(email) && loadWebEnv().INSTANCE_ADMIN_EMAILS.includes((email ?? '').toLowerCase());
}

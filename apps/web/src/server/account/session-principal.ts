/** Account settings are a person's, in a browser: an API token (which acts in one workspace) cannot change them. */
import { AppError } from '../errors';
import type { Principal } from '../principal';

export function sessionPrincipal(principal: Principal): Extract<Principal, { via: 'session' }> {
  if (principal.via !== 'session') throw new AppError('forbidden', 'Account settings are changed signed in, not with an API token');
  return principal;
}

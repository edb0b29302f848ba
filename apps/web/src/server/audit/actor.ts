/** Who acted, as the audit log records it: the user, the API token if one was used, and from where. */
import type { ClientInfo } from '../client-ip';
import type { Principal } from '../principal';

export interface Actor extends ClientInfo {
  userId: string;
  tokenId: string | null;
  /** "Ann Lee (ann@example.com)", or "… via API token "CI"": kept as written if the user goes. */
  label: string;
}

export function actorOf(principal: Principal, client: ClientInfo): Actor {
  const who = `${principal.user.name} (${principal.user.email})`;
  if (principal.via === 'token') return { userId: principal.user.id, tokenId: principal.tokenId, label: `${who} via API token "${principal.tokenName}"`, ...client };
  return { userId: principal.user.id, tokenId: null, label: who, ...client };
}

/** For scopes built outside a request (scripts, tests): no IP, no user agent. */
export const NO_CLIENT: ClientInfo = { ip: null, userAgent: null };

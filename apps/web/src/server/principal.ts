/**
 * Who is calling: a signed-in user (session cookie) or an API token (`Authorization: Bearer kn_…`,
 * looked up by SHA-256, not revoked, not expired). A token acts as the user who created it, in its
 * own workspace only, and only within its scopes (route() checks them: requireScope).
 */
import type { Db, TokenScope } from '@konnect/db';
import { AppError } from './errors';
import { sessionOf } from './session';
import { hashApiToken, TOKEN_PREFIX } from './token-secret';

export interface PrincipalUser {
  id: string;
  email: string;
  name: string;
}

export type Principal =
  /** sessionId: the caller's UserSession (always set by authenticate(); pages building a principal may leave it out). */
  | { via: 'session'; user: PrincipalUser; sessionId?: string }
  | { via: 'token'; user: PrincipalUser; tokenId: string; tokenName: string; workspaceId: string; scopes: TokenScope[] };

const LAST_USED_RESOLUTION_MS = 60_000;

async function fromToken(db: Db, token: string): Promise<Principal> {
  const row = token.startsWith(TOKEN_PREFIX)
    ? await db.apiToken.findUnique({
        where: { hash: hashApiToken(token) },
        select: { id: true, name: true, workspaceId: true, scopes: true, expiresAt: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, email: true, name: true } } },
      })
    : null;
  if (!row || row.revokedAt) throw new AppError('unauthorized', 'The API token is invalid or has been revoked');
  const now = Date.now();
  if (row.expiresAt && row.expiresAt.getTime() <= now) throw new AppError('unauthorized', 'The API token has expired');
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { via: 'token', user: row.user, tokenId: row.id, tokenName: row.name, workspaceId: row.workspaceId, scopes: row.scopes };
}

/** What a route needs from an API token: read (GET), write (changes), run (test runs, code runs, replays, Test connection). */
export function defaultScope(method: string): TokenScope {
  return ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? 'read' : 'write';
}

/** A token without the route's scope → 403 naming it; sessions are not scoped. */
export function requireScope(principal: Principal, scope: TokenScope): void {
  if (principal.via === 'token' && !principal.scopes.includes(scope)) {
    throw new AppError('forbidden', `This API token lacks the "${scope}" scope`);
  }
}

/** Throws 401 `unauthorized` when the request carries no valid session or API token. */
export async function authenticate(req: Request, db: Db): Promise<Principal> {
  const authorization = req.headers.get('authorization');
  if (authorization) {
    const [scheme, token] = authorization.trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new AppError('unauthorized', 'Authorization must be "Bearer <API token>"');
    }
    return fromToken(db, token);
  }
  const session = await sessionOf(req);
  const user = session ? await db.user.findUnique({ where: { id: session.userId }, select: { id: true, email: true, name: true } }) : null;
  if (!session || !user) throw new AppError('unauthorized', 'Sign in, or send an API token as "Authorization: Bearer kn_…"');
  return { via: 'session', user, sessionId: session.sessionId };
}

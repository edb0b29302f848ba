/** API tokens: created once (the token is shown only then), listed by prefix, revoked; scoped and expiring. */
import type { TokenScope } from '@konnect/db';
import { TOKEN_SCOPES, type CreateTokenBody } from '../../lib/api-bodies';
import { audit } from '../audit/audit';
import { notFound } from '../errors';
import { generateApiToken } from '../token-secret';
import type { WorkspaceScope } from '../workspace-scope';

export interface TokenDto {
  id: string;
  name: string;
  /** The token's first characters, for telling tokens apart ("kn_AbC123…"). */
  prefix: string;
  /** read, write and/or run (README "API"). */
  scopes: TokenScope[];
  createdAt: string;
  /** Null: never expires. A past date: the token is refused (still listed, so it can be revoked). */
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdBy: { name: string; email: string };
}

const tokenSelect = { id: true, name: true, prefix: true, scopes: true, createdAt: true, expiresAt: true, lastUsedAt: true, user: { select: { name: true, email: true } } } as const;

type TokenRow = { id: string; name: string; prefix: string; scopes: TokenScope[]; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; user: { name: string; email: string } };

function tokenDto(row: TokenRow): TokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdBy: row.user,
  };
}

/** Active (not revoked) tokens, expired ones included, newest first. */
export async function listTokens(ws: WorkspaceScope): Promise<TokenDto[]> {
  const rows = await ws.tenant.apiToken.findMany({ where: { revokedAt: null }, select: tokenSelect, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  return rows.map(tokenDto);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The only response that ever carries the token itself. */
export async function createToken(ws: WorkspaceScope, body: CreateTokenBody, now = new Date()): Promise<TokenDto & { token: string }> {
  const { token, hash, prefix } = generateApiToken();
  const scopes = TOKEN_SCOPES.filter((s) => body.scopes.includes(s));
  const expiresAt = body.expiresInDays === null ? null : new Date(now.getTime() + body.expiresInDays * DAY_MS);
  const row = await ws.tenant.$transaction(async (tx) => {
    const created = await tx.apiToken.create({ data: { workspaceId: ws.workspaceId, userId: ws.userId, name: body.name, hash, prefix, scopes, expiresAt }, select: tokenSelect });
    await audit(ws, { action: 'token.created', targetType: 'token', targetId: created.id, targetLabel: created.name, details: { prefix, scopes, expiresAt: expiresAt?.toISOString() ?? 'never' } }, tx);
    return created;
  });
  return { ...tokenDto(row), token };
}

export async function revokeToken(ws: WorkspaceScope, id: string): Promise<void> {
  await ws.tenant.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id, revokedAt: null }, select: { name: true, prefix: true } });
    const { count } = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0 || !token) throw notFound('API token');
    await audit(ws, { action: 'token.revoked', targetType: 'token', targetId: id, targetLabel: token.name, details: { prefix: token.prefix } }, tx);
  });
}

/**
 * Revokes every live token `userId` holds in this workspace (they leave or are removed): a token
 * is never merely hidden, so adding the person back does not bring it back (finding 12). Runs in
 * the caller's transaction.
 */
export async function revokeMemberTokens(tx: Pick<WorkspaceScope['tenant'], 'apiToken'>, userId: string): Promise<number> {
  const { count } = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

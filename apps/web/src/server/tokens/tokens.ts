/** API tokens: created once (the token is shown only then), listed by prefix, revoked. */
import type { CreateTokenBody } from '../../lib/api-bodies';
import { audit } from '../audit/audit';
import { notFound } from '../errors';
import { generateApiToken } from '../token-secret';
import type { WorkspaceScope } from '../workspace-scope';

export interface TokenDto {
  id: string;
  name: string;
  /** The token's first characters, for telling tokens apart ("kn_AbC123…"). */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  createdBy: { name: string; email: string };
}

const tokenSelect = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, user: { select: { name: true, email: true } } } as const;

function tokenDto(row: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; user: { name: string; email: string } }): TokenDto {
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null, createdBy: row.user };
}

/** Active (not revoked) tokens, newest first. */
export async function listTokens(ws: WorkspaceScope): Promise<TokenDto[]> {
  const rows = await ws.tenant.apiToken.findMany({ where: { revokedAt: null }, select: tokenSelect, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  return rows.map(tokenDto);
}

/** The only response that ever carries the token itself. */
export async function createToken(ws: WorkspaceScope, body: CreateTokenBody): Promise<TokenDto & { token: string }> {
  const { token, hash, prefix } = generateApiToken();
  const row = await ws.tenant.$transaction(async (tx) => {
    const created = await tx.apiToken.create({ data: { workspaceId: ws.workspaceId, userId: ws.userId, name: body.name, hash, prefix }, select: tokenSelect });
    await audit(ws, { action: 'token.created', targetType: 'token', targetId: created.id, targetLabel: created.name, details: { prefix } }, tx);
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

/** Actions write audit events with the right actor, IP, user agent and target, and no secrets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { POST as CREATE_CONNECTION } from '@/app/api/v1/workspaces/[workspaceId]/connections/route';
import { DELETE as DELETE_CONNECTION, PATCH as UPDATE_CONNECTION } from '@/app/api/v1/workspaces/[workspaceId]/connections/[connectionId]/route';
import { POST as TEST_CONNECTION } from '@/app/api/v1/workspaces/[workspaceId]/connections/[connectionId]/test/route';
import { DELETE as REVOKE_INVITATION } from '@/app/api/v1/workspaces/[workspaceId]/invitations/[invitationId]/route';
import { POST as CREATE_KONNECTOR } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/route';
import { DELETE as DELETE_KONNECTOR } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/route';
import { POST as ACTIVATE } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/activate/route';
import { POST as DEACTIVATE } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/deactivate/route';
import { POST as DUPLICATE } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/duplicate/route';
import { POST as IMPORT } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/import/route';
import { POST as INVITE } from '@/app/api/v1/workspaces/[workspaceId]/members/route';
import { DELETE as REMOVE_MEMBER, PATCH as CHANGE_ROLE } from '@/app/api/v1/workspaces/[workspaceId]/members/[memberId]/route';
import { PATCH as RENAME } from '@/app/api/v1/workspaces/[workspaceId]/route';
import { POST as CREATE_TOKEN } from '@/app/api/v1/workspaces/[workspaceId]/tokens/route';
import { DELETE as REVOKE_TOKEN } from '@/app/api/v1/workspaces/[workspaceId]/tokens/[tokenId]/route';
import { PEER_HEADER } from '@/server/client-ip';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { HOOK_DEFINITION } from '@/test/konnectors';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, type As } from '@/test/request';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('audit');
});
afterAll(async () => {
  await env.close();
});

const API_KEY = 'demo-custify-key';
const NEW_KEY = 'sk-rotated-0123456789abcdef-secret';
const IP = '203.0.113.77';
const UA = 'AuditTest/1.0';

function client(as: As, workspaceId: string) {
  const headers = { [PEER_HEADER]: IP, 'user-agent': UA };
  return async (handler: Parameters<typeof call>[0], method: string, params: Record<string, string> = {}, body?: unknown) => {
    const res = await call(handler, method, '/x', { as, params: { workspaceId, ...params }, headers, ...(body !== undefined ? { body } : {}) });
    expect(res.status, res.text).toBeLessThan(300);
    return res.json as Record<string, unknown> & { id: string };
  };
}

const events = (workspaceId: string) => testDb().auditEvent.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
const label = (u: TestUser) => `${u.name} (${u.email})`;

describe('audit events', () => {
  it('records connection changes with actor, IP, user agent and target, never a secret', async () => {
    const { user, workspaceId } = await createOwner();
    const api = client({ user }, workspaceId);
    const c = await api(CREATE_CONNECTION, 'POST', {}, { connectorKey: 'custify', name: 'Custify', fields: { apiKey: API_KEY, baseUrl: env.sim.url } });
    await api(UPDATE_CONNECTION, 'PATCH', { connectionId: c.id }, { name: 'Custify prod', fields: { apiKey: NEW_KEY, baseUrl: env.sim.url } });
    await api(TEST_CONNECTION, 'POST', { connectionId: c.id });
    await api(DELETE_CONNECTION, 'DELETE', { connectionId: c.id });

    const rows = await events(workspaceId);
    expect(rows.map((r) => r.action)).toEqual(['connection.created', 'connection.updated', 'connection.tested', 'connection.deleted']);
    for (const r of rows) {
      expect(r).toMatchObject({ actorUserId: user.id, actorTokenId: null, actorLabel: label(user), ip: IP, userAgent: UA, targetType: 'connection', targetId: c.id });
    }
    expect(rows.map((r) => r.targetLabel)).toEqual(['Custify', 'Custify prod', 'Custify prod', 'Custify prod']);
    expect(rows[0]?.details).toEqual({ connectorKey: 'custify' });
    // bug 7 (issue 17): the base URL was sent again unchanged, so only the key is recorded as changed.
    expect(rows[1]?.details).toEqual({ changed: ['name', 'fields.apiKey'], previousName: 'Custify' });
    expect(rows[2]?.details).toMatchObject({ ok: false });
    const text = JSON.stringify(rows);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(NEW_KEY);
  });

  it('records konnector lifecycle: created, duplicated, imported, activated, deactivated, deleted', async () => {
    const { user, workspaceId } = await createOwner();
    const api = client({ user }, workspaceId);
    const k = await api(CREATE_KONNECTOR, 'POST', {}, { name: 'Hooked', definition: HOOK_DEFINITION });
    const copy = await api(DUPLICATE, 'POST', { konnectorId: k.id });
    const imported = (await api(IMPORT, 'POST', {}, { name: 'From file', definition: HOOK_DEFINITION })) as unknown as { konnector: { id: string } };
    await api(ACTIVATE, 'POST', { konnectorId: k.id }, {});
    await api(DEACTIVATE, 'POST', { konnectorId: k.id });
    await api(DELETE_KONNECTOR, 'DELETE', { konnectorId: copy.id });

    const rows = await events(workspaceId);
    expect(rows.map((r) => [r.action, r.targetId, r.targetLabel])).toEqual([
      ['konnector.created', k.id, 'Hooked'],
      ['konnector.created', copy.id, 'Copy of Hooked'],
      ['konnector.imported', imported.konnector.id, 'From file'],
      ['konnector.activated', k.id, 'Hooked'],
      ['konnector.deactivated', k.id, 'Hooked'],
      ['konnector.deleted', copy.id, 'Copy of Hooked'],
    ]);
    expect(rows[1]?.details).toEqual({ duplicateOf: k.id });
    expect(rows[2]?.details).toEqual({ unresolvedConnections: 0, unresolvedCalls: 0 });
    expect(rows[3]?.details).toEqual({ version: 1 });
    expect(rows.every((r) => r.ip === IP && r.actorUserId === user.id)).toBe(true);
  });

  it('records members, invitations, tokens and renames; a token acts as its user, named in the label', async () => {
    const { user, workspaceId } = await createOwner();
    const api = client({ user }, workspaceId);
    const colleague = await createUser('colleague');
    // Inviting an account adds no one: the colleague joins (here directly) by accepting elsewhere.
    await api(INVITE, 'POST', {}, { email: colleague.email, role: 'member' });
    const added = { member: { id: await addMember(workspaceId, colleague.id, 'member') } };
    const pendingEmail = `pending-${uniqueSuffix()}@example.test`;
    const pending = (await api(INVITE, 'POST', {}, { email: pendingEmail, role: 'admin' })) as unknown as { invitation: { id: string } };
    await api(CHANGE_ROLE, 'PATCH', { memberId: added.member.id }, { role: 'admin' });
    await api(REVOKE_INVITATION, 'DELETE', { invitationId: pending.invitation.id });
    await api(REMOVE_MEMBER, 'DELETE', { memberId: added.member.id });
    const token = (await api(CREATE_TOKEN, 'POST', {}, { name: 'CI deploys' })) as unknown as { id: string; token: string; prefix: string };
    await client({ token: token.token }, workspaceId)(RENAME, 'PATCH', {}, { name: 'Renamed by CI' });
    await api(REVOKE_TOKEN, 'DELETE', { tokenId: token.id });

    const rows = await events(workspaceId);
    expect(rows.map((r) => [r.action, r.targetType, r.targetLabel, r.details])).toEqual([
      ['member.invited', 'invitation', colleague.email, { role: 'member', renewed: false }],
      ['member.invited', 'invitation', pendingEmail, { role: 'admin', renewed: false }],
      ['member.role_changed', 'member', colleague.email, { from: 'member', to: 'admin' }],
      ['invitation.revoked', 'invitation', pendingEmail, { role: 'admin' }],
      ['member.removed', 'member', colleague.email, { role: 'admin', left: false, tokensRevoked: 0 }],
      ['token.created', 'token', 'CI deploys', { prefix: token.prefix, scopes: ['read', 'write', 'run'], expiresAt: expect.any(String) }],
      ['workspace.renamed', 'workspace', 'Renamed by CI', { from: 'owner workspace', to: 'Renamed by CI' }],
      ['token.revoked', 'token', 'CI deploys', { prefix: token.prefix }],
    ]);
    const byToken = rows.find((r) => r.action === 'workspace.renamed');
    expect(byToken).toMatchObject({ actorUserId: user.id, actorTokenId: token.id, actorLabel: `${label(user)} via API token "CI deploys"`, ip: IP });
    expect(JSON.stringify(rows)).not.toContain(token.token);
    const stored = await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(JSON.stringify(rows)).not.toContain(stored.hash);
  });

  it('writes nothing when the action fails', async () => {
    const { user, workspaceId } = await createOwner();
    const res = await call(REVOKE_TOKEN, 'DELETE', '/x', { as: { user }, params: { workspaceId, tokenId: 'no-such-token' } });
    expect(res.status).toBe(404);
    const bad = await call(CREATE_CONNECTION, 'POST', '/x', { as: { user }, params: { workspaceId }, body: { connectorKey: 'custify', name: 'x', fields: {} } });
    expect(bad.status).toBe(400);
    expect(await events(workspaceId)).toEqual([]);
  });
});

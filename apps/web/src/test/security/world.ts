/**
 * A workspace holding one row of every id type the API addresses: connection, konnector (two
 * versions, active), an active Catch Hook (its token), run with steps, member, invitation, API
 * token, audit event, data-store key.
 * `ids` is keyed by the route param name that addresses each (`[connectionId]` → ids.connectionId).
 */
import { uniqueSuffix } from '@konnect/db/testing';
import { POST as ACTIVATE } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/activate/route';
import { generateApiToken } from '@/server/token-secret';
import { addMember, createOwner, createUser, testDb, type TestUser } from '../fixtures';
import { HOOK_DEFINITION, custifyConnection, insertRuns, insertSteps, konnectorWithVersion } from '../konnectors';
import { call } from '../request';

export const ORIGIN = 'http://localhost:3000';

/** Route params that name no row, the same in every workspace (`[name]`: the options list a connection's dropdown loads). */
export const SHARED_PARAMS: Record<string, string> = { name: 'companies' };

export interface World {
  owner: TestUser;
  member: TestUser;
  workspaceId: string;
  /** The owner's own membership (the member's is ids.memberId). */
  ownerMembershipId: string;
  /** A live API token of this workspace (plaintext), acting as the owner. */
  apiToken: string;
  ids: Record<string, string>;
}

export async function apiToken(workspaceId: string, userId: string, name = 'token'): Promise<{ id: string; token: string }> {
  const t = generateApiToken();
  const row = await testDb().apiToken.create({ data: { workspaceId, userId, name, hash: t.hash, prefix: t.prefix }, select: { id: true } });
  return { id: row.id, token: t.token };
}

async function activate(user: TestUser, workspaceId: string, konnectorId: string): Promise<void> {
  const res = await call(ACTIVATE, 'POST', '/activate', { as: { user }, params: { workspaceId, konnectorId }, body: {}, headers: { origin: ORIGIN } });
  if (res.status !== 200) throw new Error(`activating a konnector failed: ${res.status} ${res.text}`);
}

export async function createWorld(label: string, simUrl: string): Promise<World> {
  const db = testDb();
  const { user: owner, workspaceId, membershipId } = await createOwner(label);
  const member = await createUser(`${label}-member`);
  const memberId = await addMember(workspaceId, member.id, 'member');
  const connectionId = await custifyConnection(owner, workspaceId, simUrl, `${label} Custify (world)`);

  const { konnectorId, versionId } = await konnectorWithVersion(workspaceId, HOOK_DEFINITION, `${label} konnector`);
  await activate(owner, workspaceId, konnectorId);
  // The Catch Hook has a konnector of its own: calls addressed to ids.konnectorId (deactivate…) leave it on.
  const hookKonnector = await konnectorWithVersion(workspaceId, HOOK_DEFINITION, `${label} hook`);
  await activate(owner, workspaceId, hookKonnector.konnectorId);
  const hook = await db.webhookEndpoint.findUniqueOrThrow({ where: { konnectorId: hookKonnector.konnectorId }, select: { token: true } });

  const [runId = ''] = await insertRuns(workspaceId, konnectorId, versionId, [{ createdAt: new Date(), status: 'failed', trigger: { order: 42 } }]);
  await insertSteps(runId, [{ stepId: 'a1', status: 'failed', input: { x: 1 }, error: { kind: 'app', message: 'nope', stepId: 'a1', retryable: false } }]);

  const invitation = await db.invitation.create({ data: { workspaceId, email: `${label}-invitee-${uniqueSuffix()}@example.test`, expiresAt: new Date(Date.now() + 7 * 86_400_000) }, select: { id: true } });
  const token = await apiToken(workspaceId, owner.id, `${label} token`);
  const audit = await db.auditEvent.create({
    data: { workspaceId, actorUserId: owner.id, actorLabel: owner.email, action: 'connection.created', targetType: 'connection', targetId: connectionId, targetLabel: `${label} Custify (world)` },
    select: { id: true },
  });
  const notification = await db.notification.create({
    data: { workspaceId, userId: owner.id, kind: 'run_failed', title: `${label} konnector failed`, runId, konnectorId },
    select: { id: true },
  });

  // A data-store key (the Storage page addresses keys by id).
  const storeEntry = await db.storeEntry.create({ data: { workspaceId, key: `${label}:counter`, value: 41, bytes: 2 }, select: { id: true } });

  return {
    owner,
    member,
    workspaceId,
    ownerMembershipId: membershipId,
    apiToken: token.token,
    ids: {
      workspaceId,
      connectionId,
      konnectorId,
      versionId,
      runId,
      memberId,
      invitationId: invitation.id,
      tokenId: token.id,
      token: hook.token,
      hookKonnectorId: hookKonnector.konnectorId,
      eventId: audit.id,
      auditEventId: audit.id,
      notificationId: notification.id,
      entryId: storeEntry.id,
    },
  };
}

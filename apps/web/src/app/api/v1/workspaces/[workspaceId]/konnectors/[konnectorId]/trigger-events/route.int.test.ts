/**
 * Trigger health through the API: a Custify key replaced by a wrong one pauses the trigger at its
 * next poll; the konnector, the library and the trigger events say so in words; a passing "Test
 * connection" after the key is fixed resumes it without a toggle. Health details are for owners.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processPoll } from '@konnect/platform';
import { GET as HEALTH } from '@/app/api/health/route';
import { PATCH as PATCH_CONNECTION } from '@/app/api/v1/workspaces/[workspaceId]/connections/[connectionId]/route';
import { POST as TEST_CONNECTION } from '@/app/api/v1/workspaces/[workspaceId]/connections/[connectionId]/test/route';
import { platform } from '@/server/services';
import { addMember, createOwner, createUser } from '@/test/fixtures';
import { custifyConnection } from '@/test/konnectors';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call } from '@/test/request';
import { GET as LIST, POST as CREATE } from '../../route';
import { GET as GET_ONE } from '../route';
import { POST as ACTIVATE } from '../activate/route';
import { GET as EVENTS } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('trigger-health');
});
afterAll(async () => {
  await env.close();
});

interface Health {
  state: string;
  reason: string | null;
  since: string | null;
}

describe('trigger health', () => {
  it('a refused key pauses the trigger with the reason; a passing connection test resumes it', async () => {
    const { user, workspaceId } = await createOwner();
    const as = { user };
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const created = await call(CREATE, 'POST', '/k', {
      as,
      params: { workspaceId },
      body: {
        name: 'People to notes',
        definition: {
          trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId, input: {} },
          steps: [{ type: 'action', id: 'note', connector: 'custify', action: 'create_note', connectionId, input: { entity: '{{trigger.id}}', entityModel: 'People', subject: 'Hi', text: 'x' } }],
        },
      },
    });
    expect(created.status, created.text).toBe(201);
    const konnectorId = (created.json as { id: string }).id;
    const on = { as, params: { workspaceId, konnectorId } };
    const activated = await call(ACTIVATE, 'POST', '/a', { ...on, body: {} });
    expect(activated.status, activated.text).toBe(200);
    expect(((await call(GET_ONE, 'GET', '/k', on)).json as { triggerHealth: Health }).triggerHealth.state).toBe('ok');

    // The key is replaced by a wrong one; the next poll is refused (401).
    const wrong = await call(PATCH_CONNECTION, 'PATCH', '/c', { as, params: { workspaceId, connectionId }, body: { fields: { apiKey: 'a-wrong-key', baseUrl: env.sim.url } } });
    expect(wrong.status, wrong.text).toBe(200);
    const polled = await processPoll(platform(), { workspaceId, konnectorId });
    expect(polled.status, JSON.stringify(polled)).toBe('paused');

    const detail = (await call(GET_ONE, 'GET', '/k', on)).json as { status: string; triggerHealth: Health };
    expect(detail.status).toBe('active');
    expect(detail.triggerHealth.state).toBe('paused');
    expect(detail.triggerHealth.reason).toMatch(/Custify rejected the credentials.*401/);
    expect(detail.triggerHealth.since).not.toBeNull();
    const listed = (await call(LIST, 'GET', '/k', { as, params: { workspaceId } })).json as { id: string; triggerHealth: Health }[];
    expect(listed.find((k) => k.id === konnectorId)?.triggerHealth.state).toBe('paused');
    const events = (await call(EVENTS, 'GET', '/e', on)).json as { state: string; reason: string }[];
    expect(events.map((e) => e.state)).toEqual(['paused']);
    expect(events[0]?.reason).toMatch(/401/);

    // Another workspace cannot read them.
    const stranger = await createOwner('stranger');
    expect((await call(EVENTS, 'GET', '/e', { as: { user: stranger.user }, params: { workspaceId, konnectorId } })).status).toBe(404);

    // Fixed key + a passing test: resumed, no toggle.
    await call(PATCH_CONNECTION, 'PATCH', '/c', { as, params: { workspaceId, connectionId }, body: { fields: { apiKey: 'demo-custify-key', baseUrl: env.sim.url } } });
    const tested = await call(TEST_CONNECTION, 'POST', '/t', { as, params: { workspaceId, connectionId } });
    expect(tested.status, tested.text).toBe(200);
    expect(tested.json).toMatchObject({ ok: true, resumed: [konnectorId] });
    expect((tested.json as { message: string }).message).toMatch(/1 paused konnector resumed/);
    expect(((await call(GET_ONE, 'GET', '/k', on)).json as { triggerHealth: Health }).triggerHealth).toMatchObject({ state: 'ok', reason: null });
    const after = (await call(EVENTS, 'GET', '/e', on)).json as { state: string }[];
    expect(after.map((e) => e.state)).toEqual(['ok', 'paused']);
  });
});

describe('/api/health', () => {
  it('names what is down (here nothing); details only for owners and admins', async () => {
    const plain = await call(HEALTH, 'GET', '/api/health');
    expect(plain.status).toBe(200);
    expect(plain.json).toEqual({ db: 'ok', redis: 'ok', down: [] });
    expect((await call(HEALTH, 'GET', '/api/health', { query: { detail: '1' } })).status).toBe(401);

    const { workspaceId } = await createOwner('health-ws');
    const member = await createUser('health-member');
    await addMember(workspaceId, member.id, 'member');
    expect((await call(HEALTH, 'GET', '/api/health', { as: { user: member }, query: { detail: '1' } })).status).toBe(403);

    const owner = await createOwner('health-owner');
    const detailed = await call(HEALTH, 'GET', '/api/health', { as: { user: owner.user }, query: { detail: '1' } });
    expect(detailed.status, detailed.text).toBe(200);
    const body = detailed.json as { detail: { workers: unknown[]; queues: Record<string, { waiting: number }> } };
    expect(Array.isArray(body.detail.workers)).toBe(true);
    expect(Object.keys(body.detail.queues).sort()).toEqual(['maintenance', 'poll', 'run', 'schedule']);
  });

  it('the konnector says how stale a trigger over a list that cannot sort can be (the trigger panel shows it)', async () => {
    const { user, workspaceId } = await createOwner();
    const as = { user };
    const connectionId = await custifyConnection(user, workspaceId, env.sim.url);
    const make = async (event: string) => {
      const created = await call(CREATE, 'POST', '/k', {
        as,
        params: { workspaceId },
        body: {
          name: event,
          definition: {
            trigger: { id: 'trigger', connector: 'custify', event, connectionId, input: {} },
            steps: [{ type: 'action', id: 'note', connector: 'custify', action: 'create_note', connectionId, input: { entity: '{{trigger.id}}', entityModel: 'People', subject: 'Hi', text: 'x' } }],
          },
        },
      });
      expect(created.status, created.text).toBe(201);
      const konnectorId = (created.json as { id: string }).id;
      const activated = await call(ACTIVATE, 'POST', '/a', { as, params: { workspaceId, konnectorId }, body: {} });
      expect(activated.status, activated.text).toBe(200);
      return konnectorId;
    };
    type Scan = { pollSeconds: number; lastFullScanPolls: number | null; lastFullScanPages: number | null; page: number } | null;
    const scanOf = async (konnectorId: string) => ((await call(GET_ONE, 'GET', '/k', { as, params: { workspaceId, konnectorId } })).json as { triggerScan: Scan }).triggerScan;

    // Tickets cannot be sorted: activation reads nothing, and the first poll scans the whole (small) list.
    const tickets = await make('ticket_created');
    expect(await scanOf(tickets)).toMatchObject({ pollSeconds: 60, lastFullScanPolls: null, page: 1 });
    expect((await processPoll(platform(), { workspaceId, konnectorId: tickets })).status).toBe('polled');
    expect(await scanOf(tickets)).toMatchObject({ lastFullScanPolls: 1, lastFullScanPages: 1, page: 1 });
    // People are read newest first: nothing to say.
    const people = await make('person_created');
    expect(await scanOf(people)).toBeNull();
  });
});

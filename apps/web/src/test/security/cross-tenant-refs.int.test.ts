/**
 * Issue 8, cross-tenant references inside bodies and lists: b (signed in, and with B's API token)
 * names A's rows in request bodies — a draft's connection, a template's connection, a test run,
 * a trigger sample, the run list's filter — and gets exactly what an id that exists nowhere
 * gets; nothing b can list holds anything of A's.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisKey } from '@konnect/platform';
import { queues, redis } from '@/server/services';
import { testDb } from '../fixtures';
import { platformTestEnv, type PlatformTestEnv } from '../platform';
import { NOTE_INPUT } from './bodies';
import { jsonHeaders, send, sessionHeaders, type RawResult } from './http';
import { endpoints, type Endpoint } from './routes';
import { createWorld, type World } from './world';

const WS = '/api/v1/workspaces/[workspaceId]';

let env: PlatformTestEnv;
let A: World;
let B: World;
let list: Endpoint[];
const callers: Record<'session' | 'token', [string, string][]> = { session: [], token: [] };
/** Caught by A's Catch Hook: must never show up for b. */
const MARKER = `A-PRIVATE-${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  env = await platformTestEnv('xrefs');
  A = await createWorld('a', env.sim.url);
  B = await createWorld('b', env.sim.url);
  list = await endpoints();
  callers.session = await sessionHeaders(B.owner);
  callers.token = [['authorization', `Bearer ${B.apiToken}`]];
  const caught = await send(endpoint('POST /hooks/[token]'), { params: { token: A.ids.token ?? '' }, headers: jsonHeaders, body: JSON.stringify({ marker: MARKER }) });
  expect(caught.status, caught.text).toBe(202);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

function endpoint(label: string): Endpoint {
  const found = list.find((e) => e.label === label);
  if (!found) throw new Error(`no route ${label}`);
  return found;
}

/** A fresh id shaped like `id` that exists nowhere. */
const lookalike = (id: string) => id[0] + randomBytes(id.length).toString('hex').slice(0, id.length - 1);

async function post(caller: 'session' | 'token', label: string, body: unknown, params: Record<string, string> = {}): Promise<RawResult> {
  return send(endpoint(label), { params: { workspaceId: B.workspaceId, ...params }, headers: [...callers[caller], ...jsonHeaders], body: JSON.stringify(body) });
}

/** Status and text, with the given ids replaced by a placeholder. */
function normalized(res: RawResult, ids: string[]): string {
  let text = res.text;
  for (const id of ids) text = text.split(id).join('<id>');
  return `${res.status} ${text}`;
}

const trigger = { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} };
const actionDraft = (connectionId: string) => ({ trigger, steps: [{ type: 'action', id: 'a1', connector: 'custify', action: 'create_note', connectionId, input: NOTE_INPUT, onError: 'stop' }] });
const pollingDraft = (connectionId: string) => ({ trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId, input: {} }, steps: [] });

/** What b sees when its own requests name connection `connectionId`: every answer, in order. */
async function answersFor(caller: 'session' | 'token', connectionId: string): Promise<{ texts: string[]; konnectorIds: string[] }> {
  const texts: RawResult[] = [];
  const konnectorIds: string[] = [];
  // Each set of answers starts with b's full test-run allowance (4 test runs here, 10 allowed at
  // once): the comparison is about whose connection it is, not about how fast the machine refills.
  await redis().del(redisKey(queues(), 'rate', 'test', B.workspaceId));
  for (const draft of [actionDraft(connectionId), pollingDraft(connectionId)]) {
    const created = await post(caller, `POST ${WS}/konnectors`, { name: 'Points elsewhere', definition: draft });
    expect(created.status, created.text).toBe(201);
    const k = JSON.parse(created.text) as { id: string; problems: unknown };
    konnectorIds.push(k.id);
    texts.push({ status: 200, contentType: '', text: JSON.stringify(k.problems) });
    texts.push(await post(caller, `POST ${WS}/konnectors/[konnectorId]/activate`, {}, { konnectorId: k.id }));
    texts.push(await post(caller, `POST ${WS}/konnectors/[konnectorId]/test`, { sample: { n: 1 } }, { konnectorId: k.id }));
    texts.push(await post(caller, `POST ${WS}/konnectors/validate`, { draft }));
    texts.push(await post(caller, `POST ${WS}/konnectors/test`, { draft, sample: { n: 1 } }));
  }
  texts.push(await post(caller, `POST ${WS}/konnectors`, { templateKey: 'custify-person-created-company', connectionId }));
  texts.push(await post(caller, `POST ${WS}/trigger-samples`, { connector: 'custify', event: 'person_created', connectionId }));
  return { texts: texts.map((r) => normalized(r, [connectionId])), konnectorIds };
}

describe('cross-tenant references in bodies', () => {
  it("refuses A's connection in drafts, activation, test runs, templates and samples exactly like a made-up id", async () => {
    for (const caller of ['session', 'token'] as const) {
      const aConnection = A.ids.connectionId ?? '';
      const theirs = await answersFor(caller, aConnection);
      const madeUp = await answersFor(caller, lookalike(aConnection));
      expect(theirs.texts.map((t, i) => t.split(theirs.konnectorIds[Math.floor(i / 5)] ?? '~').join('<k>'))).toEqual(
        madeUp.texts.map((t, i) => t.split(madeUp.konnectorIds[Math.floor(i / 5)] ?? '~').join('<k>')),
      );
      // And what that is: a missing connection, never a success.
      expect(JSON.parse(theirs.texts[0]?.slice(4) ?? '')).toEqual([expect.objectContaining({ stepId: 'a1', code: 'missing_connection' })]);
      expect(theirs.texts[1]).toMatch(/^400 .*missing_connection/);
      expect(theirs.texts[2]).toMatch(/^400 .*missing_connection/);
      expect(theirs.texts.at(-2)).toMatch(/^400 .*connectionId/);
      expect(theirs.texts.at(-1)).toMatch(/^404 /);
      for (const t of theirs.texts) expect(t).not.toMatch(/a Custify|"status":"succeeded"/);
    }
    // Nothing b started ran against A's connection: no run, no version, no activation.
    expect(await testDb().run.count({ where: { workspaceId: B.workspaceId, konnector: { name: 'Points elsewhere' } } })).toBe(0);
    expect(await testDb().konnector.count({ where: { workspaceId: B.workspaceId, name: 'Points elsewhere', status: 'active' } })).toBe(0);
  }, 60_000);

  it("does not show A's caught hook requests as b's trigger sample", async () => {
    for (const caller of ['session', 'token'] as const) {
      const ask = (konnectorId: string) => post(caller, `POST ${WS}/trigger-samples`, { connector: 'catch_hook', event: 'catch_hook', konnectorId });
      const aHook = A.ids.hookKonnectorId ?? '';
      const fake = lookalike(aHook);
      const [theirs, madeUp] = [await ask(aHook), await ask(fake)];
      expect(theirs.status).toBe(404);
      expect(normalized(theirs, [aHook])).toBe(normalized(madeUp, [fake]));
      expect(theirs.text).not.toContain(MARKER);
    }
  });

  it("filters b's event log by A's konnector to nothing of A's", async () => {
    for (const caller of ['session', 'token'] as const) {
      const res = await send(endpoint(`GET ${WS}/runs`), { params: { workspaceId: B.workspaceId }, query: [['konnectorId', A.ids.konnectorId ?? '']], headers: callers[caller] });
      expect(res.status).toBe(200);
      for (const id of [A.ids.konnectorId, A.ids.runId, A.ids.hookKonnectorId]) expect(res.text).not.toContain(id);
    }
  });
});

describe('cross-tenant lists', () => {
  it('holds nothing of A in anything b can list (every GET route without an id)', async () => {
    const invitation = await testDb().invitation.findUniqueOrThrow({ where: { id: A.ids.invitationId ?? '' }, select: { email: true } });
    const secrets = [...Object.values(A.ids), A.owner.email, A.member.email, invitation.email, MARKER, 'a Custify (world)'];
    const lists = list.filter((e) => e.method === 'GET' && e.params.every((p) => p === 'workspaceId'));
    expect(lists.length).toBeGreaterThanOrEqual(10);
    for (const e of lists) {
      for (const caller of ['session', 'token'] as const) {
        const res = await send(e, { params: { workspaceId: B.workspaceId }, headers: callers[caller] });
        // Instance-admin routes (the mail log) are not workspace lists: anyone else gets their 404.
        const adminOnly = e.label.includes('/api/v1/admin/');
        // A person's own account (sessions, security log, two-factor, password, email) is managed
        // from a browser only: an API token gets 403.
        const browserOnly = e.label.includes('/api/v1/account/') && caller === 'token';
        expect(res.status, `${e.label} as ${caller}: ${res.text.slice(0, 200)}`).toBe(adminOnly ? 404 : browserOnly ? 403 : 200);
        for (const s of secrets) expect(res.text.includes(s), `${e.label} as ${caller} shows "${s}"`).toBe(false);
      }
    }
  });
});

/**
 * A connection's secret goes only where it was entered for: an edit that moves the connection to
 * another scheme, host or port needs the secret again (finding 4), and what an app says back about
 * the credentials reaches the connection's status message with every secret value scrubbed, also
 * the base64 of a Basic credential (finding 7). Real HTTP: the Custify simulator and a second
 * local server playing the attacker's host (both allowed by the outbound guard, so nothing but
 * this rule keeps the key from it); real Postgres.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { open } from '@konnect/db';
import { keyring } from '@/server/services';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import { POST as CREATE } from '@/app/api/v1/workspaces/[workspaceId]/connections/route';
import { GET as GET_ONE, PATCH } from '@/app/api/v1/workspaces/[workspaceId]/connections/[connectionId]/route';
import { POST as TEST } from '@/app/api/v1/workspaces/[workspaceId]/connections/[connectionId]/test/route';

const API_KEY = 'sk-live-custify-destination-0123456789';
let sim: Simulator;
/** The attacker's server: records every request it receives, answers 401 quoting what it got. */
let attacker: Server;
let attackerUrl = '';
const stolen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKeys: [API_KEY] });
  attacker = createServer((req, res) => {
    stolen.push(req.headers);
    const auth = String(req.headers.authorization ?? '');
    const credential = auth.replace(/^\S+\s+/, '');
    // An app that quotes the credential it refused: the Basic base64, raw and JSON-escaped.
    const body = JSON.stringify({ error: `credential ${credential} refused`, detail: { header: auth } });
    res.writeHead(401, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  // Both are reachable through the outbound guard: only the re-entry rule keeps the key from the attacker.
  delete process.env.CUSTIFY_SIM_URL;
  process.env.OUTBOUND_ALLOW_HOSTS = `${new URL(sim.url).host}, ${new URL(attackerUrl).host}`;
});
afterAll(async () => {
  await sim.close();
  attacker.closeAllConnections();
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
});

type Conn = { id: string; status: string; statusMessage: string | null; settings: Record<string, unknown>; lastFailureMessage: string | null };

async function ownerWithAdmin(): Promise<{ owner: TestUser; admin: TestUser; workspaceId: string }> {
  const { user: owner, workspaceId } = await createOwner();
  const admin = await createUser('admin');
  await addMember(workspaceId, admin.id, 'admin');
  return { owner, admin, workspaceId };
}

async function create(user: TestUser, workspaceId: string, connectorKey: string, fields: object): Promise<Conn> {
  const res = await call(CREATE, 'POST', '/c', { as: { user }, params: { workspaceId }, body: { connectorKey, name: `${connectorKey} connection`, fields } });
  expect(res.status, res.text).toBe(201);
  return res.json as Conn;
}

async function sealed(workspaceId: string, id: string): Promise<Record<string, unknown>> {
  const row = await testDb().connection.findUniqueOrThrow({ where: { id } });
  return JSON.parse(open(keyring(), row.secret, workspaceId)) as Record<string, unknown>;
}

describe('a new destination needs the secret again', () => {
  it('finding 4: an admin who never saw the key cannot PATCH the base URL to another host; Test connection never sends the key there', async () => {
    const { owner, admin, workspaceId } = await ownerWithAdmin();
    const c = await create(owner, workspaceId, 'custify', { apiKey: API_KEY, baseUrl: sim.url });
    const params = { workspaceId, connectionId: c.id };
    stolen.length = 0;

    const moved = await call(PATCH, 'PATCH', '/c', { as: { user: admin }, params, body: { fields: { baseUrl: attackerUrl } } });
    expect(moved.status).toBe(400);
    expect(errorOf(moved)).toMatchObject({ code: 'bad_request', field: 'fields.apiKey' });
    expect(errorOf(moved).message).toContain('Re-enter the API Key to send it to a new address');
    expect(errorOf(moved).message).toContain(attackerUrl);
    // The same with the key field sent empty (the edit form's way of saying "keep it").
    const blank = await call(PATCH, 'PATCH', '/c', { as: { user: admin }, params, body: { fields: { apiKey: '', baseUrl: attackerUrl } } });
    expect(errorOf(blank)).toMatchObject({ field: 'fields.apiKey' });

    // Nothing changed: the connection still points at the simulator, and testing it sends nothing to the attacker.
    expect(await sealed(workspaceId, c.id)).toEqual({ apiKey: API_KEY, baseUrl: sim.url });
    expect((await call(TEST, 'POST', '/t', { as: { user: admin }, params })).json).toMatchObject({ ok: true });
    expect(stolen).toHaveLength(0);
  });

  it.each([
    ['another port', (u: URL) => `${u.protocol}//${u.hostname}:${Number(u.port) + 1}`],
    ['another scheme', (u: URL) => `https://${u.host}`],
    ['another host spelling for the same address', (u: URL) => `${u.protocol}//localhost:${u.port}`],
  ])('finding 4: %s is a new destination too', async (_what, to) => {
    const { owner, workspaceId } = await ownerWithAdmin();
    const c = await create(owner, workspaceId, 'custify', { apiKey: API_KEY, baseUrl: sim.url });
    const res = await call(PATCH, 'PATCH', '/c', { as: { user: owner }, params: { workspaceId, connectionId: c.id }, body: { fields: { baseUrl: to(new URL(sim.url)) } } });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ field: 'fields.apiKey' });
  });

  it('a path on the same origin may change without the key; a new host with the key re-entered is saved', async () => {
    const { owner, admin, workspaceId } = await ownerWithAdmin();
    const c = await create(owner, workspaceId, 'custify', { apiKey: API_KEY, baseUrl: sim.url });
    const params = { workspaceId, connectionId: c.id };
    const samePlace = await call(PATCH, 'PATCH', '/c', { as: { user: admin }, params, body: { fields: { baseUrl: `${sim.url}/` } } });
    expect(samePlace.status, samePlace.text).toBe(200);
    const subPath = await call(PATCH, 'PATCH', '/c', { as: { user: admin }, params, body: { fields: { baseUrl: `${sim.url}/eu` } } });
    expect(subPath.status, subPath.text).toBe(200);
    expect(await sealed(workspaceId, c.id)).toEqual({ apiKey: API_KEY, baseUrl: `${sim.url}/eu` });

    const otherKey = 'sk-typed-again-for-the-new-host-42';
    const rekeyed = await call(PATCH, 'PATCH', '/c', { as: { user: admin }, params, body: { fields: { apiKey: otherKey, baseUrl: attackerUrl } } });
    expect(rekeyed.status, rekeyed.text).toBe(200);
    expect(await sealed(workspaceId, c.id)).toEqual({ apiKey: otherKey, baseUrl: attackerUrl });
    const one = await call(GET_ONE, 'GET', '/c', { as: { user: admin }, params });
    expect(one.text).not.toContain(otherKey);
  });

  it('an empty Custify base URL means api.custify.com: setting it to that address is no move, setting it elsewhere is', async () => {
    const { owner, workspaceId } = await ownerWithAdmin();
    const c = await create(owner, workspaceId, 'custify', { apiKey: API_KEY });
    const params = { workspaceId, connectionId: c.id };
    expect((await call(PATCH, 'PATCH', '/c', { as: { user: owner }, params, body: { fields: { baseUrl: 'https://api.custify.com' } } })).status).toBe(200);
    const away = await call(PATCH, 'PATCH', '/c', { as: { user: owner }, params, body: { fields: { baseUrl: '' } } });
    expect(away.status).toBe(200);
    expect(errorOf(await call(PATCH, 'PATCH', '/c', { as: { user: owner }, params, body: { fields: { baseUrl: attackerUrl } } }))).toMatchObject({ field: 'fields.apiKey' });
  });

  it('Web API: a new host with a new scheme and its own key is saved, and the old token stays behind', async () => {
    const { owner, workspaceId } = await ownerWithAdmin();
    const c = await create(owner, workspaceId, 'web_api', { baseUrl: `${sim.url}/v1`, scheme: 'bearer', token: 'tok_old_bearer_123456' });
    const params = { workspaceId, connectionId: c.id };
    const refused = await call(PATCH, 'PATCH', '/c', { as: { user: owner }, params, body: { fields: { baseUrl: `${attackerUrl}/v1`, scheme: 'bearer', token: '' } } });
    expect(errorOf(refused)).toMatchObject({ field: 'fields.token' });
    expect(errorOf(refused).message).toContain('Re-enter the Bearer token');
    const moved = await call(PATCH, 'PATCH', '/c', {
      as: { user: owner },
      params,
      body: { fields: { baseUrl: `${attackerUrl}/v1`, scheme: 'header', headerName: 'X-Api-Key', headerValue: 'key_new_header_7788' } },
    });
    expect(moved.status, moved.text).toBe(200);
    const value = await sealed(workspaceId, c.id);
    expect(value).toMatchObject({ baseUrl: `${attackerUrl}/v1`, scheme: 'header', headerValue: 'key_new_header_7788' });
    expect(JSON.stringify(value)).not.toContain('tok_old_bearer_123456');
  });

  it('SMTP: another host, port or security needs the password again', async () => {
    const { owner, workspaceId } = await ownerWithAdmin();
    const fields = { host: 'smtp.example.com', port: 587, security: 'starttls', username: 'ada', password: 'smtp_pw_445566', fromAddress: 'alerts@example.com' };
    const c = await create(owner, workspaceId, 'email', fields);
    const params = { workspaceId, connectionId: c.id };
    for (const change of [{ host: 'smtp.attacker.example' }, { port: 2525 }, { security: 'none' }, { allowSelfSigned: true }]) {
      const res = await call(PATCH, 'PATCH', '/c', { as: { user: owner }, params, body: { fields: { ...fields, password: '', ...change } } });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(errorOf(res)).toMatchObject({ field: 'fields.password' });
    }
    const renamedSender = await call(PATCH, 'PATCH', '/c', { as: { user: owner }, params, body: { fields: { ...fields, password: '', fromName: 'Alerts' } } });
    expect(renamedSender.status, renamedSender.text).toBe(200);
    expect(await sealed(workspaceId, c.id)).toMatchObject({ password: 'smtp_pw_445566', fromName: 'Alerts' });
  });
});

describe('status messages never quote a secret', () => {
  it('finding 7: a Basic credential an API quotes (base64) in its 401 body does not reach the connection\'s statusMessage', async () => {
    const { owner, workspaceId } = await ownerWithAdmin();
    const password = 'pw-basic-quoted-9911';
    const credential = Buffer.from(`ada:${password}`).toString('base64');
    const c = await create(owner, workspaceId, 'web_api', { baseUrl: attackerUrl, scheme: 'basic', username: 'ada', password });
    const tested = await call(TEST, 'POST', '/t', { as: { user: owner }, params: { workspaceId, connectionId: c.id } });
    expect(tested.json).toMatchObject({ ok: false, status: 'needs_attention' });
    // The app really did quote it; nobody reads it back.
    expect(stolen.at(-1)?.authorization).toBe(`Basic ${credential}`);
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    const seen = await call(GET_ONE, 'GET', '/c', { as: { user: member }, params: { workspaceId, connectionId: c.id } });
    const conn = seen.json as Conn;
    expect(conn.statusMessage).toContain('[redacted]');
    for (const text of [tested.text, seen.text, JSON.stringify(await testDb().connection.findUniqueOrThrow({ where: { id: c.id }, select: { statusMessage: true, lastFailureMessage: true } }))]) {
      for (const form of [password, credential, credential.replace(/=+$/, ''), encodeURIComponent(credential)]) expect(text).not.toContain(form);
    }
  });
});

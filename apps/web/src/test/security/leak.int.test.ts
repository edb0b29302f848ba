/**
 * Issue 8, secret leak test. A known secret is a Custify connection's API key (the simulator
 * accepts it); konnectors run through the real platform run processor with actions that succeed,
 * get a 503 (faults on that key), a 401 (a second connection with the secret plus a suffix) and a
 * 422 whose body echoes the input, a code step that logs its input, and a mapping that tries to
 * reach the connection. Then the secret must appear nowhere in plaintext: no row of any table,
 * no Redis key of the test, no log line, no API answer. A canary value placed in the trigger
 * payload proves each place is really searched.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_API_KEY } from '@konnect/custify-sim';
import { processRun } from '@konnect/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platform } from '@/server/services';
import { createOwner, type TestUser } from '../fixtures';
import { platformTestEnv, type PlatformTestEnv } from '../platform';
import { NOTE_INPUT } from './bodies';
import { jsonHeaders, send, sessionHeaders } from './http';
import { captureOutput, redisText, scanDatabase, spellings, type DbScan } from './leak-scan';
import { endpoints, type Endpoint } from './routes';

const SECRET = `sk_live_LEAKCHECK_${randomBytes(12).toString('hex')}`;
/** An HTTP Request action's bearer token: the HTTP app has no connection, the token is a (secret) step input. */
const HTTP_TOKEN = `sk_live_HTTPCHECK_${randomBytes(12).toString('hex')}`;
const CANARY = `CANARY_${randomBytes(8).toString('hex')}`;
const WS = '/api/v1/workspaces/[workspaceId]';

const output = captureOutput();
/** Every API answer of the test (status and text). */
const answers: string[] = [];
let env: PlatformTestEnv;
let list: Endpoint[];
let owner: TestUser;
let workspaceId: string;
let headers: [string, string][];
const runStatuses: string[] = [];
/** API answers about runs (the event log), which must not show the HTTP token either. */
const runAnswers: string[] = [];

async function api(label: string, params: Record<string, string> = {}, body?: unknown, query: [string, string][] = []): Promise<{ status: number; json: unknown }> {
  const e = list.find((x) => x.label === label);
  if (!e) throw new Error(`no route ${label}`);
  const res = await send(e, { params: { workspaceId, ...params }, query, headers: [...headers, ...jsonHeaders], ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  answers.push(`${label} → ${res.status} ${res.text}`);
  if (/\/runs\b/.test(label)) runAnswers.push(res.text);
  return { status: res.status, json: res.text ? (JSON.parse(res.text) as unknown) : null };
}

async function created(label: string, params: Record<string, string>, body: unknown): Promise<string> {
  const res = await api(label, params, body);
  if (res.status !== 201) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.json)}`);
  return (res.json as { id: string }).id;
}

/** Runs every queued run of the workspace through the platform's run processor (as the worker does). */
async function processQueued(): Promise<void> {
  const runs = await platform().db.run.findMany({ where: { workspaceId, status: 'queued' }, select: { id: true } });
  for (const run of runs) {
    const outcome = await processRun(platform(), { workspaceId, runId: run.id, deferrals: 0 });
    runStatuses.push(outcome.status === 'finished' ? outcome.runStatus : outcome.status);
  }
}

const trigger = { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} };
const action = (id: string, key: string, connectionId: string, input: object) => ({ type: 'action', id, connector: 'custify', action: key, connectionId, input, onError: 'continue' });

function liveDefinition(good: string, bad: string) {
  return {
    trigger,
    steps: [
      { type: 'code', id: 'c1', source: "console.log('input', JSON.stringify(input));\nconsole.log(input);\nreturn { size: JSON.stringify(input).length, canary: input.trigger.canary };" },
      action('a1', 'create_person', good, { user_id: '{{trigger.u1}}', email: '{{trigger.e1}}', first_name: 'Leak', custom_attributes: { seen: '{{steps.c1.canary}}' } }),
      action('a2', 'create_person', good, { user_id: '{{trigger.u2}}', email: '{{trigger.e2}}' }),
      // 422 "email … already belongs to another person": the app's answer echoes the input.
      action('a3', 'create_person', good, { user_id: '{{trigger.u1}}', email: '{{trigger.e2}}' }),
      // 401: the app refuses the key.
      action('a4', 'create_note', bad, NOTE_INPUT),
      // 503s (faults on the secret key) until the faults are cleared.
      action('a5', 'get_person', good, { id: '{{steps.a1.id}}' }),
    ],
  };
}

function httpDefinition(url: string) {
  const request = (id: string, input: object) => ({ type: 'action', id, connector: 'http', action: 'request', input: { method: 'GET', url, ...input }, onError: 'continue' });
  return { trigger, steps: [request('h1', { auth: 'bearer', token: HTTP_TOKEN }), request('h2', { headers: { Authorization: `Bearer ${HTTP_TOKEN}` } })] };
}

async function activateHook(konnectorId: string): Promise<Endpoint & { token: string }> {
  const on = await api(`POST ${WS}/konnectors/[konnectorId]/activate`, { konnectorId }, {});
  if (on.status !== 200) throw new Error(`activation failed: ${JSON.stringify(on.json)}`);
  const hook = list.find((e) => e.label === 'POST /hooks/[token]');
  if (!hook) throw new Error('no hook route');
  return { ...hook, token: decodeURIComponent((on.json as { webhookUrl: string }).webhookUrl.split('/hooks/')[1] ?? '') };
}

beforeAll(async () => {
  console.info(`leak check: canary ${CANARY}`);
  env = await platformTestEnv('leak', { apiKeys: [DEFAULT_API_KEY, SECRET, HTTP_TOKEN] });
  list = await endpoints();
  const o = await createOwner('leak');
  owner = o.user;
  workspaceId = o.workspaceId;
  headers = await sessionHeaders(owner);

  const good = await created(`POST ${WS}/connections`, {}, { connectorKey: 'custify', name: 'Custify live', fields: { apiKey: SECRET, baseUrl: env.sim.url } });
  const bad = await created(`POST ${WS}/connections`, {}, { connectorKey: 'custify', name: 'Custify revoked', fields: { apiKey: `${SECRET}_revoked`, baseUrl: env.sim.url } });
  await api(`POST ${WS}/connections/[connectionId]/test`, { connectionId: good });
  await api(`POST ${WS}/connections/[connectionId]/test`, { connectionId: bad });
  await api(`PATCH ${WS}/connections/[connectionId]`, { connectionId: good }, { name: 'Custify live (renamed)', fields: { apiKey: SECRET, baseUrl: env.sim.url } });
  await api(`PATCH ${WS}/connections/[connectionId]`, { connectionId: good }, { fields: { baseUrl: env.sim.url } });

  const live = await created(`POST ${WS}/konnectors`, {}, { name: 'Leak check', definition: liveDefinition(good, bad) });
  const sneaky = await created(`POST ${WS}/konnectors`, {}, {
    name: 'Reaches for the key',
    definition: { trigger, steps: [action('n1', 'create_note', good, { ...NOTE_INPUT, text: `{{connections.${good}.apiKey}} {{steps.n1.auth.apiKey}} {{trigger.__proto__.constructor}}` })] },
  });
  await api(`POST ${WS}/konnectors/[konnectorId]/activate`, { konnectorId: sneaky }, {});
  await api(`POST ${WS}/konnectors/[konnectorId]/test`, { konnectorId: sneaky }, { sample: { canary: CANARY } });

  const payload = { canary: CANARY, u1: `leak-${CANARY}-1`, e1: `leak1-${CANARY}@example.test`, u2: `leak-${CANARY}-2`, e2: `leak2-${CANARY}@example.test` };
  const http = await created(`POST ${WS}/konnectors`, {}, { name: 'HTTP bearer', definition: httpDefinition(`${env.sim.url}/people/all`) });
  for (const konnectorId of [live, http]) {
    const hook = await activateHook(konnectorId);
    const caught = await send(hook, { params: { token: hook.token }, headers: jsonHeaders, body: JSON.stringify(payload) });
    answers.push(`hook → ${caught.status} ${caught.text}`);
  }

  // The test run's a5 gets a 503 asking to wait 10 minutes: reported at once.
  env.sim.addFault({ status: 503, retryAfter: 600, apiKey: SECRET, pathPrefix: '/customer/' });
  await api(`POST ${WS}/konnectors/[konnectorId]/test`, { konnectorId: live }, { sample: { ...payload, u1: `t-${CANARY}-1`, u2: `t-${CANARY}-2` } });
  env.sim.clearFaults();
  // Longer than the step's in-process wait budget: the run is put back with the error.
  env.sim.addFault({ status: 503, retryAfter: 30, apiKey: SECRET, pathPrefix: '/customer/' });
  await processQueued(); // a5 gets a 503 asking to wait 30 s: the run is deferred with the error stored
  env.sim.clearFaults();
  await processQueued(); // resumes at a5 and finishes: partial (a3 422, a4 401)

  const runs = await api(`GET ${WS}/runs`);
  const runIds = (runs.json as { runs: { id: string }[] }).runs.map((r) => r.id);
  for (const runId of runIds) {
    await api(`GET ${WS}/runs/[runId]`, { runId });
    await api(`POST ${WS}/runs/[runId]/replay`, { runId }, { mode: 'from_start' });
  }
  await processQueued();

  for (const runId of (((await api(`GET ${WS}/runs`)).json as { runs: { id: string }[] }).runs).map((r) => r.id)) await api(`GET ${WS}/runs/[runId]`, { runId });
  await api(`GET ${WS}/konnectors/[konnectorId]/runs`, { konnectorId: live });
  for (const konnectorId of [live, sneaky]) {
    await api(`GET ${WS}/konnectors/[konnectorId]`, { konnectorId });
    await api(`GET ${WS}/konnectors/[konnectorId]/export`, { konnectorId });
    await api(`GET ${WS}/konnectors/[konnectorId]/versions`, { konnectorId });
    await api(`POST ${WS}/konnectors/[konnectorId]/duplicate`, { konnectorId });
  }
  await api(`GET ${WS}/konnectors`);
  await api(`GET ${WS}/connections`);
  for (const connectionId of [good, bad]) await api(`GET ${WS}/connections/[connectionId]`, { connectionId });
  await api(`POST ${WS}/trigger-samples`, {}, { connector: 'custify', event: 'person_created', connectionId: good });
  await api(`POST ${WS}/trigger-samples`, {}, { connector: 'custify', event: 'person_created', connectionId: bad });
  await api(`POST ${WS}/trigger-samples`, {}, { connector: 'catch_hook', event: 'catch_hook', konnectorId: live });
  await api(`GET ${WS}/audit-events`);
  await api(`GET ${WS}`);
  await api(`GET ${WS}/members`);
  await api(`GET ${WS}/tokens`);
  console.info(`leak check: canary ${CANARY} logged once more`);
}, 120_000);

/** Printed after the capture ends. */
const report: string[] = [];

afterAll(async () => {
  output.restore();
  console.info([`leak check: run outcomes ${runStatuses.join(', ')}; ${answers.length} API answers, ${output.lines.length} log lines searched`, ...report].join('\n'));
  await env?.close();
});

function hitsIn(text: string, needles: string[]): string[] {
  return needles.filter((n) => text.includes(n));
}

describe('leak check: the connection secret is nowhere in plaintext', () => {
  it('ran the scenario through the real run processor: success, 500, 401 and 422 paths', async () => {
    expect(runStatuses).toContain('deferred');
    expect(runStatuses.filter((s) => s === 'partial').length).toBeGreaterThanOrEqual(2);
    const steps = await platform().db.runStep.findMany({ where: { run: { workspaceId } }, select: { stepId: true, status: true, error: true, logs: true } });
    const errors = JSON.stringify(steps.map((s) => s.error));
    expect(errors).toMatch(/already belongs to another person/); // the 422 echo
    expect(errors).toMatch(/Invalid API key|401/);
    expect(JSON.stringify(steps.filter((s) => s.stepId === 'c1').map((s) => s.logs))).toContain(CANARY); // the code step did log its input
    expect(steps.some((s) => s.stepId === 'a5' && s.status === 'succeeded')).toBe(true);
  });

  it('is in no row of any table (the canary is)', async () => {
    const scan: DbScan = await scanDatabase([...spellings(SECRET), CANARY]);
    report.push(`leak check: scanned ${scan.tables} tables, ${scan.rows} rows, ${(scan.bytes / 1e6).toFixed(1)} MB of row JSON`);
    expect(scan.tables).toBeGreaterThanOrEqual(10);
    expect(scan.hits.filter((h) => h.includes(CANARY.slice(0, 12))).length, 'the canary must be found (the scan works)').toBeGreaterThan(0);
    expect(scan.hits.filter((h) => !h.includes(CANARY.slice(0, 12)))).toEqual([]);
  }, 60_000);

  it('is in no API answer (the canary is)', () => {
    const all = answers.join('\n');
    expect(answers.length).toBeGreaterThan(30);
    expect(all).toContain(CANARY);
    expect(answers.filter((a) => hitsIn(a, spellings(SECRET)).length > 0).map((a) => a.slice(0, 300))).toEqual([]);
  });

  it('is in no log line (the canary is)', () => {
    const all = output.lines.join('\n');
    expect(all).toContain(CANARY);
    expect(output.lines.filter((l) => hitsIn(l, spellings(SECRET)).length > 0).map((l) => l.slice(0, 300))).toEqual([]);
  });

  it("keeps an HTTP Request action's bearer token out of run records, the event log API and logs", async () => {
    const steps = await platform().db.runStep.findMany({ where: { run: { workspaceId }, stepId: { in: ['h1', 'h2'] } }, select: { status: true, input: true } });
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(steps.every((s) => s.status === 'succeeded')).toBe(true); // the simulator took the token
    const scan = await scanDatabase(spellings(HTTP_TOKEN));
    // The definition holds it by design (the HTTP app has no connection to keep it in): only there.
    expect(scan.hits.filter((h) => !/^(Konnector|KonnectorVersion):/.test(h))).toEqual([]);
    expect(runAnswers.length).toBeGreaterThan(4);
    expect(runAnswers.filter((a) => hitsIn(a, spellings(HTTP_TOKEN)).length > 0).map((a) => a.slice(0, 300))).toEqual([]);
    expect(output.lines.filter((l) => hitsIn(l, spellings(HTTP_TOKEN)).length > 0)).toEqual([]);
  });

  it('is in no Redis key or job of the test', async () => {
    const text = await redisText(env.prefix);
    expect(text.length).toBeGreaterThan(0);
    expect(hitsIn(text, [...spellings(SECRET), ...spellings(HTTP_TOKEN)])).toEqual([]);
  });
});

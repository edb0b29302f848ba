/**
 * Issue 8, property-based fuzz of every API route (found by walking src/app, see routes.ts):
 * malformed, huge, deeply nested and wrongly typed bodies, hostile path params, query strings
 * and headers, signed in (owner, member, API token) and not. Whatever comes in, the answer is
 * never a 5xx, never shows internals (stack frames, paths, ORM/driver text), and every error
 * is JSON `{ error: { code, message } }`.
 *
 * Two passes: a fixed corpus sent to every endpoint (each hostile ingredient at least once), then
 * random combinations with a fixed seed (FUZZ_SEED to replay another; FUZZ_RUNS to go longer).
 */
import fc from 'fast-check';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionCookieName } from '@/server/session';
import { platformTestEnv, type PlatformTestEnv } from '../platform';
import { bodyArb, BODY_CORPUS, CONTENT_LENGTHS, CONTENT_TYPES, headerText, nastyString, NASTY_STRINGS, queryArb } from './fuzz-inputs';
import { answerProblems, jsonHeaders, send, sessionHeaders, type RawRequest } from './http';
import { endpoints, type Endpoint } from './routes';
import { validBody, takesBody } from './bodies';
import { createWorld, ORIGIN, type World } from './world';

const SEED = Number(process.env.FUZZ_SEED ?? 80_808);
const RUNS_PER_ENDPOINT = Number(process.env.FUZZ_RUNS ?? 50);

let env: PlatformTestEnv;
let world: World;
let list: Endpoint[];
const auth: Record<string, [string, string][]> = {};
/** What the app logged while the fuzz ran (a 500 logs its error here: shown with the failure). */
const logged: string[] = [];
/** How many answers of each status the fuzz got (printed: most must get past auth and parsing). */
const statuses = new Map<number, number>();

beforeAll(async () => {
  env = await platformTestEnv('fuzz');
  world = await createWorld('fuzz', env.sim.url);
  list = await endpoints();
  const jwt = (sub: string, secret: string) => encode({ token: { sub, email: 'x@example.test', name: 'x' }, secret });
  const owner = await sessionHeaders(world.owner);
  auth.owner = owner;
  auth.member = await sessionHeaders(world.member);
  auth.token = [['authorization', `Bearer ${world.apiToken}`]];
  auth.none = [];
  auth.ghost = [['cookie', `${sessionCookieName()}=${await jwt('no-such-user', process.env.NEXTAUTH_SECRET ?? '')}`], ['origin', ORIGIN]];
  auth.wrongSecret = [['cookie', `${sessionCookieName()}=${await jwt(world.owner.id, 'another secret that is long enough to be a secret')}`]];
  const cookie = owner[0]?.[1] ?? '';
  auth.forged = [['cookie', `${cookie.slice(0, -10)}${cookie.endsWith('AAAAAAAAAA') ? 'BBBBBBBBBB' : 'AAAAAAAAAA'}`], ['origin', ORIGIN]];
  auth.garbageCookie = [['cookie', `${sessionCookieName()}=%%%;;=;${'z'.repeat(6000)}`]];
  auth.basic = [['authorization', 'Basic dXNlcjpwYXNz']];
  auth.bearerEmpty = [['authorization', 'Bearer']];
  auth.bearerUnknown = [['authorization', `Bearer kn_${'B'.repeat(43)}`]];
  auth.bearerHuge = [['authorization', `Bearer ${'k'.repeat(20_000)}`]];
  auth.crossSite = [...owner.filter(([k]) => k !== 'origin'), ['origin', 'https://evil.example']];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
}, 300_000);

afterAll(async () => {
  console.info(`fuzz answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  vi.restoreAllMocks();
  await env?.close();
});

/** The world's id for a param (not for DELETE: the fuzz must not remove what later calls need). */
function realParams(endpoint: Endpoint): Record<string, string> {
  return Object.fromEntries(endpoint.params.map((p) => [p, endpoint.method === 'DELETE' && p !== 'workspaceId' ? `missing-${p}` : (world.ids[p] ?? `unknown-${p}`)]));
}

function goodBody(endpoint: Endpoint): string | undefined {
  if (!takesBody(endpoint)) return undefined;
  return JSON.stringify(validBody(endpoint, { simUrl: env.sim.url, connectionId: world.ids.connectionId ?? '' }) ?? {});
}

function describeRequest(endpoint: Endpoint, req: RawRequest): string {
  const clip = (s: string) => (s.length > 160 ? `${s.slice(0, 160)}… (${s.length} chars)` : s);
  return `${endpoint.label} params=${clip(JSON.stringify(req.params))} query=${clip(JSON.stringify(req.query ?? []))} headers=${clip(JSON.stringify((req.headers ?? []).map(([k, v]) => [k, k === 'cookie' || k === 'authorization' ? clip(v) : v])))} body=${clip(JSON.stringify(req.body ?? null))}`;
}

/** Sends one request; returns a failure line, or null when the answer is fine. */
async function probe(endpoint: Endpoint, req: RawRequest): Promise<string | null> {
  const before = logged.length;
  let problems: string[];
  let shown = '';
  try {
    const res = await send(endpoint, req);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    problems = answerProblems(res);
    shown = `${res.status} ${res.text.slice(0, 300)}`;
  } catch (err) {
    problems = [`the handler threw: ${err instanceof Error ? err.message : String(err)}`];
  }
  if (problems.length === 0) return null;
  const log = logged.slice(before).join(' | ').replace(/\s+/g, ' ').slice(0, 400);
  return `${describeRequest(endpoint, req)}\n    → ${problems.join('; ')}: ${shown}${log ? `\n    log: ${log}` : ''}`;
}

/** Runs `jobs` a few at a time (the database pool is small), collecting failures. */
async function runAll(jobs: (() => Promise<string | null>)[], concurrency = 4): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const failure = job ? await job() : null;
        if (failure) failures.push(failure);
      }
    }),
  );
  return failures;
}

function corpus(endpoint: Endpoint): RawRequest[] {
  const params = realParams(endpoint);
  const body = goodBody(endpoint);
  const owner = auth.owner ?? [];
  const out: RawRequest[] = [];
  const json = [...owner, ...jsonHeaders];
  if (endpoint.method !== 'GET') {
    for (const [, text] of BODY_CORPUS) out.push({ params, headers: json, body: text });
    for (const type of CONTENT_TYPES) out.push({ params, headers: [...owner, ['content-type', type]], body: body ?? '{"a":1}' });
    for (const length of CONTENT_LENGTHS) out.push({ params, headers: [...json, ['content-length', length]], body: body ?? '{}' });
  }
  for (const name of endpoint.params) {
    for (const value of NASTY_STRINGS) out.push({ params: { ...params, [name]: value }, headers: json, ...(body !== undefined ? { body } : {}) });
  }
  for (const [kind, headers] of Object.entries(auth)) {
    if (kind !== 'owner') out.push({ params, headers: [...headers, ...jsonHeaders], ...(body !== undefined ? { body } : {}) });
  }
  out.push({ params, headers: json, query: NASTY_STRINGS.map((v, i) => [i % 2 ? 'cursor' : 'limit', v]), ...(body !== undefined ? { body } : {}) });
  out.push({ params, headers: json, query: [['status', 'failed,,x'], ['from', '99999-99-99'], ['to', 'yesterday'], ['cursor', 'eyJ0IjoxfQ'], ['limit', '1e3']] });
  return out;
}

function requestArb(endpoint: Endpoint): fc.Arbitrary<RawRequest> {
  const real = realParams(endpoint);
  const paramsArb = fc.record(Object.fromEntries(endpoint.params.map((p) => [p, fc.oneof({ weight: 3, arbitrary: fc.constant(real[p] ?? '') }, { weight: 2, arbitrary: nastyString })])) as Record<string, fc.Arbitrary<string>>);
  const authArb = fc.oneof(
    { weight: 6, arbitrary: fc.constant(auth.owner ?? []) },
    { weight: 2, arbitrary: fc.constant(auth.token ?? []) },
    { weight: 1, arbitrary: fc.constantFrom(...Object.values(auth)) },
    { weight: 1, arbitrary: headerText(300).map((v): [string, string][] => [['authorization', v]]) },
    { weight: 1, arbitrary: headerText(300).map((v): [string, string][] => [['cookie', v]]) },
  );
  const extraArb = fc.array(
    fc.oneof(
      fc.constantFrom(...CONTENT_TYPES).map((v): [string, string] => ['content-type', v]),
      fc.constantFrom(...CONTENT_LENGTHS).map((v): [string, string] => ['content-length', v]),
      headerText(60).map((v): [string, string] => ['origin', v]),
      headerText(60).map((v): [string, string] => ['idempotency-key', v]),
      headerText(60).map((v): [string, string] => ['x-forwarded-for', v]),
    ),
    { maxLength: 2 },
  );
  const body = endpoint.method === 'GET' ? fc.constant(undefined) : bodyArb(JSON.parse(goodBody(endpoint) ?? '{}'));
  return fc
    .record({ params: paramsArb, query: queryArb, auth: authArb, json: fc.boolean(), extra: extraArb, body })
    .map(({ params, query, auth: a, json, extra, body: b }): RawRequest => ({
      params,
      query,
      headers: [...a, ...(json ? jsonHeaders : []), ...extra],
      ...(b !== undefined ? { body: b } : {}),
    }));
}

describe('fuzz: every API route', () => {
  it('finds the route handlers by walking src/app (v1 API and /hooks)', () => {
    const labels = list.map((e) => e.label);
    expect(labels).toContain('POST /hooks/[token]');
    expect(labels).toContain('GET /api/v1/workspaces/[workspaceId]/runs/[runId]');
    expect(labels.length).toBeGreaterThanOrEqual(40);
  });

  // Runs first, while the hook's rate-limit bucket is full.
  it('a Catch Hook payload PostgreSQL cannot store gets a 400 naming the field, not a 500', async () => {
    const hook = list.find((e) => e.label === 'POST /hooks/[token]');
    if (!hook) throw new Error('no hook route');
    const failures: string[] = [];
    for (const body of ['{"note":"a\\u0000b"}', '{"note":"\\ud800"}', '{"k\\u0000":1}']) {
      const failure = await probe(hook, { params: { token: world.ids.token ?? '' }, headers: jsonHeaders, body });
      if (failure) failures.push(failure);
    }
    // Found by the random run: a content type that is not exactly JSON keeps the body as text, and
    // the Catch Hook decodes it as JSON afterwards — what it decoded is checked too.
    const mixed: [string, string][] = [['content-type', 'application/json, application/x-www-form-urlencoded']];
    const failure = await probe(hook, { params: { token: world.ids.token ?? '' }, headers: mixed, body: '{"":"\\udfffx\\ud83d"}' });
    if (failure) failures.push(failure);
    expect(failures).toEqual([]);
  });

  it('answers every corpus request without a 5xx or internals, errors as { error: { code, message } }', async () => {
    const jobs = list.flatMap((endpoint) => corpus(endpoint).map((req) => () => probe(endpoint, req)));
    const failures = await runAll(jobs);
    console.info(`fuzz corpus: ${jobs.length} requests to ${list.length} endpoints`);
    expect(failures.length, `${failures.length} bad answers, e.g.:\n${failures.slice(0, 12).join('\n')}`).toBe(0);
  }, 600_000); // generous: thousands of requests; at load 13 they took over 2 min

  it(`answers random requests the same way (seed ${SEED}, ${RUNS_PER_ENDPOINT} per endpoint)`, async () => {
    let sent = 0;
    for (const [i, endpoint] of list.entries()) {
      await fc.assert(
        fc.asyncProperty(requestArb(endpoint), async (req) => {
          sent++;
          const failure = await probe(endpoint, req);
          if (failure) throw new Error(`replay with FUZZ_SEED=${SEED}: ${failure}`);
        }),
        { seed: SEED + i, numRuns: RUNS_PER_ENDPOINT, endOnFailure: true },
      );
    }
    console.info(`fuzz random: ${sent} requests, seed ${SEED}`);
  }, 600_000);
});

/**
 * The ingress answers exactly as the web app's Catch Hook route: the same cases, over real HTTP,
 * against both (each built from the same environment, as in production), compared status, body and
 * headers: 202, form body, 404, 413, 400 naming the field, 429 with Retry-After, a Respond to Hook
 * answer, and the default answer when the konnector does not respond in time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@konnect/connectors';
import { closeHookListener, platformFromEnv, processRun, type Platform } from '@konnect/platform';
import { catchHook, createWorkspace, dropKeys, hookKonnector, serveRoute, testEnv, type Served } from './hooks.fixture';

const { prefix } = testEnv('same');
const { loadIngressEnv } = await import('./env');
const { createIngress } = await import('./server');
const { POST } = await import('@/app/hooks/[token]/route');
const { platform: webPlatform } = await import('@/server/services');
const { headerRules } = await import('@/security-headers');

/** next.config's headers of /hooks/… (the web app's security-headers.ts; `next start` lets them replace the route's own). */
const nextConfigHeaders = Object.fromEntries(
  headerRules()
    .filter((r) => r.source === '/:path*' || r.source.startsWith('/hooks'))
    .flatMap((r) => r.headers.map((h) => [h.key.toLowerCase(), h.value])),
);

let p: Platform;
let workspaceId: string;
const targets: Record<'next' | 'ingress', Served> = {} as never;
let closeIngress: () => Promise<unknown>;

beforeAll(async () => {
  p = platformFromEnv(loadIngressEnv(), { registry });
  workspaceId = await createWorkspace(p.db);
  const ingress = createIngress(p, { transportSecurity: null });
  const port = await ingress.listen(0, '127.0.0.1');
  targets.ingress = { url: `http://127.0.0.1:${port}`, close: async () => undefined };
  closeIngress = () => ingress.close(1000);
  targets.next = await serveRoute(POST, nextConfigHeaders);
});

afterAll(async () => {
  await targets.next?.close();
  await closeIngress?.();
  await p.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await closeHookListener(webPlatform());
  await webPlatform().queues.close();
  await webPlatform().queues.redis.quit();
  await closeHookListener(p);
  await dropKeys(p, prefix);
  await p.queues.close();
  await p.queues.redis.quit();
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function call(base: string, path: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method: 'POST', ...init });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** What must match: status, the body with run ids made generic, and the headers the answer itself sets. */
function comparable(a: Answer) {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'cache-control', 'retry-after', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy', 'x-order']) {
    if (a.headers[name] !== undefined) headers[name] = name === 'retry-after' ? 'present' : (a.headers[name] ?? '');
  }
  return { status: a.status, headers, body: a.body.replace(/"runId":"[^"]+"/g, '"runId":"<id>"') };
}

const json = (value: unknown, headers: Record<string, string> = {}): RequestInit => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json', ...headers } });

/** Each case runs on both targets, each with its own konnector (rate buckets are per hook); the answers are compared. */
async function both(make: () => Promise<string>, send: (base: string, token: string) => Promise<Answer>): Promise<{ next: Answer; ingress: Answer }> {
  const next = await send(targets.next.url, await make());
  const ingress = await send(targets.ingress.url, await make());
  expect(comparable(ingress)).toEqual(comparable(next));
  return { next, ingress };
}

const plain = () => hookKonnector(p, workspaceId, { trigger: catchHook(), steps: [] });

describe('the ingress and the web route answer the same', () => {
  it('202 { runId } for a JSON body, the run stored with it', async () => {
    const { next, ingress } = await both(plain, (base, token) => call(base, `/hooks/${token}?source=crm`, json({ name: 'Ada', n: 1 })));
    expect(next.status).toBe(202);
    for (const a of [next, ingress]) {
      const { runId } = JSON.parse(a.body) as { runId: string };
      const run = await p.db.run.findUniqueOrThrow({ where: { id: runId } });
      expect(run).toMatchObject({ workspaceId, status: 'queued', trigger: { name: 'Ada', n: 1, query: { source: 'crm' } } });
    }
  });

  it('a form body becomes fields (a repeated field a list)', async () => {
    const form = { body: 'name=Ada&tag=a&tag=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    const { next, ingress } = await both(plain, (base, token) => call(base, `/hooks/${token}`, form));
    expect(next.status).toBe(202);
    for (const a of [next, ingress]) {
      const run = await p.db.run.findUniqueOrThrow({ where: { id: (JSON.parse(a.body) as { runId: string }).runId } });
      expect(run.trigger).toEqual({ name: 'Ada', tag: ['a', 'b'] });
    }
  });

  it('404 for an unknown token and for a konnector that is off', async () => {
    const { next } = await both(async () => 'x'.repeat(43), (base, token) => call(base, `/hooks/${token}`, json({})));
    expect(next.status).toBe(404);
    expect(JSON.parse(next.body)).toEqual({ error: { code: 'not_found', message: 'No active hook at this address' } });
    const off = async () => {
      const row = await p.db.konnector.create({ data: { workspaceId, name: 'off', draft: { trigger: catchHook(), steps: [] } } });
      return (await p.db.webhookEndpoint.create({ data: { konnectorId: row.id, workspaceId, token: `off${row.id}`.padEnd(43, 'x'), enabled: false } })).token;
    };
    expect((await both(off, (base, token) => call(base, `/hooks/${token}`, json({})))).next.status).toBe(404);
  });

  it('413 for a body over 256 KB', async () => {
    const big = json({ blob: 'x'.repeat(300 * 1024) });
    const { next } = await both(plain, (base, token) => call(base, `/hooks/${token}`, big));
    expect(next.status).toBe(413);
    expect(JSON.parse(next.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('400 naming the field for text PostgreSQL cannot store, and for broken JSON', async () => {
    const nul = await both(plain, (base, token) => call(base, `/hooks/${token}`, json({ customer: { name: 'A\u0000da' } })));
    expect(nul.next.status).toBe(400);
    expect(JSON.parse(nul.next.body)).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('body.customer.name') } });
    const broken = await both(plain, (base, token) => call(base, `/hooks/${token}`, { body: '{"name": ', headers: { 'content-type': 'application/json' } }));
    expect(broken.next.status).toBe(400);
    expect(JSON.parse(broken.next.body)).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('not valid JSON') } });
  });

  it('429 with Retry-After past the konnector’s own rate limit', async () => {
    const limited = () => hookKonnector(p, workspaceId, { trigger: catchHook({ rateLimit: { perSecond: 1, burst: 2 } }), steps: [] });
    const { next, ingress } = await both(limited, async (base, token) => {
      // The burst of 2 goes through, then (a token coming back each second) a 429 within a few calls.
      const answers: Answer[] = [];
      while (answers.length < 30 && answers.at(-1)?.status !== 429) answers.push(await call(base, `/hooks/${token}`, json({ i: answers.length })));
      expect(answers.slice(0, 2).map((a) => a.status)).toEqual([202, 202]);
      const last = answers.at(-1);
      if (!last) throw new Error('no answer');
      return last;
    });
    expect(next.status).toBe(429);
    expect(Number(ingress.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(next.body)).toEqual({ error: { code: 'rate_limited', message: 'Too many calls to this hook; slow down' } });
  });

  it('a Respond to Hook answer: its status, headers and body, with the answer security headers', async () => {
    const definition = {
      trigger: catchHook({ respond: { timeoutSeconds: 30 } }),
      steps: [{ type: 'respond' as const, id: 'answer', status: 201, headers: { 'X-Order': '{{trigger.order}}' }, body: { kind: 'json' as const, value: { ok: true, order: '{{trigger.order}}' } } }],
    };
    const { next } = await both(
      () => hookKonnector(p, workspaceId, definition),
      async (base, token) => {
        const pending = call(base, `/hooks/${token}`, json({ order: 7 }));
        const hook = await p.db.webhookEndpoint.findUniqueOrThrow({ where: { token } });
        let run = null;
        for (let i = 0; i < 200 && !run; i++) {
          run = await p.db.run.findFirst({ where: { konnectorId: hook.konnectorId } });
          if (!run) await new Promise((r) => setTimeout(r, 50));
        }
        if (!run) throw new Error('the call made no run');
        await processRun(p, { workspaceId, runId: run.id, deferrals: 0 });
        return pending;
      },
    );
    expect(next.status).toBe(201);
    expect(JSON.parse(next.body)).toEqual({ ok: true, order: 7 });
    expect(next.headers).toMatchObject({ 'x-order': '7', 'content-security-policy': "default-src 'none'; sandbox", 'x-content-type-options': 'nosniff', 'content-type': 'application/json; charset=utf-8' });
  });

  it('the default answer when the konnector does not respond in time: 504 naming the wait, with the run id', async () => {
    const slow = () => hookKonnector(p, workspaceId, { trigger: catchHook({ respond: { timeoutSeconds: 1 } }), steps: [{ type: 'respond', id: 'answer', body: { kind: 'json', value: {} } }] });
    const { next } = await both(slow, (base, token) => call(base, `/hooks/${token}`, json({})));
    expect(next.status).toBe(504);
    expect(JSON.parse(next.body)).toMatchObject({ error: 'The konnector did not respond within 1 s', runId: expect.any(String) });
  });
});

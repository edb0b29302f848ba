/**
 * Per-konnector hook rate limits through the ingress over real HTTP (Postgres, Redis): a konnector's
 * own limit is honoured, capped by the instance's most per hook, and all the hooks of a workspace share
 * one bucket (another workspace is not held back by it); a konnector without a limit gets the
 * instance default. Counts are bounded by the elapsed time (a token per second may come back while
 * the calls go out), never by timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@konnect/connectors';
import { testDb } from '@konnect/db/testing';
import { closeHookListener, createPlatform, createQueues, createRedis, type Platform, type PlatformLimits } from '@konnect/platform';
import { catchHook, createWorkspace, dropKeys, hookKonnector, testEnv } from './hooks.fixture';
import { createIngress, type Ingress } from './server';

const { prefix } = testEnv('rate');
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

interface Served {
  p: Platform;
  ingress: Ingress;
  url: string;
}

const servers: Served[] = [];
const workspaces: string[] = [];

/** An ingress whose platform has these limits (its own key prefix: buckets are not shared between cases). */
async function serve(limits: Partial<PlatformLimits>, name: string): Promise<Served> {
  const { testKeyring } = await import('@konnect/db/testing');
  const p = createPlatform({ db: await testDb(), queues: createQueues(createRedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379'), `${prefix}-${name}`), registry, keyring: testKeyring, limits, log: quiet });
  const ingress = createIngress(p, { transportSecurity: null });
  const port = await ingress.listen(0, '127.0.0.1');
  const served = { p, ingress, url: `http://127.0.0.1:${port}` };
  servers.push(served);
  return served;
}

async function workspace(p: Platform): Promise<string> {
  const id = await createWorkspace(p.db);
  workspaces.push(id);
  return id;
}

/** `n` calls one after the other; the statuses, the 429 messages and the seconds they took. */
async function burst(url: string, token: string, n: number): Promise<{ accepted: number; limited: string[]; seconds: number; retryAfter: string[] }> {
  const started = Date.now();
  let accepted = 0;
  const limited: string[] = [];
  const retryAfter: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/hooks/${token}`, { method: 'POST', body: JSON.stringify({ i }), headers: { 'content-type': 'application/json' } });
    const body = (await res.json()) as { error?: { message: string } };
    if (res.status === 202) accepted++;
    else if (res.status === 429) {
      limited.push(body.error?.message ?? '');
      retryAfter.push(res.headers.get('retry-after') ?? '');
    } else throw new Error(`unexpected ${res.status}: ${JSON.stringify(body)}`);
  }
  return { accepted, limited, seconds: (Date.now() - started) / 1000, retryAfter };
}

afterAll(async () => {
  for (const s of servers) {
    await s.ingress.close(1000);
    await s.p.db.workspace.deleteMany({ where: { id: { in: workspaces } } }).catch(() => undefined);
    await closeHookListener(s.p);
    await dropKeys(s.p, s.p.queues.prefix);
    await s.p.queues.close();
    await s.p.queues.redis.quit();
  }
});

let generous: Served;
beforeAll(async () => {
  generous = await serve({}, 'defaults');
});

describe('Catch Hook rate limits per konnector', () => {
  it('honours the konnector’s own limit: its burst, then 429 with Retry-After', async () => {
    const ws = await workspace(generous.p);
    const token = await hookKonnector(generous.p, ws, { trigger: catchHook({ rateLimit: { perSecond: 1, burst: 5 } }), steps: [] });
    const r = await burst(generous.url, token, 9);
    expect(r.accepted).toBeGreaterThanOrEqual(5);
    expect(r.accepted).toBeLessThanOrEqual(5 + Math.ceil(r.seconds));
    expect(r.limited.length).toBe(9 - r.accepted);
    expect(r.limited[0]).toBe('Too many calls to this hook; slow down');
    for (const s of r.retryAfter) expect(Number(s)).toBeGreaterThanOrEqual(1);
    expect(await generous.p.db.run.count({ where: { workspaceId: ws } })).toBe(r.accepted);
  });

  it('gives a konnector without a limit the instance default (100/s, burst 200: one busy sender gets through)', async () => {
    const ws = await workspace(generous.p);
    const token = await hookKonnector(generous.p, ws, { trigger: catchHook(), steps: [] });
    const r = await burst(generous.url, token, 120);
    expect(r.accepted).toBe(120);
  });

  it('caps a konnector’s own limit at the instance’s most per hook', async () => {
    const capped = await serve({ hookRateMax: { perSecond: 1, burst: 3 } }, 'cap');
    const ws = await workspace(capped.p);
    const token = await hookKonnector(capped.p, ws, { trigger: catchHook({ rateLimit: { perSecond: 1000, burst: 2000 } }), steps: [] });
    const r = await burst(capped.url, token, 8);
    expect(r.accepted).toBeGreaterThanOrEqual(3);
    expect(r.accepted).toBeLessThanOrEqual(3 + Math.ceil(r.seconds));
    expect(r.limited[0]).toBe('Too many calls to this hook; slow down');
  });

  it('holds all the hooks of a workspace to one bucket, and not another workspace', async () => {
    const shared = await serve({ hookWorkspaceRate: { perSecond: 1, burst: 4 } }, 'workspace');
    const ws = await workspace(shared.p);
    const a = await hookKonnector(shared.p, ws, { trigger: catchHook({ rateLimit: { perSecond: 100 } }), steps: [] });
    const b = await hookKonnector(shared.p, ws, { trigger: catchHook({ rateLimit: { perSecond: 100 } }), steps: [] });
    const started = Date.now();
    const first = await burst(shared.url, a, 3);
    const second = await burst(shared.url, b, 3);
    const seconds = (Date.now() - started) / 1000;
    const accepted = first.accepted + second.accepted;
    expect(accepted).toBeGreaterThanOrEqual(4);
    expect(accepted).toBeLessThanOrEqual(4 + Math.ceil(seconds));
    expect([...first.limited, ...second.limited][0]).toBe('Too many calls to the hooks of this workspace; slow down');
    const other = await workspace(shared.p);
    const c = await hookKonnector(shared.p, other, { trigger: catchHook(), steps: [] });
    expect((await burst(shared.url, c, 3)).accepted).toBe(3);
  });
});

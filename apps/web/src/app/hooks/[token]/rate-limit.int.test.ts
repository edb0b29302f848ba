/**
 * A Catch Hook's own rate limit through the konnector API: a bad value or one past the instance's cap
 * per hook (HOOK_RATE_MAX_PER_SEC, default 1000/s) is a 400 naming the field; a good one is kept in the
 * draft and published with the konnector, and the hook answers 429 with Retry-After past it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHookListener } from '@konnect/platform';
import { platform } from '@/server/services';
import { createOwner } from '@/test/fixtures';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { POST as CREATE } from '../../api/v1/workspaces/[workspaceId]/konnectors/route';
import { PATCH } from '../../api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/route';
import { POST as ACTIVATE } from '../../api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/activate/route';
import { POST as HOOK } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('hook-rate-route');
});
afterAll(async () => {
  await closeHookListener(platform());
  await env.close();
});

const trigger = (rateLimit?: unknown) => ({ id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {}, ...(rateLimit === undefined ? {} : { rateLimit }) });

describe('Catch Hook rate limit: the konnector API', () => {
  it('refuses a rate below 1 or not whole with a 400 naming the field', async () => {
    const { user, workspaceId } = await createOwner();
    const zero = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'Hook', definition: { trigger: trigger({ perSecond: 0 }), steps: [] } } });
    expect(zero.status).toBe(400);
    expect(errorOf(zero).field).toBe('definition.trigger.rateLimit.perSecond');
    const half = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'Hook', definition: { trigger: trigger({ perSecond: 10, burst: 2.5 }), steps: [] } } });
    expect(errorOf(half).field).toBe('definition.trigger.rateLimit.burst');
  });

  it('refuses a rate past the instance’s cap per hook, naming the field and the cap', async () => {
    const { user, workspaceId } = await createOwner();
    const made = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'Hook', definition: { trigger: trigger(), steps: [] } } });
    expect(made.status, made.text).toBe(201);
    const konnectorId = (made.json as { id: string }).id;
    const res = await call(PATCH, 'PATCH', '/k', { as: { user }, params: { workspaceId, konnectorId }, body: { draft: { trigger: trigger({ perSecond: 5000 }), steps: [] } } });
    expect(res.status).toBe(400);
    expect(errorOf(res).field).toBe('draft.trigger.rateLimit.perSecond');
    expect(errorOf(res).message).toContain('at most 1000 calls per second');
    const burst = await call(PATCH, 'PATCH', '/k', { as: { user }, params: { workspaceId, konnectorId }, body: { draft: { trigger: trigger({ perSecond: 10, burst: 5000 }), steps: [] } } });
    expect(errorOf(burst).field).toBe('draft.trigger.rateLimit.burst');
  });

  it('keeps a good limit, publishes it, and the hook holds callers to it (429 with Retry-After)', async () => {
    const { user, workspaceId } = await createOwner();
    const made = await call(CREATE, 'POST', '/k', { as: { user }, params: { workspaceId }, body: { name: 'Hook', definition: { trigger: trigger({ perSecond: 1, burst: 2 }), steps: [] } } });
    expect(made.status, made.text).toBe(201);
    const konnector = made.json as { id: string; draft: { trigger: unknown } };
    expect(konnector.draft.trigger).toMatchObject({ rateLimit: { perSecond: 1, burst: 2 } });
    const on = await call(ACTIVATE, 'POST', '/k', { as: { user }, params: { workspaceId, konnectorId: konnector.id } });
    expect(on.status, on.text).toBe(200);
    const token = String((on.json as { webhookUrl: string }).webhookUrl.split('/hooks/')[1]);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    // The burst of 2 goes through, then (a token coming back each second) a 429 within a few calls.
    while (statuses.length < 30 && statuses.at(-1) !== 429) {
      const res = await HOOK(new Request(`http://localhost:3000/hooks/${token}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), { params: Promise.resolve({ token }) });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 2)).toEqual([202, 202]);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});

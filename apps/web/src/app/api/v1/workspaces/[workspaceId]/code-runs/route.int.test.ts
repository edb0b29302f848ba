import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisKey, takeToken } from '@konnect/platform';
import { CODE_RUN_RATE } from '@/server/builder/code-run';
import { queues, redis } from '@/server/services';
import { addMember, createOwner, createUser, type TestUser } from '@/test/fixtures';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { POST as RUN } from './route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('code-runs');
});
afterAll(async () => {
  await env.close();
});

type CodeRun =
  | { ok: true; output: Record<string, unknown>; logs: string[]; durationMs: number }
  | { ok: false; error: { kind: string; message: string; line?: number; column?: number }; logs: string[]; durationMs: number };

const run = (user: TestUser, workspaceId: string, body: unknown) => call(RUN, 'POST', '/code-runs', { as: { user }, params: { workspaceId }, body });

async function result(user: TestUser, workspaceId: string, body: unknown): Promise<CodeRun> {
  const res = await run(user, workspaceId, body);
  expect(res.status, res.text).toBe(200);
  return res.json as CodeRun;
}

describe('POST /code-runs', () => {
  it('runs the source in the sandbox on the given input and returns its output and logs', async () => {
    const { workspaceId } = await createOwner();
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    const out = await result(member, workspaceId, {
      source: 'console.log("total for", input.trigger.email);\nreturn { total: input.steps.items.reduce((a, b) => a + b, 0), upper: input.trigger.email.toUpperCase() };',
      input: { trigger: { email: 'ada@example.com' }, steps: { items: [1, 2, 3.5] } },
    });
    expect(out).toMatchObject({ ok: true, output: { total: 6.5, upper: 'ADA@EXAMPLE.COM' } });
    expect(out.logs.join('\n')).toContain('total for ada@example.com');
    expect(out.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports errors in the code as results: syntax error with its line, runtime error, time limit', async () => {
    const { user, workspaceId } = await createOwner();
    const syntax = await result(user, workspaceId, { source: 'const a = 1;\nconst b = ;\nreturn { a };', input: {} });
    expect(syntax).toMatchObject({ ok: false, error: { kind: 'syntax', line: 2 } });

    const thrown = await result(user, workspaceId, { source: 'const x = 1;\nthrow new Error("no customer " + input.id);', input: { id: 7 } });
    expect(thrown).toMatchObject({ ok: false, error: { kind: 'runtime', message: expect.stringContaining('no customer 7') } });

    const notObject = await result(user, workspaceId, { source: 'return 42;', input: {} });
    expect(notObject.ok).toBe(false);

    const started = Date.now();
    const slow = await result(user, workspaceId, { source: 'while (true) {}', input: {}, timeoutMs: 200 });
    expect(slow).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('gives the code no way out of the sandbox: no process, require, fetch or host globals', async () => {
    const { user, workspaceId } = await createOwner();
    const probe = await result(user, workspaceId, {
      source: 'return { process: typeof process, require: typeof require, fetch: typeof fetch, buffer: typeof Buffer, setTimeout: typeof setTimeout, fn: (() => { try { return typeof Function("return this")().process; } catch (e) { return "blocked"; } })() };',
      input: {},
    });
    expect(probe).toMatchObject({ ok: true, output: { process: 'undefined', require: 'undefined', fetch: 'undefined', buffer: 'undefined' } });
    expect(['undefined', 'blocked']).toContain(probe.ok ? probe.output.fn : 'failed');

    const escape = await result(user, workspaceId, { source: 'process.exit(1);\nreturn {};', input: {} });
    expect(escape).toMatchObject({ ok: false, error: { kind: 'runtime', message: expect.stringMatching(/process/) } });
    // The server is still here and the sandbox still answers.
    expect(await result(user, workspaceId, { source: 'return { alive: true };', input: {} })).toMatchObject({ ok: true, output: { alive: true } });
  });

  it('checks the body (400 naming the field) and rate limits per workspace (429)', async () => {
    const { user, workspaceId } = await createOwner();
    expect(errorOf(await run(user, workspaceId, { source: '   ', input: {} }))).toMatchObject({ code: 'bad_request', field: 'source' });
    expect(errorOf(await run(user, workspaceId, { source: 'x'.repeat(100_001), input: {} }))).toMatchObject({ field: 'source' });
    expect(errorOf(await run(user, workspaceId, { source: 'return {}', input: { big: 'x'.repeat(300 * 1024) } }))).toMatchObject({ field: 'input' });
    expect(errorOf(await run(user, workspaceId, { source: 'return {}', input: [] }))).toMatchObject({ field: 'input' });
    expect(errorOf(await run(user, workspaceId, { source: 'return {}', timeoutMs: 10_001 }))).toMatchObject({ field: 'timeoutMs' });
    expect((await call(RUN, 'POST', '/code-runs', { params: { workspaceId }, body: { source: 'return {}' } })).status).toBe(401);
    const stranger = await createUser('stranger');
    expect((await run(stranger, workspaceId, { source: 'return {}' })).status).toBe(404);

    // Drain this workspace's bucket: the next run is refused, another workspace is not affected.
    const key = redisKey(queues(), 'rate', 'code', workspaceId);
    for (let i = 0; i < CODE_RUN_RATE.burst + 1; i++) await takeToken(redis(), key, CODE_RUN_RATE);
    const limited = await run(user, workspaceId, { source: 'return {}' });
    expect(limited.status).toBe(429);
    expect(errorOf(limited).code).toBe('rate_limited');
    const other = await createOwner('other');
    expect((await run(other.user, other.workspaceId, { source: 'return { ok: 1 }' })).status).toBe(200);
  });
});

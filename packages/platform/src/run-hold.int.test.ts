/**
 * The run job's write path on real Postgres and Redis: a run whose last action is its last step
 * costs two statements (the claim, which also brings the connection rows, and the finish, which
 * carries every step record); an action's record is durable before the next action can call
 * anything (the checkpoint gate on the connection resolver), also when writing it fails at first;
 * an action's record held while pure steps run is written within ACTION_HOLD_MS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import type { Db } from '@konnect/db';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry, defineConnector, type ApiKeyAuth } from '@konnect/sdk';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { createPlatform } from './platform';
import { ACTION_HOLD_MS, processRun } from './run';
import { createConnection, createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

/** What each `check` call found durable for its run when it was called. */
const calls: { label: string; runId: string; durable: string[] }[] = [];
const fields = z.object({ apiKey: z.string().meta({ label: 'API key', secret: true }) });
const auth: ApiKeyAuth<typeof fields> = { kind: 'apiKey', fields, http: () => ({ baseURL: 'http://127.0.0.1:9', headers: {} }), validate: async () => ({}) };
const probe = defineConnector({
  key: 'probe',
  name: 'Probe',
  description: 'Looks at the event log when it is called.',
  category: 'app',
  icon: '<svg/>',
  auth,
  triggers: [],
  actions: [
    {
      key: 'check',
      name: 'Check',
      description: 'Notes which records of its run are durable.',
      input: z.object({ label: z.string() }),
      run: async ({ input, idempotencyKey }) => {
        const runId = idempotencyKey.split(':')[0] ?? '';
        const rows = await t.db.runStep.findMany({ where: { runId }, select: { stepId: true } });
        const label = (input as { label: string }).label;
        calls.push({ label, runId, durable: rows.map((r) => r.stepId).sort() });
        return { label };
      },
    },
  ],
});

let t: TestPlatform;
let workspaceId: string;
let connectionId: string;

const check = (id: string) => ({ type: 'action' as const, id, connector: 'probe', action: 'check', connectionId, input: { label: id } });
const filter = { type: 'filter' as const, id: 'only', conditions: { all: [{ left: '{{trigger.n}}', op: 'exists' as const }] } };
const code = (id: string, source = 'return { ok: true };') => ({ type: 'code' as const, id, source });

async function fire(steps: KonnectorDefinitionInput['steps']): Promise<string> {
  const id = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps });
  const { hookToken } = await activate(t.p, workspaceId, id);
  const { runId } = await ingestHook(t.p, hookToken ?? '', { body: { n: 1 }, headers: {}, query: {} });
  if (!runId) throw new Error('no run');
  return runId;
}

/** The client with its raw statements and model calls counted, and the first `failWrites` step writes failing. */
function countingDb(db: Db, opts: { failWrites?: number } = {}) {
  const seen: string[] = [];
  let failWrites = opts.failWrites ?? 0;
  const proxy = new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop === '$queryRaw' || prop === '$executeRaw') {
        return (...args: unknown[]) => {
          const first = args[0] as { strings?: string[] } | string[];
          const text = Array.isArray(first) ? first.join('?') : (first.strings ?? []).join('?');
          seen.push(`${String(prop)} ${/UPDATE "Run"/.test(text) ? 'run' : /INSERT INTO "RunStep"/.test(text) ? 'steps' : 'other'}`);
          if (prop === '$executeRaw' && !/UPDATE "Run"/.test(text) && failWrites > 0) {
            failWrites--;
            return Promise.reject(new Error('connection terminated unexpectedly'));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (typeof value === 'object' && value !== null && typeof prop === 'string' && !prop.startsWith('$')) {
        return new Proxy(value, {
          get(model, method) {
            const fn: unknown = Reflect.get(model, method);
            if (typeof fn !== 'function') return fn;
            return (...args: unknown[]) => {
              seen.push(`${prop}.${String(method)}`);
              return (fn as (...a: unknown[]) => unknown).apply(model, args);
            };
          },
        });
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, seen };
}

beforeAll(async () => {
  t = await testPlatform('run-hold', createRegistry([probe, catchHookConnector]));
  workspaceId = await createWorkspace(t.db);
  connectionId = await createConnection(t.db, workspaceId, 'probe', { apiKey: 'probe-key-123456' });
});

afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
});

describe('run write path', () => {
  it('filter → code → action: two statements, the claim and the finish carrying all three records', async () => {
    const runId = await fire([filter, code('shape'), check('last')]);
    const { db, seen } = countingDb(t.db);
    const outcome = await processRun(createPlatform({ ...t.p, db }), { workspaceId, runId, deferrals: 0 });
    expect(outcome).toEqual({ status: 'finished', runStatus: 'succeeded' });
    expect(seen).toEqual(['$queryRaw run', '$executeRaw run']);
    // The action ran before anything of this run was written, and everything is there afterwards.
    expect(calls.find((c) => c.runId === runId)).toMatchObject({ label: 'last', durable: [] });
    const steps = await t.db.runStep.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
    expect(steps.map((s) => `${s.seq}:${s.stepId}:${s.status}`)).toEqual(['0:only:succeeded', '1:shape:succeeded', '2:last:succeeded']);
    expect(await t.db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: 'succeeded', tasks: 1 });
  });

  it('an action never starts before the previous action is durable, back to back or with steps between', async () => {
    const runId = await fire([filter, check('a'), check('b'), code('between'), check('c')]);
    const { db, seen } = countingDb(t.db);
    expect(await processRun(createPlatform({ ...t.p, db }), { workspaceId, runId, deferrals: 0 })).toMatchObject({ runStatus: 'succeeded' });
    const mine = calls.filter((c) => c.runId === runId);
    expect(mine.map((c) => c.label)).toEqual(['a', 'b', 'c']);
    expect(mine[0]?.durable).toEqual([]);
    expect(mine[1]?.durable).toEqual(['a', 'only']);
    expect(mine[2]?.durable).toEqual(['a', 'b', 'between', 'only']);
    // Claim, `only` and a before b, b and `between` before c, then the finish with c.
    expect(seen).toEqual(['$queryRaw run', '$executeRaw steps', '$executeRaw steps', '$executeRaw run']);
    expect((await t.db.runStep.findMany({ where: { runId } })).map((s) => s.stepId).sort()).toEqual(['a', 'b', 'between', 'c', 'only']);
  });

  it('when the previous record cannot be written, the next action waits (retried) instead of running', async () => {
    const runId = await fire([check('first'), check('second')]);
    const { db } = countingDb(t.db, { failWrites: 1 });
    expect(await processRun(createPlatform({ ...t.p, db }), { workspaceId, runId, deferrals: 0 })).toMatchObject({ runStatus: 'succeeded' });
    const mine = calls.filter((c) => c.runId === runId);
    expect(mine.map((c) => `${c.label}:${c.durable.join(',')}`)).toEqual(['first:', 'second:first']);
    const second = await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'second' } });
    // The wait was Konnect's own, before anything was sent (a lost database connection: the write is
    // retried in place, infrastructure.ts untilReachable): it does not use up one of the step's attempts.
    expect(second.attempts).toBe(1);
  });

  it(`an action's record held while a slow pure step runs is written within ${ACTION_HOLD_MS} ms`, async () => {
    const runId = await fire([check('early'), code('slow', 'const end = Date.now() + 400; while (Date.now() < end) {} return { ok: true };'), check('late')]);
    const running = processRun(t.p, { workspaceId, runId, deferrals: 0 });
    // While the slow step runs, `early` becomes durable on its own.
    const deadline = Date.now() + 5000;
    let durable = false;
    while (!durable && Date.now() < deadline) {
      durable = (await t.db.runStep.count({ where: { runId, stepId: 'early' } })) === 1;
      if (!durable) await new Promise((r) => setTimeout(r, 10));
    }
    expect(durable).toBe(true);
    const lateCall = () => calls.find((c) => c.runId === runId && c.label === 'late');
    expect(lateCall()).toBeUndefined();
    expect(await running).toMatchObject({ runStatus: 'succeeded' });
    // `slow` is pure: it waits for the finish, with `late`.
    expect(lateCall()?.durable).toEqual(['early']);
    expect((await t.db.runStep.findMany({ where: { runId } })).map((s) => s.stepId).sort()).toEqual(['early', 'late', 'slow']);
  });
});

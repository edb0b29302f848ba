/**
 * Respond to Hook, the worker's side. A run of a Catch Hook that responds from the konnector gets a
 * responder: a Respond step's answer is stored (HookResponse, one per run: the first answer wins)
 * and published on the run's Redis channel, where the web process holding the caller's request
 * listens (hook-respond-wait.ts). When the run ends (or starts waiting) without having answered, its
 * outcome is published too, so the caller gets the default answer at once. Postgres is the truth:
 * a message lost with Redis is found there by the web's fallback reads.
 */
import { Prisma, queryRows } from '@konnect/db';
import type { HookAnswer, HookResponder } from '@konnect/engine';
import type { StepError } from '@konnect/schemas';
import { errorMessage } from './errors';
import { untilReachable } from './infrastructure';
import { perOwner } from './per-owner';
import type { Platform } from './platform';
import { redisKey } from './queues';
import { partitionHint, type RunRef } from './run-claim';

/** What goes over the run's channel: the answer itself, or how the run ended without one. */
export type HookMessage =
  | { kind: 'answer'; status: number; headers: Record<string, string>; contentType: string; body: string }
  | { kind: 'ended'; status: string; error?: string };

export const hookChannel = (p: Pick<Platform, 'queues'>, runId: string) => redisKey(p.queues, 'hook-answer', runId);

/**
 * The short error a caller gets when the run failed before answering: which step, what kind of
 * failure. Never the app's message (it may quote the workspace's data or its connections), never a stack.
 */
export function shortRunError(error: Pick<StepError, 'stepId' | 'kind'> | null | undefined): string {
  if (!error?.stepId) return 'The konnector failed before it responded';
  return `The konnector failed at step "${error.stepId}" (${error.kind}) before it responded`;
}

/**
 * This process's waiting calls (hook-respond-wait.ts sets `deliver` when it first listens): a run
 * executed where its call waits (run-here.ts) hands its message over in-process. `deliver` returns
 * false when no call of this process waits for the run.
 */
export const localAnswers = perOwner<Platform, { deliver?: (runId: string, message: HookMessage) => boolean }>(() => ({}));

function publish(p: Platform, runId: string, message: HookMessage): void {
  // A call of this process waits for it: no trip through Redis. (A repeated call for the same run
  // waiting in another process, rare, reads it from Postgres within ANSWER_POLL_MS.)
  if (localAnswers(p).deliver?.(runId, message)) return;
  if (!p.deps.isUp('redis')) return;
  // Not awaited: the web falls back to Postgres when this message does not arrive.
  p.queues.redis.publish(hookChannel(p, runId), JSON.stringify(message)).catch((err: unknown) => p.log.warn(`run ${runId}: hook answer not published (${errorMessage(err)}); the caller reads it from Postgres`));
}

async function storeAnswer(p: Platform, run: RunRef, answer: HookAnswer): Promise<string> {
  const { id: runId, workspaceId } = run;
  const [row] = await queryRows<{ stepId: string }>(p.db, Prisma.sql`
    WITH inserted AS (
      INSERT INTO "HookResponse" ("runId", "workspaceId", "stepId", "status", "headers", "contentType", "body")
      SELECT r."id", r."workspaceId", ${answer.stepId}, ${answer.status}, ${JSON.stringify(answer.headers)}::jsonb, ${answer.contentType}, ${answer.body}
      FROM "Run" r WHERE r."id" = ${runId} AND r."workspaceId" = ${workspaceId}${partitionHint('r', [run.createdAt])}
      ON CONFLICT ("runId") DO NOTHING
      RETURNING "stepId")
    SELECT "stepId" FROM inserted
    UNION ALL SELECT "stepId" FROM "HookResponse" WHERE "runId" = ${runId} AND "workspaceId" = ${workspaceId} AND NOT EXISTS (SELECT 1 FROM inserted)`);
  if (!row) throw new Error('the run no longer exists');
  return row.stepId;
}

/**
 * The engine's responder for one run. `fresh`: the run's first execution, so no earlier execution
 * can have answered: the answer is published while it is stored (one round trip less before the
 * caller hears it; within an execution the engine itself lets only the first Respond through).
 * Otherwise the store decides first whether this step's answer is the one (a resumed run's step
 * answering again publishes the same answer again, which is harmless).
 */
export function hookResponder(p: Platform, run: RunRef, fresh: boolean): HookResponder {
  return async (answer) => {
    const message: HookMessage = { kind: 'answer', status: answer.status, headers: answer.headers, contentType: answer.contentType, body: answer.body };
    if (fresh) publish(p, run.id, message);
    const answeredBy = await untilReachable(p.deps, () => storeAnswer(p, run, answer));
    if (!fresh && answeredBy === answer.stepId) publish(p, run.id, message);
    return { answeredBy };
  };
}

/**
 * Tells the waiting caller how the run ended (or that it waits) when it ended without answering.
 * `status` is the run's status ('waiting' for a run that waits on a Delay).
 */
export function publishHookOutcome(p: Platform, runId: string, status: string, error?: StepError | null): void {
  publish(p, runId, { kind: 'ended', status, ...(status === 'failed' ? { error: shortRunError(error) } : {}) });
}

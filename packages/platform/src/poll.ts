/**
 * The poll job: load the cursor, call the trigger (`runPoll`), then in ONE transaction insert one
 * Run per event (ON CONFLICT DO NOTHING on the event key) and advance the cursor; then enqueue
 * the new runs. A concurrent poll of the same konnector is detected on the locked cursor row and
 * this one's result is dropped (the other one covered the same records).
 */
import { Prisma } from '@konnect/db';
import { runPoll, type HttpClient, type PollBudget, type PollResult, type ScanState, type TriggerCursorData } from '@konnect/sdk';
import type { KonnectorDefinition } from '@konnect/schemas';
import { existingKeys, queueRoom } from './backlog';
import { publishedDefinition } from './definition';
import type { PollJob } from './jobs';
import { resolverFor, type Platform } from './platform';
import { noteConnectionUse } from './connection-usage';
import { isInfrastructureError } from './infrastructure';
import { unregisterTrigger } from './registration';
import { enqueueRuns, insertRuns } from './run-create';
import { recordTriggerFailure, recordTriggerSuccess, type TriggerState } from './trigger-health';
import { pollIntervalMs, triggerOf } from './triggers';
import { pageBudget, type PageBudget } from './page-budget';
import { redisKey } from './queues';

export type PollOutcome =
  /** `held`: new events not turned into runs because the workspace's queue is full (the cursor stayed). */
  | { status: 'polled'; events: number; created: string[]; held?: number }
  | { status: 'stale'; reason: string }
  /** The trigger failed: its health is now `retrying` or `paused` (trigger-health.ts). */
  | { status: 'retrying' | 'paused'; message: string };

interface CursorRow {
  watermark: string | null;
  seenKeys: unknown;
  scan: unknown;
}

function cursorData(row: CursorRow | null | undefined): TriggerCursorData | null {
  if (!row || row.watermark === null) return null;
  const seenKeys = Array.isArray(row.seenKeys) ? row.seenKeys.filter((k): k is string => typeof k === 'string') : [];
  const scan = row.scan !== null && typeof row.scan === 'object' && !Array.isArray(row.scan) ? (row.scan as ScanState) : undefined;
  return { watermark: row.watermark, seenKeys, ...(scan ? { scan } : {}) };
}

/** JSON with object keys sorted: a cursor read back from jsonb (which reorders keys) compares equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const sameCursor = (a: TriggerCursorData | null, b: TriggerCursorData | null) => canonical(a) === canonical(b);

/** The cursor's columns as stored (a sorted trigger has no scan: NULL). */
function cursorColumns(cursor: TriggerCursorData) {
  return { watermark: cursor.watermark, seenKeys: cursor.seenKeys, scan: cursor.scan ? (cursor.scan as unknown as Prisma.InputJsonObject) : Prisma.DbNull };
}

/** The page budget polls share on one connection (every konnector on it): page-budget.ts. */
export function connectionPageBudget(p: Platform, connectionId: string, konnectorId = 'poll'): PageBudget {
  return pageBudget(
    p.queues.redis,
    redisKey(p.queues, 'rate', 'pages', connectionId),
    { perMinute: p.limits.pollPagesPerMinute, calmMs: p.limits.pollBackoffCalmMs },
    p.clock ?? Date.now,
    konnectorId,
  );
}

/**
 * A poll's HTTP client within the connection's page budget: every 429 halves the connection's
 * page rate and sets its Retry-After (penalize). Once the trigger scans (it asked the budget for a
 * page), a 429 is not waited out inside the poll: the scan keeps what it read and goes on later.
 */
function budgeted(http: HttpClient, budget: PageBudget): { http: HttpClient; budget: PollBudget } {
  let scanning = false;
  return {
    budget: {
      take: async () => {
        scanning = true;
        return budget.take();
      },
      spend: () => budget.spend(),
    },
    http: {
      request: (req) =>
        http.request({
          ...req,
          onRateLimited: async (ms) => {
            await req.onRateLimited?.(ms);
            await budget.penalize(ms);
          },
          ...(scanning ? { waitOnRateLimit: false } : {}),
        }),
    },
  };
}

/** Calls the trigger for one konnector's definition with the given cursor. */
export async function callTrigger(
  p: Platform,
  workspaceId: string,
  definition: KonnectorDefinition,
  cursor: TriggerCursorData | null,
  konnectorId?: string,
): Promise<PollResult> {
  const trigger = definition.trigger;
  const connector = p.registry.connector(trigger.connector);
  const { auth, http } = await resolverFor(p, 'triggers', workspaceId)(trigger.connectionId, trigger.connector);
  if (!connector) throw new Error(`unknown connector "${trigger.connector}"`);
  const clock = p.clock ?? Date.now;
  const limited = trigger.connectionId ? budgeted(http, connectionPageBudget(p, trigger.connectionId, konnectorId)) : undefined;
  return runPoll({
    connector,
    auth,
    http: limited?.http ?? http,
    input: trigger.input,
    triggerKey: trigger.event,
    cursor,
    ...(limited ? { budget: limited.budget } : {}),
    now: () => new Date(clock()),
  });
}

/** Stores a cursor at "now" (a poll with a null cursor emits nothing): first activation, skip to now. */
export async function seedCursor(p: Platform, workspaceId: string, konnectorId: string, definition: KonnectorDefinition): Promise<void> {
  const result = await callTrigger(p, workspaceId, definition, null, konnectorId);
  const data = { ...cursorColumns(result.cursor), lastPolledAt: new Date() };
  await p.db.triggerCursor.upsert({ where: { konnectorId }, create: { konnectorId, ...data }, update: data });
}

interface PollTarget extends CursorRow {
  status: string;
  versionId: string | null;
  triggerState: TriggerState;
  triggerFailures: number;
  hasCursor: boolean;
}

export async function processPoll(p: Platform, job: PollJob): Promise<PollOutcome> {
  const [konnector] = await p.db.$queryRaw<PollTarget[]>`
    SELECT k."status"::text AS "status", k."publishedVersionId" AS "versionId", k."triggerState"::text AS "triggerState", k."triggerFailures",
      c."watermark", c."seenKeys", c."scan", c."konnectorId" IS NOT NULL AS "hasCursor"
    FROM "Konnector" k LEFT JOIN "TriggerCursor" c ON c."konnectorId" = k."id"
    WHERE k."id" = ${job.konnectorId} AND k."workspaceId" = ${job.workspaceId}`;
  const stale = async (reason: string): Promise<PollOutcome> => {
    await unregisterTrigger(p, job.konnectorId);
    return { status: 'stale', reason };
  };
  if (!konnector) return stale('the konnector no longer exists');
  const versionId = konnector.versionId;
  if (konnector.status !== 'active' || !versionId) return stale('the konnector is not active');
  if (konnector.triggerState === 'paused') return stale('the trigger is paused');
  const definition = await publishedDefinition(p, versionId);
  const trigger = triggerOf(p.registry, definition);
  if (trigger.kind !== 'polling') return stale('the trigger is not a polling trigger');

  const loaded = konnector.hasCursor ? cursorData(konnector) : null;
  let result: PollResult;
  try {
    result = await callTrigger(p, job.workspaceId, definition, loaded, job.konnectorId);
  } catch (err) {
    // Postgres or Redis unreachable: nothing can be recorded; the next tick tries again.
    if (isInfrastructureError(err)) throw err;
    const target = {
      workspaceId: job.workspaceId,
      konnectorId: job.konnectorId,
      connectionId: definition.trigger.connectionId,
      appName: p.registry.connector(definition.trigger.connector)?.name ?? definition.trigger.connector,
    };
    const nextAt = new Date(Date.now() + pollIntervalMs(definition, trigger));
    const health = await recordTriggerFailure(p, target, err, { failuresBefore: konnector.triggerFailures, nextAt });
    return { status: health.state, message: health.reason };
  }

  let created: string[] | null;
  let held = 0;
  if (result.events.length === 0 && loaded !== null && sameCursor(result.cursor, loaded)) {
    // Nothing new and the cursor did not move: one statement instead of a transaction.
    const touched = await p.db.$executeRaw`
      UPDATE "TriggerCursor" SET "lastPolledAt" = (now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
      WHERE "konnectorId" = ${job.konnectorId} AND "watermark" IS NOT DISTINCT FROM ${loaded.watermark}`;
    created = touched > 0 ? [] : null;
  } else {
    created = await p.db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<CursorRow[]>`
        SELECT "watermark", "seenKeys", "scan" FROM "TriggerCursor" WHERE "konnectorId" = ${job.konnectorId} FOR UPDATE`;
      if (locked.length > 0 && !sameCursor(cursorData(locked[0]), loaded)) return null;
      const owner = { workspaceId: job.workspaceId, konnectorId: job.konnectorId, versionId };
      let events = result.events;
      const room = events.length > 0 ? await queueRoom(p, tx, job.workspaceId) : 0;
      if (events.length > room) {
        // The workspace's queue is full: create what fits, keep the cursor (the next poll sees the rest again).
        const seen = await existingKeys(tx, job.konnectorId, events.map((e) => e.key));
        const fresh = events.filter((e) => !seen.has(e.key));
        events = fresh.slice(0, room);
        held = fresh.length - events.length;
      }
      const runs = await insertRuns(tx, owner, events);
      const data = held > 0 ? { lastPolledAt: new Date() } : { ...cursorColumns(result.cursor), lastPolledAt: new Date() };
      if (held === 0 || locked.length > 0) {
        await tx.triggerCursor.upsert({ where: { konnectorId: job.konnectorId }, create: { konnectorId: job.konnectorId, ...data }, update: data });
      }
      return runs.map((r) => r.id);
    });
  }
  if (created === null) return { status: 'stale', reason: 'another poll advanced the cursor first' };
  if (held > 0) p.log.warn(`poll ${job.konnectorId}: ${held} new events wait for room (workspace ${job.workspaceId} has ${p.limits.maxQueuedRunsPerWorkspace} runs queued)`);
  await enqueueRuns(p, job.workspaceId, created);
  await recordTriggerSuccess(p, job.workspaceId, job.konnectorId, konnector.triggerState);
  noteConnectionUse(p, job.workspaceId, definition.trigger.connectionId, { ok: true });
  return { status: 'polled', events: result.events.length, created, ...(held > 0 ? { held } : {}) };
}

/**
 * Catch Hook ingestion: a call to /hooks/<token> becomes a Run. Unknown or disabled tokens (or a
 * konnector that is off) are "not found". The event key is the caller's Idempotency-Key header
 * when sent, else a new id; a repeated key answers with the run it already created.
 */
import { randomUUID } from 'node:crypto';
import type { TriggerEvent } from '@konnect/sdk';
import { publishedDefinition } from './definition';
import { AppError } from './errors';
import type { Platform } from './platform';
import { enqueueRuns, insertRuns } from './runs';
import { triggerOf } from './triggers';

export interface HookRequest {
  body: unknown;
  /** Lower-case header names. */
  headers: Record<string, string>;
  query: Record<string, string>;
}

export interface HookResult {
  /** The first event's run (the Catch Hook makes exactly one). */
  runId: string | null;
  runIds: string[];
  /** True when every run already existed (a repeated Idempotency-Key). */
  duplicate: boolean;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
const MAX_KEY_LENGTH = 200;

const notFound = () => new AppError('not_found', 'No active hook at this address');

interface HookTarget {
  enabled: boolean;
  konnectorId: string;
  workspaceId: string;
  status: string;
  versionId: string | null;
}

export async function ingestHook(p: Platform, token: string, req: HookRequest): Promise<HookResult> {
  if (!TOKEN.test(token)) throw notFound();
  const [hook] = await p.db.$queryRaw<HookTarget[]>`
    SELECT e."enabled", k."id" AS "konnectorId", k."workspaceId", k."status"::text AS "status", k."publishedVersionId" AS "versionId"
    FROM "WebhookEndpoint" e JOIN "Konnector" k ON k."id" = e."konnectorId"
    WHERE e."token" = ${token}`;
  if (!hook || !hook.enabled || hook.status !== 'active' || !hook.versionId) throw notFound();
  const definition = await publishedDefinition(p, hook.versionId);
  const trigger = triggerOf(p.registry, definition);
  if (trigger.kind !== 'webhook') throw notFound();

  let events: TriggerEvent[];
  try {
    events = trigger.parse(req);
  } catch (err) {
    throw new AppError('invalid', `The hook could not read this call: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (events.length === 0) return { runId: null, runIds: [], duplicate: false };

  const idempotencyKey = req.headers['idempotency-key']?.trim().slice(0, MAX_KEY_LENGTH);
  const keyed = events.map((event, i) => ({
    data: event.data,
    key: idempotencyKey ? (events.length > 1 ? `${idempotencyKey}#${i}` : idempotencyKey) : event.key?.trim() ? event.key.slice(0, MAX_KEY_LENGTH) : randomUUID(),
  }));
  const owner = { workspaceId: hook.workspaceId, konnectorId: hook.konnectorId, versionId: hook.versionId };
  const created = await insertRuns(p.db, owner, keyed);
  const byKey = new Map(created.map((r) => [r.eventKey, r.id]));
  const missing = keyed.map((e) => e.key).filter((k) => !byKey.has(k));
  const toEnqueue = created.map((r) => r.id);
  if (missing.length > 0) {
    const existing = await p.db.run.findMany({
      where: { konnectorId: hook.konnectorId, eventKey: { in: missing } },
      select: { id: true, eventKey: true, status: true },
    });
    for (const r of existing) {
      byKey.set(r.eventKey, r.id);
      // A repeated call after a failed enqueue puts a still-queued run in the queue (a no-op when it is there).
      if (r.status === 'queued') toEnqueue.push(r.id);
    }
  }
  await enqueueRuns(p.queues, hook.workspaceId, toEnqueue);
  const runIds = keyed.map((e) => byKey.get(e.key)).filter((id): id is string => id !== undefined);
  return { runId: runIds[0] ?? null, runIds, duplicate: created.length === 0 };
}

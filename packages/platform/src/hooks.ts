/**
 * Catch Hook ingestion: a call to /hooks/<token> becomes a Run. Unknown or disabled tokens (or a
 * konnector that is off) are "not found". The event key is the caller's Idempotency-Key header
 * when sent, else a new id; a repeated key answers with the run it already created. When the
 * workspace has `maxQueuedRunsPerWorkspace` runs waiting, a new event is refused ('rate_limited').
 *
 * A token seen before takes the fast path: one statement inserts the runs only if the hook is still
 * enabled, its konnector still active on the same published version and the queue has room (the
 * lookup is a hint, every condition is checked again in that statement); anything else falls back
 * to the full path below, which answers exactly as before. Counting the queued runs costs as much
 * as the queue is deep, so the fast path counts at most once a second per workspace
 * (`roomEstimate`).
 */
import { randomUUID } from 'node:crypto';
import { Prisma, queryRows } from '@konnect/db';
import type { HookRateLimit, HookRespondOption } from '@konnect/schemas';
import type { TriggerEvent } from '@konnect/sdk';
import { existingKeys, queueFull, queueRoom } from './backlog';
import { groupCommitPer } from './group-commit';
import { perOwner } from './per-owner';
import { publishedDefinition } from './definition';
import { AppError } from './errors';
import { InfrastructureUnavailable, isInfrastructureError } from './infrastructure';
import type { Platform } from './platform';
import { runId } from './run-id';
import { enqueueRunsTogether, insertRuns, runInsertSql, runsByEventKey, TRIGGER_PAYLOAD_LIMIT_BYTES, type CreatedRun, type TakeHere } from './run-create';
import { roomHere, takeHere as takeHereIfRoom } from './run-here';
import { unstorableText } from './storable-text';
import { triggerOf } from './triggers';
import { limitedJson } from './truncate';

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
  /** Set when the trigger responds from the konnector: the caller waits for the run's answer. */
  respond?: HookRespondOption;
  workspaceId?: string;
  /** The first run executes in this process (run-here.ts): its Respond answer arrives in-process. */
  here?: boolean;
}

/**
 * Respond to Hook: called with the call's run before its job is enqueued, when the trigger responds
 * from the konnector. `likelyHere`: this process has room to execute the run itself (run-here.ts), so
 * its answer will most likely not come over Redis (HookResult.here says whether it did).
 */
export type BeforeEnqueue = (run: { runId: string; workspaceId: string; respond: HookRespondOption; likelyHere: boolean }) => Promise<void>;

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

/** Tokens that led to an active hook, per platform: a hint for the fast path (checked again there). */
const KNOWN_TTL_MS = 60_000;
const KNOWN_MAX = 10_000;
const knownHooks = perOwner<Platform, Map<string, { target: ActiveHook; at: number }>>(() => new Map());

/** An event with its key; `newKey`: the key was made up here (no caller's or trigger's key), so no run can have it yet. */
type Keyed = Pick<TriggerEvent, 'data'> & { key: string; newKey?: boolean };

export interface ActiveHook {
  konnectorId: string;
  workspaceId: string;
  versionId: string;
  /** The published trigger's own rate limit (unset: the instance default; hook-rate.ts). */
  rateLimit?: HookRateLimit;
}

async function lookupHook(p: Platform, token: string): Promise<ActiveHook> {
  const [hook] = await p.db.$queryRaw<HookTarget[]>`
    SELECT e."enabled", k."id" AS "konnectorId", k."workspaceId", k."status"::text AS "status", k."publishedVersionId" AS "versionId"
    FROM "WebhookEndpoint" e JOIN "Konnector" k ON k."id" = e."konnectorId"
    WHERE e."token" = ${token}`;
  if (!hook || !hook.enabled || hook.status !== 'active' || !hook.versionId) throw notFound();
  // The version's definition is cached per process and ingestion reads it next anyway.
  const { rateLimit } = (await publishedDefinition(p, hook.versionId)).trigger;
  return { konnectorId: hook.konnectorId, workspaceId: hook.workspaceId, versionId: hook.versionId, ...(rateLimit ? { rateLimit } : {}) };
}

/** The known token's hook, or a fresh lookup (remembered for the next call); null when no active hook has this token. */
async function knownOrLookup(p: Platform, token: string): Promise<ActiveHook> {
  const known = knownHooks(p);
  const hint = known.get(token);
  if (hint && Date.now() - hint.at <= KNOWN_TTL_MS) return hint.target;
  known.delete(token);
  const hook = await lookupHook(p, token);
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(token, { target: hook, at: Date.now() });
  return hook;
}

/**
 * The active hook at this token as this process knows it (a hint: ingestion checks every condition
 * again), or null. The HTTP side takes its rate limit from it before reading the body; the lookup is
 * the one ingestion would make, so a known token costs no query here.
 */
export async function activeHook(p: Platform, token: string): Promise<ActiveHook | null> {
  if (!TOKEN.test(token)) return null;
  try {
    return await knownOrLookup(p, token);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return null;
    throw err;
  }
}

/** The call's events with their keys (the Idempotency-Key header, the event's own key, or a new id). */
async function eventsOf(p: Platform, hook: ActiveHook, req: HookRequest): Promise<Keyed[]> {
  const definition = await publishedDefinition(p, hook.versionId);
  const trigger = triggerOf(p.registry, definition);
  if (trigger.kind !== 'webhook') throw notFound();
  let events: TriggerEvent[];
  try {
    events = trigger.parse(req);
  } catch (err) {
    throw new AppError('invalid', `The hook could not read this call: ${err instanceof Error ? err.message : String(err)}`);
  }
  // The trigger may decode more than the request's parts showed (a JSON body sent as text): what it
  // made must be storable too, or the insert would fail as a 500.
  for (const event of events) {
    const bad = unstorableText(event.data);
    if (bad) throw new AppError('invalid', `The hook's data${bad.path.map((k) => `[${JSON.stringify(k)}]`).join('')}: ${bad.reason}`);
  }
  const idempotencyKey = req.headers['idempotency-key']?.trim().slice(0, MAX_KEY_LENGTH);
  return events.map((event, i) => {
    if (idempotencyKey) return { data: event.data, key: events.length > 1 ? `${idempotencyKey}#${i}` : idempotencyKey };
    if (event.key?.trim()) return { data: event.data, key: event.key.slice(0, MAX_KEY_LENGTH) };
    return { data: event.data, key: randomUUID(), newKey: true };
  });
}

const ROOM_TTL_MS = 1000;

interface RoomEntry {
  room: number;
  at: number;
}

/**
 * The queue room of a workspace as this process last counted it (at most a second ago), minus the
 * runs it added since. A call that fits in it goes in without counting; one that does not is
 * refused at once (429), until the next count a second later sees the room runs freed meanwhile.
 * Counting walks the queued runs (up to the cap): at a full queue, counting per call made the cap
 * check most of Postgres's work (bench/webhook-path.ts, B at c=50: 217 runs/s against 344 with the
 * queue kept off the cap). Exact in one process; runs added elsewhere meanwhile (other processes,
 * polls) are seen at the next count, so the cap may be overshot by what they add within a second.
 * One count at a time per workspace: calls arriving while it runs share it (a count walks the
 * queued runs; a burst of callers each starting their own made dozens a second).
 */
const roomsOf = perOwner<Platform, { rooms: Map<string, RoomEntry>; counting: Map<string, Promise<RoomEntry>> }>(() => ({ rooms: new Map(), counting: new Map() }));

async function countedRoom(p: Platform, workspaceId: string): Promise<RoomEntry> {
  const { rooms, counting } = roomsOf(p);
  const entry = rooms.get(workspaceId);
  if (entry && Date.now() - entry.at <= ROOM_TTL_MS) return entry;
  let pending = counting.get(workspaceId);
  if (!pending) {
    const at = Date.now();
    pending = queueRoom(p, p.db, workspaceId)
      .then((room) => {
        const fresh = { room, at };
        if (rooms.size >= KNOWN_MAX) rooms.clear();
        rooms.set(workspaceId, fresh);
        return fresh;
      })
      .finally(() => counting.delete(workspaceId));
    counting.set(workspaceId, pending);
  }
  return pending;
}

/**
 * The workspace's queue was counted full less than a second ago (roomEstimate's count): a call that
 * cannot be a repeat of a stored one (no Idempotency-Key, the Catch Hook's only source of event keys)
 * is refused at once, before its body is read or the rate limits are taken (hook-http.ts). Under a
 * flood against a full queue, refusing is most of what the process does (bench/webhook-path.ts, c=50).
 */
export function knownFull(p: Platform, workspaceId: string): boolean {
  const entry = roomsOf(p).rooms.get(workspaceId);
  return entry !== undefined && entry.room <= 0 && Date.now() - entry.at <= ROOM_TTL_MS;
}

async function roomEstimate(p: Platform, workspaceId: string, n: number): Promise<{ fits: boolean; take(count: number): void }> {
  const counted = await countedRoom(p, workspaceId);
  return {
    fits: counted.room >= n,
    take: (count) => {
      counted.room -= count;
    },
  };
}

/** One call's runs for the fast path's insert. */
interface HookInsert {
  token: string;
  hook: ActiveHook;
  events: readonly Keyed[];
}

/**
 * Inserts the runs of several calls in one statement. A call's runs go in if, at that moment, its
 * token's hook is enabled and its konnector active on `hook.versionId`; else none of them (the
 * queue's room was checked before, `roomEstimate`). Returns each call's created runs.
 */
async function insertHookRuns(p: Platform, calls: readonly HookInsert[]): Promise<CreatedRun[][]> {
  const perCall = calls.map((call) => call.events.map((event) => ({ call, event, id: runId() })));
  const rows = perCall.flat();
  const created = await queryRows<CreatedRun>(p.db, runInsertSql(Prisma.sql`
    SELECT e.id, e.workspace_id, e.konnector_id, e.version_id, e.key, e.payload, NULL::text AS replay_of_id, NULL::text AS parent_run_id,
      NULL::text AS parent_step_id, 0 AS call_depth, e.n
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.call.hook.workspaceId)}::text[], ${rows.map((r) => r.call.hook.konnectorId)}::text[],
      ${rows.map((r) => r.call.hook.versionId)}::text[], ${rows.map((r) => r.event.key)}::text[],
      ${rows.map((r) => limitedJson(r.event.data, TRIGGER_PAYLOAD_LIMIT_BYTES) ?? '{}')}::text[], ${rows.map((r) => r.call.token)}::text[])
      WITH ORDINALITY AS e(id, workspace_id, konnector_id, version_id, key, payload, token, n)
    WHERE EXISTS (
        SELECT 1 FROM "WebhookEndpoint" w JOIN "Konnector" k ON k."id" = w."konnectorId"
        WHERE w."token" = e.token AND w."enabled" AND k."id" = e.konnector_id AND k."status" = 'active' AND k."publishedVersionId" = e.version_id)`));
  const made = new Set(created.map((r) => r.id));
  return perCall.map((own) => own.filter((r) => made.has(r.id)).map((r) => ({ id: r.id, eventKey: r.event.key })));
}

/** The fast path's inserts of one process in the same turn of the event loop share one statement (group-commit.ts). */
const insertIfActive = groupCommitPer((p: Platform) => ({ many: (calls: readonly HookInsert[]) => insertHookRuns(p, calls) }));

/** The fast path for a known token; null when it cannot answer (the full path decides). */
async function ingestKnown(p: Platform, token: string, hook: ActiveHook, req: HookRequest, before?: BeforeEnqueue): Promise<HookResult | null> {
  let keyed: Keyed[];
  try {
    keyed = await eventsOf(p, hook, req);
  } catch {
    return null;
  }
  if (keyed.length === 0) return null;
  const room = await roomEstimate(p, hook.workspaceId, keyed.length);
  if (!room.fits) {
    // The queue is full: refused, unless every event is a repeat (the full path answers with its run).
    if (keyed.some((e) => e.newKey)) throw queueFull(p);
    const seen = await existingKeys(p.db, hook.konnectorId, keyed.map((e) => e.key));
    if (keyed.some((e) => !seen.has(e.key))) throw queueFull(p);
    return null;
  }
  const created = await insertIfActive(p, { token, hook, events: keyed });
  room.take(created.length);
  // Nothing inserted: the hook changed, or every event is a repeat.
  if (created.length === 0) return null;
  return answer(p, hook, keyed, created, before);
}

/** Enqueues the new runs (and still-queued repeats) and answers with the run of every event. */
async function answer(p: Platform, hook: ActiveHook, keyed: readonly { key: string }[], created: readonly CreatedRun[], before?: BeforeEnqueue): Promise<HookResult> {
  const byKey = new Map(created.map((r) => [r.eventKey, r.id]));
  const missing = keyed.map((e) => e.key).filter((k) => !byKey.has(k));
  const toEnqueue = created.map((r) => r.id);
  if (missing.length > 0) {
    const existing = await runsByEventKey(p.db, hook.konnectorId, missing);
    for (const [eventKey, r] of existing) {
      byKey.set(eventKey, r.id);
      // A repeated call after a failed enqueue puts a still-queued run in the queue (a no-op when it is there).
      if (r.status === 'queued') toEnqueue.push(r.id);
    }
  }
  const runIds = keyed.map((e) => byKey.get(e.key)).filter((id): id is string => id !== undefined);
  // Respond to Hook: the caller listens for the answer before the run can start.
  const respond = (await publishedDefinition(p, hook.versionId)).trigger.respond;
  if (respond && before && runIds[0]) await before({ runId: runIds[0], workspaceId: hook.workspaceId, respond, likelyHere: roomHere(p) > 0 });
  const here = await enqueueOrLeave(p, hook.workspaceId, toEnqueue);
  return {
    runId: runIds[0] ?? null,
    runIds,
    duplicate: created.length === 0,
    workspaceId: hook.workspaceId,
    ...(respond ? { respond } : {}),
    ...(runIds[0] && here.has(runIds[0]) ? { here: true } : {}),
  };
}

/** Executes an admitted run in this process while it has room (run-here.ts); undefined where runs always go to the queue. */
function takeHere(p: Platform): TakeHere | undefined {
  if (!p.runsHere) return undefined;
  return (workspaceId, runId) => takeHereIfRoom(p, workspaceId, runId);
}

/** Longest a caller waits for Redis to take the jobs before the answer goes out anyway. */
export const ENQUEUE_DEADLINE_MS = 1000;

/**
 * Enqueues the runs; when Redis is unreachable (or does not answer in time) the call is still
 * accepted: the queued Run rows are the record, and the reconciler enqueues them once Redis is back.
 */
async function enqueueOrLeave(p: Platform, workspaceId: string, runIds: readonly string[]): Promise<ReadonlySet<string>> {
  const none = new Set<string>();
  if (runIds.length === 0) return none;
  if (!p.deps.isUp('redis')) return none;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InfrastructureUnavailable('redis', new Error(`no answer in ${ENQUEUE_DEADLINE_MS} ms`))), ENQUEUE_DEADLINE_MS);
  });
  const enqueued = enqueueRunsTogether(p, workspaceId, runIds, takeHere(p));
  try {
    return await Promise.race([enqueued, deadline]);
  } catch (err) {
    if (!isInfrastructureError(err)) throw err;
    enqueued.catch(() => undefined);
    // Back by itself: the connection's next 'ready', or dependencies.ts' probe when it never dropped.
    p.deps.down('redis', err, started);
    return none;
  } finally {
    clearTimeout(timer);
  }
}

export async function ingestHook(p: Platform, token: string, req: HookRequest, before?: BeforeEnqueue): Promise<HookResult> {
  if (!TOKEN.test(token)) throw notFound();
  const known = knownHooks(p);
  const hint = known.get(token);
  if (hint && Date.now() - hint.at <= KNOWN_TTL_MS) {
    const fast = await ingestKnown(p, token, hint.target, req, before);
    if (fast) return fast;
  }
  known.delete(token);
  const hook = await knownOrLookup(p, token);

  const keyed = await eventsOf(p, hook, req);
  if (keyed.length === 0) return { runId: null, runIds: [], duplicate: false };
  const countedAt = Date.now();
  const room = await queueRoom(p, p.db, hook.workspaceId);
  if (room < keyed.length) {
    // The workspace's queue is full: accept nothing new (a repeated call for runs that exist still answers).
    const seen = await existingKeys(p.db, hook.konnectorId, keyed.map((e) => e.key));
    if (keyed.some((e) => !seen.has(e.key))) throw queueFull(p);
  }
  const created = await insertRuns(p.db, hook, keyed);
  roomsOf(p).rooms.set(hook.workspaceId, { room: room - created.length, at: countedAt });
  return answer(p, hook, keyed, created, before);
}

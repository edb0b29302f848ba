/**
 * "Listen for a test request" on a Catch Hook: for a window (2 minutes by default) the next call to
 * the konnector's hook URL is caught as its trigger sample (Konnector.sample), active or not, so the
 * builder's data picker can map its fields at once. The window is ephemeral state in Redis:
 *
 * - `listen:t:<token>` → "<workspaceId> <konnectorId>", expiring with the window; the call that
 *   takes it (GETDEL) is the one caught, so exactly one call is caught however many arrive together;
 * - `listen:k:<konnectorId>` → the window's state (until, caught at, or why the call could not be
 *   read), kept 10 minutes past the window so the builder can say what happened;
 * - `listen:tokens`, a sorted set of listening tokens by end time: each process reads it at most
 *   twice a second, so a hook call costs no Redis round trip while nobody listens.
 *
 * Nothing here decides whether the call also starts a run: hook-http.ts ingests it as usual (an
 * inactive konnector's call is answered 200 "caught" instead of 404).
 */
import { inferSampleFields, type Registry } from '@konnect/sdk';
import { newHookToken } from './activation';
import { AppError, errorMessage } from './errors';
import type { HookRequest } from './hooks';
import { perOwner } from './per-owner';
import type { Platform } from './platform';
import { redisKey } from './queues';

export const DEFAULT_LISTEN_SECONDS = 120;
export const MIN_LISTEN_SECONDS = 10;
export const MAX_LISTEN_SECONDS = 600;
/** How long the outcome of a window stays readable after it ends. */
const OUTCOME_TTL_MS = 10 * 60_000;
/** How stale a process's view of the listening tokens may be. */
const TOKENS_TTL_MS = 500;
/** Fields kept in a caught sample (what the API's TriggerSample allows). */
const MAX_SAMPLE_FIELDS = 2000;

export type ListenState = 'idle' | 'listening' | 'caught' | 'failed' | 'timed_out';

export interface ListenStatus {
  state: ListenState;
  /** When the window ends (or ended); null when there was none. */
  until: string | null;
  /** When the request was caught (state caught). */
  caughtAt: string | null;
  /** Why the caught request could not be used (state failed). */
  error: string | null;
}

interface StoredWindow {
  until: number;
  caughtAt?: number;
  error?: string;
}

const tokenKey = (p: Platform, token: string) => redisKey(p.queues, 'listen', 't', token);
const windowKey = (p: Platform, konnectorId: string) => redisKey(p.queues, 'listen', 'k', konnectorId);
const tokensKey = (p: Platform) => redisKey(p.queues, 'listen', 'tokens');

/** This process's view of the listening tokens (token → end, epoch ms). */
const seen = perOwner<Platform, { tokens: Map<string, number>; at: number; reading: Promise<void> | null }>(() => ({ tokens: new Map(), at: 0, reading: null }));

async function listeningTokens(p: Platform): Promise<Map<string, number>> {
  const view = seen(p);
  if (Date.now() - view.at <= TOKENS_TTL_MS) return view.tokens;
  view.reading ??= (async () => {
    const at = Date.now();
    const flat = await p.queues.redis.zrangebyscore(tokensKey(p), at, '+inf', 'WITHSCORES');
    const tokens = new Map<string, number>();
    for (let i = 0; i + 1 < flat.length; i += 2) tokens.set(flat[i] ?? '', Number(flat[i + 1]));
    view.tokens = tokens;
    view.at = at;
  })().finally(() => {
    view.reading = null;
  });
  await view.reading;
  return view.tokens;
}

function statusOf(stored: StoredWindow | null, now: number): ListenStatus {
  if (!stored) return { state: 'idle', until: null, caughtAt: null, error: null };
  const until = new Date(stored.until).toISOString();
  const caughtAt = stored.caughtAt ? new Date(stored.caughtAt).toISOString() : null;
  if (stored.error) return { state: 'failed', until, caughtAt, error: stored.error };
  if (stored.caughtAt) return { state: 'caught', until, caughtAt, error: null };
  return { state: stored.until > now ? 'listening' : 'timed_out', until, caughtAt: null, error: null };
}

function parseWindow(raw: string | null): StoredWindow | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredWindow>;
    return typeof value.until === 'number' ? (value as StoredWindow) : null;
  } catch {
    return null;
  }
}

/** The konnector's Catch Hook token (created if it has none yet: the URL exists before activation). */
const hookToken = ensureHookEndpoint;

/** Opens (or reopens) a listening window of `seconds` on the konnector's hook URL. */
export async function startListening(p: Platform, workspaceId: string, konnectorId: string, seconds = DEFAULT_LISTEN_SECONDS): Promise<ListenStatus> {
  if (!Number.isInteger(seconds) || seconds < MIN_LISTEN_SECONDS || seconds > MAX_LISTEN_SECONDS) {
    throw new AppError('invalid', `seconds: listen for ${MIN_LISTEN_SECONDS} to ${MAX_LISTEN_SECONDS} seconds`);
  }
  const token = await hookToken(p, workspaceId, konnectorId);
  const now = Date.now();
  const until = now + seconds * 1000;
  const windowMs = seconds * 1000;
  await p.queues.redis
    .multi()
    .set(tokenKey(p, token), `${workspaceId} ${konnectorId}`, 'PX', windowMs)
    .set(windowKey(p, konnectorId), JSON.stringify({ until } satisfies StoredWindow), 'PX', windowMs + OUTCOME_TTL_MS)
    .zremrangebyscore(tokensKey(p), '-inf', now)
    .zadd(tokensKey(p), until, token)
    .exec();
  // This process sees its own window at once (others within TOKENS_TTL_MS).
  seen(p).tokens.set(token, until);
  return statusOf({ until }, now);
}

/** Closes the window ("Stop listening"); what was caught stays. */
export async function stopListening(p: Platform, workspaceId: string, konnectorId: string): Promise<ListenStatus> {
  const token = await hookToken(p, workspaceId, konnectorId);
  const now = Date.now();
  const stored = parseWindow(await p.queues.redis.get(windowKey(p, konnectorId)));
  await p.queues.redis.multi().del(tokenKey(p, token)).zrem(tokensKey(p), token).del(windowKey(p, konnectorId)).exec();
  seen(p).tokens.delete(token);
  return stored?.caughtAt ? statusOf(stored, now) : statusOf(null, now);
}

export async function listenStatus(p: Platform, workspaceId: string, konnectorId: string): Promise<ListenStatus> {
  const konnector = await p.db.konnector.findFirst({ where: { id: konnectorId, workspaceId }, select: { id: true } });
  if (!konnector) throw new AppError('not_found', 'Konnector not found');
  return statusOf(parseWindow(await p.queues.redis.get(windowKey(p, konnectorId))), Date.now());
}

/** The trigger that reads the konnector's hook calls: the draft's when it is a webhook trigger, else Catch Hook. */
function webhookTrigger(registry: Registry, draft: unknown) {
  const trigger = (draft as { trigger?: { connector?: unknown; event?: unknown } } | null)?.trigger;
  const own = typeof trigger?.connector === 'string' && typeof trigger.event === 'string' ? registry.trigger(trigger.connector, trigger.event) : undefined;
  if (own?.kind === 'webhook') return { def: own, connector: String(trigger?.connector), event: String(trigger?.event) };
  const fallback = registry.trigger('catch_hook', 'catch_hook');
  return fallback?.kind === 'webhook' ? { def: fallback, connector: 'catch_hook', event: 'catch_hook' } : null;
}

/**
 * When someone listens on this token, takes the call as the konnector's trigger sample. Returns
 * 'caught', 'failed' (it was the awaited call, but could not be read: the builder says why) or
 * null (nobody listens). Never throws for Redis trouble: the call is then ingested as usual.
 */
export async function catchTestRequest(p: Platform, token: string, req: HookRequest): Promise<'caught' | 'failed' | null> {
  let owner: string | null;
  try {
    if (!p.deps.isUp('redis')) return null;
    const until = (await listeningTokens(p)).get(token);
    if (until === undefined || until < Date.now()) return null;
    owner = await p.queues.redis.getdel(tokenKey(p, token));
    await p.queues.redis.zrem(tokensKey(p), token);
    seen(p).tokens.delete(token);
  } catch (err) {
    p.log.warn(`hook listen check: ${errorMessage(err)}`);
    return null;
  }
  if (!owner) return null;
  const [workspaceId = '', konnectorId = ''] = owner.split(' ');
  const row = await p.db.konnector.findFirst({
    where: { id: konnectorId, workspaceId, webhook: { token } },
    select: { draft: true },
  });
  if (!row) return null;
  const now = Date.now();
  const stored = parseWindow(await p.queues.redis.get(windowKey(p, konnectorId))) ?? { until: now };
  const trigger = webhookTrigger(p.registry, row.draft);
  let outcome: StoredWindow;
  try {
    if (!trigger || trigger.def.kind !== 'webhook') throw new Error('this konnector has no webhook trigger');
    const [event] = trigger.def.parse(req);
    if (!event) throw new Error('the request held no event');
    const records = [event.data];
    const sample = { connector: trigger.connector, event: trigger.event, connectionId: null, records, fields: inferSampleFields(records).slice(0, MAX_SAMPLE_FIELDS), fetchedAt: new Date(now).toISOString() };
    await p.db.konnector.updateMany({ where: { id: konnectorId, workspaceId }, data: { sample: JSON.parse(JSON.stringify(sample)) as object } });
    outcome = { until: stored.until, caughtAt: now };
  } catch (err) {
    outcome = { until: stored.until, caughtAt: now, error: `The request could not be read: ${errorMessage(err)}` };
  }
  await p.queues.redis.set(windowKey(p, konnectorId), JSON.stringify(outcome), 'PX', OUTCOME_TTL_MS);
  return outcome.error ? 'failed' : 'caught';
}

/**
 * The konnector's Catch Hook token, created (disabled) when it has none. A konnector gets it when
 * its draft's trigger becomes a webhook trigger, so its URL can be copied before it is turned on;
 * activation enables the same token.
 */
export async function ensureHookEndpoint(p: Pick<Platform, 'db'>, workspaceId: string, konnectorId: string): Promise<string> {
  const konnector = await p.db.konnector.findFirst({ where: { id: konnectorId, workspaceId }, select: { webhook: { select: { token: true } } } });
  if (!konnector) throw new AppError('not_found', 'Konnector not found');
  if (konnector.webhook) return konnector.webhook.token;
  const made = await p.db.webhookEndpoint.upsert({
    where: { konnectorId },
    create: { konnectorId, workspaceId, token: newHookToken(), enabled: false },
    update: {},
    select: { token: true },
  });
  return made.token;
}

import { ConnectorError } from './errors';
import type { DedupeStrategy, PollBudget, PollResult, ScanState, TriggerCursorData, TriggerEvent } from './types';

export interface PollNewestOptions<T> {
  /** The stored cursor; null on first activation. */
  cursor: TriggerCursorData | null;
  /** 'id' (created triggers), 'id+updated_at' (updated triggers), 'watermark'. */
  strategy: DedupeStrategy;
  /** One page of records, 1-based. */
  fetchPage(page: number): Promise<{ items: T[]; hasMore: boolean }>;
  /**
   * Default true: pages are newest-first by timestamp(). False: the list cannot sort, so it is
   * read as a full scan spread across polls (the position is kept in `cursor.scan`), within
   * `budget` and `maxPages` per poll.
   */
  sorted?: boolean;
  /** The connection's page budget: a scan stops when it refuses; sorted pages are counted. */
  budget?: PollBudget;
  id(item: T): string;
  /** ISO string: created_at for created triggers, updated_at for updated ones. */
  timestamp(item: T): string;
  /** Safety bound on pages fetched per poll (for a scan: per poll, the scan goes on next poll); default 50. */
  maxPages?: number;
  /** Re-scan window below the watermark for late or out-of-order records; default 5 min. */
  lookbackMs?: number;
  /** Bound on the keys the cursor remembers; default 2,000. */
  maxSeenKeys?: number;
  now?(): Date;
}

export const DEFAULT_LOOKBACK_MS = 5 * 60_000;
export const DEFAULT_MAX_PAGES = 50;
export const DEFAULT_MAX_SEEN_KEYS = 2_000;

interface Seen<T> {
  item: T;
  key: string;
  id: string;
  timestamp: string;
  at: number;
}

/** The event key of a record under a dedupe strategy. */
export function eventKey(strategy: DedupeStrategy, id: string, timestamp: string): string {
  return strategy === 'id' ? id : `${id}@${timestamp}`;
}

/** The time a stored key carries (id@timestamp keys), or undefined for plain id keys. */
function keyTime(strategy: DedupeStrategy, key: string): number | undefined {
  if (strategy === 'id') return undefined;
  const at = key.lastIndexOf('@');
  if (at < 0) return undefined;
  const time = Date.parse(key.slice(at + 1));
  return Number.isNaN(time) ? undefined : time;
}

function positive(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) throw new RangeError(`pollNewest: ${name} must be a number >= ${min}`);
  return value;
}

/**
 * Polls a list for records newer than the cursor and returns each one exactly once,
 * oldest first, with the advanced cursor.
 *
 * The watermark is the newest timestamp seen (never ahead of `now`); records inside the
 * lookback window below it are re-scanned and deduped through `seenKeys`, so equal and
 * out-of-order timestamps across polls and pages are neither emitted twice nor missed.
 * A null cursor (first activation) emits nothing and returns a cursor at the newest record
 * (or now when the list is empty).
 */
export async function pollNewest<T extends Record<string, unknown>>(opts: PollNewestOptions<T>): Promise<PollResult> {
  const lookback = positive('lookbackMs', opts.lookbackMs, DEFAULT_LOOKBACK_MS, 0);
  const maxPages = Math.floor(positive('maxPages', opts.maxPages, DEFAULT_MAX_PAGES, 1));
  const maxSeen = Math.floor(positive('maxSeenKeys', opts.maxSeenKeys, DEFAULT_MAX_SEEN_KEYS, 1));
  const sorted = opts.sorted ?? true;
  const now = (opts.now ? opts.now() : new Date()).getTime();
  if (!sorted) return scanPoll(opts, { lookback, maxPages, maxSeen, now });

  const previous = opts.cursor?.watermark ? Date.parse(opts.cursor.watermark) : NaN;
  const first = Number.isNaN(previous);
  const seen = new Set(first ? [] : (opts.cursor?.seenKeys ?? []));
  // Sorted scans stop below this time; on first activation it is set from the newest record.
  let stopBelow = first ? undefined : previous - lookback;

  const observed = new Map<string, Seen<T>>();
  let newest = -Infinity;
  for (let page = 1; page <= maxPages; page++) {
    // A sorted poll cannot stop midway (its cursor is a watermark): its pages are counted, not refused.
    await opts.budget?.spend();
    const result = await opts.fetchPage(page);
    if (!result || !Array.isArray(result.items)) {
      throw new TypeError(`pollNewest: fetchPage(${page}) must return { items: [], hasMore }`);
    }
    let oldest = Infinity;
    for (const item of result.items) {
      const timestamp = opts.timestamp(item);
      const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
      // A record without a readable timestamp cannot be placed against the watermark.
      if (Number.isNaN(at)) continue;
      const id = String(opts.id(item));
      const key = eventKey(opts.strategy, id, timestamp);
      if (at < oldest) oldest = at;
      if (at > newest) newest = at;
      if (!observed.has(key)) observed.set(key, { item, key, id, timestamp, at });
    }
    if (!result.hasMore || result.items.length === 0) break;
    if (stopBelow === undefined) stopBelow = Math.min(newest, now) - lookback;
    if (oldest < stopBelow) break;
  }

  const watermark = first
    ? observed.size > 0 ? Math.min(newest, now) : now
    : Math.max(previous, Math.min(newest, now));
  const floor = watermark - lookback;

  const events: TriggerEvent[] = [];
  if (!first) {
    const fresh = [...observed.values()]
      .filter((r) => r.at >= previous - lookback && !seen.has(r.key))
      .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const r of fresh) events.push({ key: r.key, data: r.item, occurredAt: r.timestamp });
  }

  const keep = [...observed.values()].filter((r) => r.at >= floor).sort((a, b) => b.at - a.at);
  const seenKeys = keep.map((r) => r.key);
  // Keys remembered from before but not listed this time (a partial or empty page, a
  // truncated scan) stay while they may still fall inside the window.
  if (!first) {
    for (const key of opts.cursor?.seenKeys ?? []) {
      if (observed.has(key)) continue;
      const at = keyTime(opts.strategy, key);
      if (at !== undefined ? at >= floor : previous >= floor) seenKeys.push(key);
    }
  }
  return {
    events,
    cursor: { watermark: new Date(watermark).toISOString(), seenKeys: seenKeys.slice(0, maxSeen) },
  };
}

// ---------------------------------------------------------------- lists that cannot sort

interface ScanLimits {
  lookback: number;
  maxPages: number;
  maxSeen: number;
  now: number;
}

/** The key a scan remembers a record by: id and time, so it can be forgotten once below `since`. */
const memoKey = (id: string, timestamp: string) => `${id}@${timestamp}`;

function freshScan(since: number, last: Pick<ScanState, 'lastFullScanMs' | 'lastFullScanPolls' | 'lastFullScanPages' | 'lastFullScanAt'> | null): ScanState {
  return {
    page: 1,
    since: new Date(since).toISOString(),
    startedAt: null,
    newest: null,
    pagesRead: 0,
    polls: 0,
    lastFullScanMs: last?.lastFullScanMs ?? null,
    lastFullScanPolls: last?.lastFullScanPolls ?? null,
    lastFullScanPages: last?.lastFullScanPages ?? null,
    lastFullScanAt: last?.lastFullScanAt ?? null,
  };
}

const isRateLimited = (err: unknown) => err instanceof ConnectorError && err.kind === 'rate_limited';

/**
 * A list that cannot sort is read as one full scan spread across polls: each poll reads pages
 * from where the last one stopped, as long as the budget gives pages, and the scan's position is
 * kept in `cursor.scan`. Exactly once, across polls and scans:
 * - `since` stays fixed during a scan: a record whose time is at or after it and that was not
 *   emitted before is new. `seenKeys` keeps id@time of every record emitted (or seen) at or after
 *   `since`, so a record listed again — on a later page after a shift, or in the next scan — is
 *   not emitted twice; they are dropped only once `since` has passed them.
 * - A record added during a scan may land on a page already read: the next scan catches it,
 *   because the next `since` is never later than the moment this scan read its first page
 *   (minus the look-back for clock differences): `since' = max(since, min(newest, startedAt) - lookback)`.
 * - `since` never moves back, so nothing from before activation (or from an earlier scan) fires.
 * First activation reads nothing: `since` is now, the first scan starts on the next poll.
 */
async function scanPoll<T extends Record<string, unknown>>(opts: PollNewestOptions<T>, limits: ScanLimits): Promise<PollResult> {
  const { lookback, maxPages, maxSeen, now } = limits;
  const nowIso = new Date(now).toISOString();
  if (opts.cursor === null) {
    return { events: [], cursor: { watermark: nowIso, seenKeys: [], scan: freshScan(now, null) } };
  }
  const previous = opts.cursor.watermark ? Date.parse(opts.cursor.watermark) : NaN;
  const watermark = Number.isNaN(previous) ? now : previous;
  // A cursor from before scans were kept (a full scan per poll) starts one at its look-back window.
  const scan: ScanState = opts.cursor.scan ?? freshScan(watermark - lookback, null);
  const since = Date.parse(scan.since);
  const seen = new Set(opts.cursor.seenKeys);
  const times = new Map<string, number>();
  const fresh: Seen<T>[] = [];

  let page = scan.page;
  let startedAt = scan.startedAt ? Date.parse(scan.startedAt) : null;
  let newest = scan.newest ? Date.parse(scan.newest) : -Infinity;
  let pagesRead = scan.pagesRead;
  let read = 0;
  let completed = false;
  while (read < maxPages) {
    if (opts.budget && !(await opts.budget.take())) break;
    let result: { items: T[]; hasMore: boolean };
    try {
      result = await opts.fetchPage(page);
    } catch (err) {
      // The app asked to slow down: keep what this poll read; the scan goes on from this page.
      if (isRateLimited(err)) break;
      throw err;
    }
    if (!result || !Array.isArray(result.items)) {
      throw new TypeError(`pollNewest: fetchPage(${page}) must return { items: [], hasMore }`);
    }
    read++;
    pagesRead++;
    if (startedAt === null) startedAt = now;
    for (const item of result.items) {
      const timestamp = opts.timestamp(item);
      const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
      if (Number.isNaN(at) || at < since) continue;
      const id = String(opts.id(item));
      const memo = memoKey(id, timestamp);
      const key = eventKey(opts.strategy, id, timestamp);
      if (at > newest) newest = at;
      times.set(memo, at);
      // A plain id key is what cursors from before scans remembered for 'id' triggers.
      if (seen.has(memo) || seen.has(key)) continue;
      seen.add(memo);
      fresh.push({ item, key, id, timestamp, at });
    }
    if (!result.hasMore || result.items.length === 0) {
      completed = true;
      break;
    }
    page++;
  }

  const events: TriggerEvent[] = fresh
    .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => ({ key: r.key, data: r.item, occurredAt: r.timestamp }));

  let next: ScanState;
  let nextWatermark = watermark;
  if (completed) {
    const start = startedAt ?? now;
    // Records added after `start` may sit on pages this scan had already passed: the next scan
    // must still count them as new, so its `since` is not later than `start` (less the look-back).
    if (newest > -Infinity) nextWatermark = Math.max(watermark, Math.min(newest, start));
    const nextSince = Math.max(since, nextWatermark - lookback);
    next = freshScan(nextSince, {
      lastFullScanMs: Math.max(0, now - start),
      lastFullScanPolls: scan.polls + 1,
      lastFullScanPages: pagesRead,
      lastFullScanAt: nowIso,
    });
  } else {
    next = {
      ...scan,
      page,
      startedAt: startedAt === null ? null : new Date(startedAt).toISOString(),
      newest: newest > -Infinity ? new Date(newest).toISOString() : null,
      pagesRead,
      polls: startedAt === null ? 0 : scan.polls + 1,
    };
  }

  // Remember every key that may still be listed at or after the (next) `since`, newest first.
  const floor = Date.parse(next.since);
  const kept: { key: string; at: number }[] = [];
  for (const key of seen) {
    const at = times.get(key) ?? keyTime('id+updated_at', key);
    // A plain id from an older cursor carries no time: kept until the scan it started completes.
    if (at === undefined ? !completed : at >= floor) kept.push({ key, at: at ?? Infinity });
  }
  kept.sort((a, b) => b.at - a.at);
  return {
    events,
    cursor: { watermark: new Date(nextWatermark).toISOString(), seenKeys: kept.slice(0, maxSeen).map((k) => k.key), scan: next },
  };
}

import type { DedupeStrategy, PollResult, TriggerCursorData, TriggerEvent } from './types';

export interface PollNewestOptions<T> {
  /** The stored cursor; null on first activation. */
  cursor: TriggerCursorData | null;
  /** 'id' (created triggers), 'id+updated_at' (updated triggers), 'watermark'. */
  strategy: DedupeStrategy;
  /** One page of records, 1-based. */
  fetchPage(page: number): Promise<{ items: T[]; hasMore: boolean }>;
  /** Default true: pages are newest-first by timestamp(). False: scan every page (up to maxPages) and sort locally. */
  sorted?: boolean;
  id(item: T): string;
  /** ISO string: created_at for created triggers, updated_at for updated ones. */
  timestamp(item: T): string;
  /** Safety bound on pages fetched per poll; default 50. */
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

  const previous = opts.cursor?.watermark ? Date.parse(opts.cursor.watermark) : NaN;
  const first = Number.isNaN(previous);
  const seen = new Set(first ? [] : (opts.cursor?.seenKeys ?? []));
  // Sorted scans stop below this time; on first activation it is set from the newest record.
  let stopBelow = first ? undefined : previous - lookback;

  const observed = new Map<string, Seen<T>>();
  let newest = -Infinity;
  for (let page = 1; page <= maxPages; page++) {
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
    if (sorted) {
      if (stopBelow === undefined) stopBelow = Math.min(newest, now) - lookback;
      if (oldest < stopBelow) break;
    }
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

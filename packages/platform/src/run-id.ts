/**
 * Run ids that sort in creation order: UUID version 7 (RFC 9562), the millisecond time first and,
 * within one millisecond, a counter. The event log orders runs by `createdAt` then `id`, newest
 * first; the runs one poll creates share their millisecond, and random ids showed them in a
 * random order (issue 17, bug 5). Same format as before (a UUID), so nothing reading ids changes.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A time-ordered UUID: each id from this process sorts (as text) after the previous one. */
export function runId(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    // 4096 ids in one millisecond: borrow the next millisecond rather than repeat an order.
    lastMs++;
    counter = 0;
  }
  const rand = randomBytes(8);
  rand[0] = ((rand[0] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const r = rand.toString('hex');
  const time = hex(lastMs, 12);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(counter, 3)}-${r.slice(0, 4)}-${r.slice(4, 16)}`;
}

/**
 * The creation time a run id carries (UUID v7: its first 48 bits are epoch milliseconds), or null
 * for ids of another form (runs created before time-ordered ids). Runs are created with exactly
 * this time as `createdAt` (run-create.ts), the key the event log is partitioned on, so a statement
 * about runs named by id can say which day partitions to look in (see partitionHint in run-claim.ts).
 */
export function runIdTime(id: string): Date | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/.test(id)) return null;
  return new Date(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16));
}

/**
 * The same in SQL, for run-create.ts: a UUID v7 id's milliseconds as a `timestamp(3)` (UTC), else
 * null. Written once here so the two cannot disagree (run-id.test.ts checks them against each other).
 */
export const RUN_ID_TIME_SQL = (column: string) =>
  `(CASE WHEN ${column} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-' THEN ('1970-01-01'::timestamp + ('x' || substr(${column}, 1, 8) || substr(${column}, 10, 4))::bit(48)::bigint * interval '1 millisecond')::timestamp(3) END)`;

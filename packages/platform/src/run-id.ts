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

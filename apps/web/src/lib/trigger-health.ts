/** Trigger health in words, for the library row, the builder's toggle area and the event log. */
import type { TriggerHealthDto, TriggerScanDto } from './api-types';

/** "23:40" today, else "22 Nov, 23:40". */
export function shortTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return at.toDateString() === now.toDateString() ? time : `${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}, ${time}`;
}

/** "Paused since 23:40 — Custify rejected the credentials …"; null when the trigger is ok. */
export function triggerHealthText(health: TriggerHealthDto, now = new Date()): string | null {
  if (health.state === 'ok') return null;
  const since = health.since ? ` since ${shortTime(health.since, now)}` : '';
  const reason = health.reason ? ` — ${health.reason}` : '';
  if (health.state === 'paused') return `Paused${since}${reason}`;
  const next = health.nextAttemptAt ? ` Next attempt ${shortTime(health.nextAttemptAt, now)}.` : '';
  return `Retrying${since}${reason}.${next}`.replace(/\.\.(\s|$)/, '.$1');
}

const minutes = (n: number) => `${n} minute${n === 1 ? '' : 's'}`;
const polls = (n: number) => `${n} poll${n === 1 ? '' : 's'}`;

/**
 * How stale a trigger over a list that cannot sort can be: a record added just after the scan
 * passed its page waits for the next full scan, so up to one full scan plus one poll interval.
 * Null when the trigger is not scanning.
 */
export function triggerScanText(scan: TriggerScanDto | null | undefined): string | null {
  if (!scan) return null;
  if (scan.lastFullScanMs === null || scan.lastFullScanPolls === null) {
    const under = scan.startedAt ? `; ${scan.page - 1} page${scan.page === 2 ? '' : 's'} read so far` : '';
    return `This list cannot be sorted: each poll reads part of it, and the first full scan is under way${under}. New records appear once the scan has read their page.`;
  }
  const upTo = Math.max(1, Math.ceil((scan.lastFullScanMs + scan.pollSeconds * 1000) / 60_000));
  return `New records can take up to ${minutes(upTo)} to appear (this list cannot be sorted: a full scan takes ${polls(scan.lastFullScanPolls)}).`;
}

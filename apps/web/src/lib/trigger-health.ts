/** Trigger health in words, for the library row, the builder's toggle area and the event log. */
import type { TriggerHealthDto } from './api-types';

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

/**
 * What a connection's status says on the connections page, from real use as well as tests: a
 * connection that polls and runs used a minute ago is "Working — last used 1 min ago", not
 * "Not tested". Pure (tested).
 */
import type { ConnectionDto } from '@/lib/api-types';
import { formatRelative } from '@/lib/format-time';

export type HealthTone = 'good' | 'bad' | 'neutral';

export interface ConnectionHealth {
  label: string;
  tone: HealthTone;
  /** One line: what the status rests on. */
  detail: string;
}

type Facts = Pick<ConnectionDto, 'status' | 'statusMessage' | 'lastCheckedAt' | 'lastUsedAt' | 'lastFailureAt' | 'lastFailureMessage'>;

const after = (a: string | null, b: string | null) => a !== null && (b === null || Date.parse(a) > Date.parse(b));

export function connectionHealth(c: Facts, now = Date.now()): ConnectionHealth {
  const ago = (iso: string) => formatRelative(iso, now);
  const tested = c.lastCheckedAt ? `tested ${ago(c.lastCheckedAt)}` : null;
  if (c.status === 'needs_attention') {
    const why = c.statusMessage ?? c.lastFailureMessage;
    const since = c.lastFailureAt && after(c.lastFailureAt, c.lastCheckedAt) ? `failed ${ago(c.lastFailureAt)}` : tested;
    return { label: 'Needs attention', tone: 'bad', detail: [why, since].filter(Boolean).join(' · ') || 'The app refused it: edit the credentials, then test it' };
  }
  // A failure newer than the last success (not one that needs the user: a timeout, a 5xx).
  if (c.lastFailureAt && after(c.lastFailureAt, c.lastUsedAt) && after(c.lastFailureAt, c.lastCheckedAt)) {
    return { label: 'Failing', tone: 'bad', detail: `last use failed ${ago(c.lastFailureAt)}${c.lastFailureMessage ? `: ${c.lastFailureMessage}` : ''}` };
  }
  if (c.lastUsedAt) return { label: 'Working', tone: 'good', detail: [`last used ${ago(c.lastUsedAt)}`, tested].filter(Boolean).join(' · ') };
  if (c.status === 'ok') return { label: 'Working', tone: 'good', detail: `${tested ?? 'tested'} · not used by a konnector yet` };
  return { label: 'Not tested yet', tone: 'neutral', detail: 'Test it, or use it in a konnector: its status then follows every use' };
}

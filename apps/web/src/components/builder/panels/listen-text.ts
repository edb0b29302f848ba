/** What the "Listen for a test request" box says for a listening window's state (pure: tested). */
import type { HookListenDto } from '@/lib/hook-queries';

export interface ListenText {
  tone: 'idle' | 'waiting' | 'good' | 'bad';
  text: string;
}

/** "1:05" from milliseconds (never negative). */
export function countdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function windowLength(status: Pick<HookListenDto, 'until'>, startedAt: number | null): string {
  if (!status.until || startedAt === null) return '';
  const minutes = Math.round((Date.parse(status.until) - startedAt) / 60_000);
  return minutes >= 1 ? ` in ${minutes} minute${minutes === 1 ? '' : 's'}` : '';
}

/**
 * The sentence for a window; `now` ticks while it listens, `startedAt` is when this page opened it
 * (null: it was opened elsewhere or earlier).
 */
export function listenText(status: Pick<HookListenDto, 'state' | 'until' | 'caughtAt' | 'error'> | undefined, now: number, startedAt: number | null = null): ListenText {
  switch (status?.state) {
    case 'listening':
      return { tone: 'waiting', text: `Listening for a request to this URL… ${countdown(Date.parse(status.until ?? '') - now)} left. Send one from your app (or with curl) now.` };
    case 'caught':
      return { tone: 'good', text: `Request caught${status.caughtAt ? ` at ${new Date(status.caughtAt).toLocaleTimeString('en-GB')}` : ''}: its fields are in Sample Fields below and in the data picker of later steps.` };
    case 'failed':
      return { tone: 'bad', text: status.error ?? 'The request could not be read.' };
    case 'timed_out':
      return { tone: 'bad', text: `No request arrived${windowLength(status, startedAt)}. Check the URL in the sending app, then listen again.` };
    default:
      return { tone: 'idle', text: 'Send a POST with a JSON or form body to this URL. “Listen for a test request” catches the next one as sample data, before you turn the konnector on.' };
  }
}

/**
 * The alert engine's rules, as pure functions of a konnector's alert state (KonnectorAlertState)
 * and the clock, so "never a flood" can be checked without a database:
 *
 * - The first failed run of a streak alerts at once, unless an immediate alert went out less than
 *   one digest window ago (a konnector that recovers and fails again within the window does not
 *   alert twice): at most one immediate alert per konnector per window.
 * - Every other failure waits for the digest: a count, the distinct error messages with their
 *   counts, and the newest run ids (capped). The digest is due one window after the last alert
 *   (immediate or digest) and goes out at most once per window.
 * - A run that succeeds ends the streak; a "recovered" notice follows only when an alert (immediate
 *   or digest) went out during the streak.
 * - With auto-pause set to N, the Nth failed run in a row turns the konnector off; the count starts
 *   again from 0 (a resumed konnector that keeps failing is paused again after N more).
 *
 * `partial` runs (an action with onError: continue failed and the run went on, or an error branch
 * handled the failure) neither alert nor end a streak: the konnector was told to tolerate that
 * failure. A run a "Fail run" step ended is `failed` and alerts like any other.
 */
export const DIGEST_RUN_LIMIT = 20;
export const DIGEST_ERROR_LIMIT = 20;
export const OTHER_ERRORS = '(other errors)';

export interface AlertState {
  failingSince: Date | null;
  consecutiveFailures: number;
  alerted: boolean;
  lastImmediateAt: Date | null;
  lastDigestAt: Date | null;
  pendingCount: number;
  pendingErrors: Record<string, number>;
  pendingRunIds: string[];
  digestDueAt: Date | null;
  autoPausedAt: Date | null;
}

export const EMPTY_ALERT_STATE: AlertState = {
  failingSince: null,
  consecutiveFailures: 0,
  alerted: false,
  lastImmediateAt: null,
  lastDigestAt: null,
  pendingCount: 0,
  pendingErrors: {},
  pendingRunIds: [],
  digestDueAt: null,
  autoPausedAt: null,
};

export interface FailureInput {
  now: Date;
  runId: string;
  /** The error's one-line message (already scrubbed). */
  message: string;
  windowMs: number;
  autoPauseAfter: number | null;
}

export interface FailureDecision {
  next: AlertState;
  immediate: boolean;
  /** Set when this failure started a digest: schedule its job for then. */
  digestAt: Date | null;
  autoPause: boolean;
}

const later = (a: Date | null, b: Date | null): Date | null => (a && b ? (a > b ? a : b) : (a ?? b));

function addError(errors: Record<string, number>, message: string): Record<string, number> {
  const key = message.replace(/\s+/g, ' ').trim().slice(0, 300) || '(no message)';
  const out = { ...errors };
  if (key in out || Object.keys(out).length < DIGEST_ERROR_LIMIT) out[key] = (out[key] ?? 0) + 1;
  else out[OTHER_ERRORS] = (out[OTHER_ERRORS] ?? 0) + 1;
  return out;
}

export function decideFailure(s: AlertState, input: FailureInput): FailureDecision {
  const { now, windowMs } = input;
  const next: AlertState = { ...s, consecutiveFailures: s.consecutiveFailures + 1, failingSince: s.failingSince ?? now };
  const immediate = !s.alerted && (s.lastImmediateAt === null || now.getTime() - s.lastImmediateAt.getTime() >= windowMs);
  let digestAt: Date | null = null;
  if (immediate) {
    next.lastImmediateAt = now;
    next.alerted = true;
  } else {
    next.pendingCount = s.pendingCount + 1;
    next.pendingErrors = addError(s.pendingErrors, input.message);
    next.pendingRunIds = [input.runId, ...s.pendingRunIds.filter((id) => id !== input.runId)].slice(0, DIGEST_RUN_LIMIT);
    if (s.digestDueAt === null) {
      const lastSent = later(s.lastImmediateAt, s.lastDigestAt);
      const due = lastSent ? new Date(lastSent.getTime() + windowMs) : now;
      next.digestDueAt = due > now ? due : now;
      digestAt = next.digestDueAt;
    }
  }
  const autoPause = input.autoPauseAfter !== null && next.consecutiveFailures >= input.autoPauseAfter;
  if (autoPause) {
    next.autoPausedAt = now;
    next.consecutiveFailures = 0;
  }
  return { next, immediate, digestAt, autoPause };
}

export interface SuccessDecision {
  next: AlertState;
  recovered: boolean;
}

export function decideSuccess(s: AlertState): SuccessDecision {
  return { next: { ...s, failingSince: null, consecutiveFailures: 0, alerted: false }, recovered: s.alerted && s.failingSince !== null };
}

export type DigestDecision =
  | { kind: 'send'; next: AlertState; count: number; errors: Record<string, number>; runIds: string[]; since: Date | null }
  /** Not due yet: the job came early (a re-created one); run it again at `at`. */
  | { kind: 'later'; at: Date }
  | { kind: 'nothing'; next: AlertState };

export function decideDigest(s: AlertState, now: Date): DigestDecision {
  if (s.pendingCount === 0 || s.digestDueAt === null) return { kind: 'nothing', next: { ...s, digestDueAt: null } };
  if (s.digestDueAt.getTime() > now.getTime() + 1000) return { kind: 'later', at: s.digestDueAt };
  return {
    kind: 'send',
    count: s.pendingCount,
    errors: s.pendingErrors,
    runIds: s.pendingRunIds,
    since: later(s.lastImmediateAt, s.lastDigestAt),
    next: {
      ...s,
      pendingCount: 0,
      pendingErrors: {},
      pendingRunIds: [],
      digestDueAt: null,
      lastDigestAt: now,
      alerted: s.failingSince !== null ? true : s.alerted,
    },
  };
}

import { describe, expect, it } from 'vitest';
import { decideDigest, decideFailure, decideSuccess, EMPTY_ALERT_STATE, OTHER_ERRORS, type AlertState } from './alert-policy';

const HOUR = 3_600_000;
const t0 = new Date('2026-12-01T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const fail = (s: AlertState, ms: number, message = 'boom', autoPauseAfter: number | null = null) =>
  decideFailure(s, { now: at(ms), runId: `r${ms}`, message, windowMs: HOUR, autoPauseAfter });

describe('alert policy', () => {
  it('alerts the first failure at once and defers the rest to one digest per window', () => {
    const first = fail(EMPTY_ALERT_STATE, 0);
    expect(first).toMatchObject({ immediate: true, digestAt: null });
    const second = fail(first.next, 1000);
    expect(second).toMatchObject({ immediate: false, digestAt: at(HOUR) });
    const third = fail(second.next, 2000, 'other');
    expect(third.digestAt).toBeNull();
    expect(third.next.pendingErrors).toEqual({ boom: 1, other: 1 });
    const digest = decideDigest(third.next, at(HOUR));
    expect(digest).toMatchObject({ kind: 'send', count: 2, runIds: ['r2000', 'r1000'] });
    // Still failing after the digest: the next failure waits a full window after that digest.
    if (digest.kind !== 'send') throw new Error('no digest');
    expect(fail(digest.next, HOUR + 1000)).toMatchObject({ immediate: false, digestAt: at(2 * HOUR) });
  });

  it('never sends two immediate alerts within one window, even across a recovery', () => {
    const first = fail(EMPTY_ALERT_STATE, 0);
    const recovered = decideSuccess(first.next);
    expect(recovered.recovered).toBe(true);
    expect(fail(recovered.next, 60_000).immediate).toBe(false);
    expect(fail(recovered.next, HOUR).immediate).toBe(true);
  });

  it('caps the distinct errors and auto-pauses after N in a row, counting again from 0', () => {
    let s = fail(EMPTY_ALERT_STATE, 0).next;
    for (let i = 1; i <= 30; i++) s = fail(s, i, `error ${i}`).next;
    expect(Object.keys(s.pendingErrors)).toHaveLength(21);
    expect(s.pendingErrors[OTHER_ERRORS]).toBe(10);
    const paused = fail({ ...EMPTY_ALERT_STATE, consecutiveFailures: 4 }, 0, 'x', 5);
    expect(paused).toMatchObject({ autoPause: true, next: { consecutiveFailures: 0 } });
    expect(decideSuccess(EMPTY_ALERT_STATE).recovered).toBe(false);
  });
});

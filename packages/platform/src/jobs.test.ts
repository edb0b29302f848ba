import { describe, expect, it } from 'vitest';
import { InvalidJobError, JOB_BACKOFF_MAX_MS, JOB_NAMES, jobBackoffDelay, jobs, parseJob } from './jobs';

describe('job catalogue', () => {
  it('has the five queues, each with a schema, attempts and backoff', () => {
    expect([...JOB_NAMES].sort()).toEqual(['alert', 'mail', 'maintenance', 'poll', 'run', 'schedule']);
    for (const name of JOB_NAMES) {
      expect(jobs[name].attempts).toBeGreaterThanOrEqual(1);
      expect(['fixed', 'jittered']).toContain(jobs[name].backoff.type);
    }
  });

  it("'jittered' is the SDK's backoffDelay: about the delay for the first retry, doubling, capped", () => {
    for (let i = 0; i < 100; i++) {
      const first = jobBackoffDelay(1, 'jittered', 1000);
      expect(first).toBeGreaterThanOrEqual(500);
      expect(first).toBeLessThanOrEqual(1000);
      const fourth = jobBackoffDelay(4, 'jittered', 1000);
      expect(fourth).toBeGreaterThanOrEqual(4000);
      expect(fourth).toBeLessThanOrEqual(8000);
      expect(jobBackoffDelay(40, 'jittered', 1000)).toBeLessThanOrEqual(JOB_BACKOFF_MAX_MS);
    }
    expect(() => jobBackoffDelay(1, 'linear', 1000)).toThrow(/unknown backoff type "linear"/);
  });

  it('parses payloads and applies defaults', () => {
    expect(parseJob('run', { workspaceId: 'w1', runId: 'r1' })).toEqual({ workspaceId: 'w1', runId: 'r1', deferrals: 0 });
    expect(parseJob('maintenance', { task: 'retention' })).toEqual({ task: 'retention' });
    expect(parseJob('mail', { mailId: 'm1' })).toEqual({ mailId: 'm1', workspaceId: null });
  });

  it('rejects a bad payload with an error naming the field', () => {
    expect(() => parseJob('poll', { workspaceId: 'w1' })).toThrow(InvalidJobError);
    expect(() => parseJob('poll', { workspaceId: 'w1' })).toThrow(/konnectorId/);
    expect(() => parseJob('run', { workspaceId: 'w', runId: 'r', deferrals: -1 })).toThrow(/deferrals/);
    expect(() => parseJob('maintenance', { task: 'explode' })).toThrow(/invalid maintenance job payload: task/);
    expect(() => parseJob('schedule', null)).toThrow(/schedule/);
  });
});

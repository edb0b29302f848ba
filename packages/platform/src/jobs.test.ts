import { describe, expect, it } from 'vitest';
import { InvalidJobError, JOB_NAMES, jobs, parseJob } from './jobs';

describe('job catalogue', () => {
  it('has the four queues, each with a schema, attempts and backoff', () => {
    expect(JOB_NAMES.sort()).toEqual(['maintenance', 'poll', 'run', 'schedule']);
    for (const name of JOB_NAMES) {
      expect(jobs[name].attempts).toBeGreaterThanOrEqual(1);
      expect(['fixed', 'exponential']).toContain(jobs[name].backoff.type);
    }
  });

  it('parses payloads and applies defaults', () => {
    expect(parseJob('run', { workspaceId: 'w1', runId: 'r1' })).toEqual({ workspaceId: 'w1', runId: 'r1', deferrals: 0 });
    expect(parseJob('maintenance', { task: 'sweep' })).toEqual({ task: 'sweep' });
  });

  it('rejects a bad payload with an error naming the field', () => {
    expect(() => parseJob('poll', { workspaceId: 'w1' })).toThrow(InvalidJobError);
    expect(() => parseJob('poll', { workspaceId: 'w1' })).toThrow(/konnectorId/);
    expect(() => parseJob('run', { workspaceId: 'w', runId: 'r', deferrals: -1 })).toThrow(/deferrals/);
    expect(() => parseJob('maintenance', { task: 'explode' })).toThrow(/invalid maintenance job payload: task/);
    expect(() => parseJob('schedule', null)).toThrow(/schedule/);
  });
});

import { describe, expect, it } from 'vitest';
import { cellProblems, markdownTable, type Cell } from './webhook-path-report';

const cpu = { seconds: { web: 1, worker: 2 }, pctOfOneCore: { web: 10, worker: 20 }, systemBusyPct: 50, wallSeconds: 10 };

/** A healthy B cell at c=10: 100 answered 202, 105 runs (5 answers wrk did not read), all succeeded, 105 stub POSTs. */
function cell(over: { wrk?: Partial<Cell['wrk']>; runs?: Partial<Cell['runs']>; stubPosts?: number; shape?: 'a' | 'b' } = {}): Omit<Cell, 'problems'> {
  return {
    shape: over.shape ?? 'b',
    concurrency: 10,
    hooks: 1,
    wrk: { requests: 100, duration_us: 10e6, p50_us: 5000, p90_us: 8000, p99_us: 9000, max_us: 12000, connect: 0, read: 0, write: 0, status: 0, timeout: 0, statuses: { '202': 100 }, answered202: 100, ...over.wrk },
    runs: {
      total: 105, succeeded: 105, pending: 0, firstCreatedMs: 0, lastFinishedMs: 10_000,
      statuses: { succeeded: 105 }, stepRecords: { '3': 105 }, hookToFinishedP50Ms: 10, hookToFinishedP99Ms: 20, answeredNotSucceeded: 0, answeredTwice: 0,
      ...over.runs,
    },
    expectedStepRecords: 3,
    runsCompletedPerS: 10.5,
    runsCompletedPerSHarness: 10.5,
    drainS: 0,
    cpuDuringLoad: cpu,
    cpuLoadAndDrain: cpu,
    cpuMsPerRun: { web: 9.5, worker: 19 },
    redisCommandsPerRun: 60,
    pgXactsPerRun: 3,
    pgRowsWrittenPerRun: 8,
    walBytesPerRunUpperBound: 4000,
    stubPosts: over.stubPosts ?? 105,
  };
}

describe('webhook-path cell checks', () => {
  it('accepts a cell where every answered run succeeded once and the stub got one POST per run', () => {
    expect(cellProblems(cell())).toEqual([]);
  });

  it('counts 429s without failing the cell', () => {
    expect(cellProblems(cell({ wrk: { statuses: { '202': 100, '429': 40 } } }))).toEqual([]);
  });

  it('fails on error answers and socket errors', () => {
    const problems = cellProblems(cell({ wrk: { statuses: { '202': 100, '500': 2, '404': 1 }, timeout: 3 } }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/2× 500/);
    expect(problems[0]).toMatch(/1× 404/);
    expect(problems[1]).toMatch(/timeout 3/);
  });

  it('fails when an answered run did not succeed (lost) or a run failed', () => {
    const problems = cellProblems(cell({ runs: { succeeded: 104, statuses: { succeeded: 104, failed: 1 }, answeredNotSucceeded: 1 }, stubPosts: 104 }));
    expect(problems.join('\n')).toMatch(/lost: 1 runs answered 202/);
    expect(problems.join('\n')).toMatch(/1 failed/);
  });

  it('fails when there are more runs than answers plus the requests wrk left unread (duplicated)', () => {
    expect(cellProblems(cell({ runs: { total: 111, succeeded: 111, statuses: { succeeded: 111 }, stepRecords: { '3': 111 } }, stubPosts: 111 })).join('\n')).toMatch(/duplicated: 11 runs more than 202 answers/);
  });

  it('fails when the stub POSTs differ from the succeeded runs (B only)', () => {
    expect(cellProblems(cell({ stubPosts: 106 })).join('\n')).toMatch(/106 POSTs for 105 succeeded runs \(duplicated\)/);
    expect(cellProblems(cell({ stubPosts: 104 })).join('\n')).toMatch(/\(lost\)/);
    expect(cellProblems(cell({ shape: 'a', stubPosts: 0 }))).toEqual([]);
  });

  it('fails when a run has more step records than its steps (a step ran twice)', () => {
    expect(cellProblems(cell({ runs: { stepRecords: { '3': 104, '4': 1 } } })).join('\n')).toMatch(/1 with 4/);
  });

  it('fails when nothing was accepted', () => {
    expect(cellProblems(cell({ wrk: { statuses: { '429': 100 }, answered202: 0 }, runs: { total: 0, succeeded: 0, statuses: {}, stepRecords: {} }, stubPosts: 0 })).join('\n')).toMatch(/no hook was accepted/);
  });

  it('marks a failed cell in the table', () => {
    const ok = { ...cell(), problems: [] };
    const broken = { ...cell({ stubPosts: 1 }), problems: ['x'] };
    const table = markdownTable([ok, broken]).split('\n');
    expect(table).toHaveLength(4);
    expect(table[2]).toMatch(/\| ok \|$/);
    expect(table[3]).toMatch(/\| FAILED \|$/);
  });
});

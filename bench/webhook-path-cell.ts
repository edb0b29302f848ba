/**
 * One cell of bench/webhook-path.ts: a shape's konnectors loaded with wrk at one concurrency on an
 * empty event log, the drain, and every figure and check of the cell (webhook-path-report.ts).
 */
import type { Redis } from 'ioredis';
import type { Db } from '@konnect/db';
import { stepsPerRun, type SetStyle, type Shape } from './webhook-path-api';
import { pgCounters, redisCommands, resetRuns, runFacts, runFixedRate, runWrk, waitForDrain } from './webhook-path-measure';
import { cpuBetween, cpuSnapshot, type CpuGroups } from './webhook-path-procs';
import { cellProblems, type Cell } from './webhook-path-report';

export interface CellSetup {
  db: Db;
  redis: Redis;
  groups: CpuGroups;
  stubPosts(): Promise<number>;
  /** Throws when a product process has exited. */
  stillRunning(): void;
  durationS: number;
  drainTimeoutS: number;
  /** Calls a second of an open-loop load (runFixedRate) instead of wrk's closed loop at the cell's concurrency. */
  rate?: number;
  style: SetStyle;
}

export async function measureCell(setup: CellSetup, shape: Shape, konnectors: { ids: string[]; urls: string[] }, concurrency: number): Promise<Cell> {
  const { db, redis, groups } = setup;
  const groupNames = Object.keys(groups);
  await resetRuns(db);
  const [posts0, redis0, pg0] = [await setup.stubPosts(), await redisCommands(redis), await pgCounters(db)];
  const cpu0 = cpuSnapshot(groups);
  const w = setup.rate ? await runFixedRate(konnectors.urls, setup.rate, setup.durationS) : await runWrk(konnectors.urls, concurrency, setup.durationS);
  const wrkEnd = Date.now();
  const cpu1 = cpuSnapshot(groups);
  const { counts } = await waitForDrain(db, konnectors.ids, setup.drainTimeoutS, setup.stillRunning);
  const cpu2 = cpuSnapshot(groups);
  const [posts1, redis1] = [await setup.stubPosts(), await redisCommands(redis)];
  // PostgreSQL publishes an idle backend's counters within 10 s (PGSTAT_IDLE_INTERVAL).
  await new Promise((r) => setTimeout(r, 11_000));
  const pg1 = await pgCounters(db);
  const facts = await runFacts(db, konnectors.ids, w.runIds);
  const { runIds, ...summary } = w;
  const created = Math.max(1, counts.total);
  const drainS = counts.lastFinishedMs !== null ? Math.max(0, counts.lastFinishedMs - wrkEnd) / 1000 : 0;
  const span = counts.firstCreatedMs !== null && counts.lastFinishedMs !== null ? (counts.lastFinishedMs - counts.firstCreatedMs) / 1000 : NaN;
  const cpuLoadAndDrain = cpuBetween(cpu0, cpu2, groupNames);
  const cell: Omit<Cell, 'problems'> = {
    shape,
    concurrency,
    hooks: konnectors.ids.length,
    wrk: { ...summary, answered202: runIds.length },
    runs: { ...counts, ...facts },
    expectedStepRecords: stepsPerRun(shape, setup.style),
    runsCompletedPerS: counts.succeeded / span,
    runsCompletedPerSHarness: counts.succeeded / (w.duration_us / 1e6 + drainS),
    drainS,
    cpuDuringLoad: cpuBetween(cpu0, cpu1, groupNames),
    cpuLoadAndDrain,
    cpuMsPerRun: Object.fromEntries(Object.entries(cpuLoadAndDrain.seconds).map(([g, s]) => [g, (s * 1000) / created])),
    redisCommandsPerRun: (redis1 - redis0) / created,
    pgXactsPerRun: (pg1.xacts - pg0.xacts) / created,
    pgRowsWrittenPerRun: (pg1.rowsWritten - pg0.rowsWritten) / created,
    walBytesPerRunUpperBound: (pg1.walBytes - pg0.walBytes) / created,
    stubPosts: posts1 - posts0,
  };
  return { ...cell, problems: cellProblems(cell) };
}

/** The cell's line while the bench runs. */
export function cellLine(c: Cell): string {
  const w = c.wrk;
  return (
    `  ${c.shape.toUpperCase()} c=${c.concurrency}: ${(w.requests / (w.duration_us / 1e6)).toFixed(1)} req/s, p50 ${(w.p50_us / 1000).toFixed(1)} ms, p99 ${(w.p99_us / 1000).toFixed(1)} ms, ` +
    `statuses ${JSON.stringify(w.statuses)}; runs ${c.runs.succeeded}/${c.runs.total} → ${c.runsCompletedPerS.toFixed(1)} runs/s ` +
    `(${c.runsCompletedPerSHarness.toFixed(1)} as the harness counts: over wrk's time + drain), drain ${c.drainS.toFixed(2)} s` +
    (c.problems.length ? `\n    FAILED: ${c.problems.join('; ')}` : '')
  );
}

/**
 * One measured cell of bench/webhook-path.ts (a shape at a concurrency), the checks that make a
 * cell count (nothing lost, nothing duplicated, no error answers), and the table it prints.
 */
import type { CpuUse } from './webhook-path-procs';
import type { RunCounts, RunFacts, WrkSummary } from './webhook-path-measure';

export interface Cell {
  shape: 'a' | 'b';
  concurrency: number;
  hooks: number;
  wrk: Omit<WrkSummary, 'runIds'> & { answered202: number };
  runs: RunCounts & RunFacts;
  expectedStepRecords: number;
  /** From the first run created to the last run finished. */
  runsCompletedPerS: number;
  /** The harness's "exec completed/s (incl. drain)": runs finished / (wrk's duration + drain). */
  runsCompletedPerSHarness: number;
  /** The last run finished − wrk's end (0 when every run had finished). */
  drainS: number;
  /** CPU while wrk ran (% of one core, as the harness) and over load + drain (ms per run created). */
  cpuDuringLoad: CpuUse;
  cpuLoadAndDrain: CpuUse;
  cpuMsPerRun: Record<string, number>;
  redisCommandsPerRun: number;
  pgXactsPerRun: number;
  pgRowsWrittenPerRun: number;
  /** Server-wide WAL (other databases on the server included): an upper bound. */
  walBytesPerRunUpperBound: number;
  stubPosts: number;
  problems: string[];
}

/** What must hold for a cell's figures to count; each broken rule is a sentence. */
export function cellProblems(c: Omit<Cell, 'problems'>): string[] {
  const p: string[] = [];
  const w = c.wrk;
  const errorAnswers = Object.entries(w.statuses).filter(([s]) => s !== '202' && s !== '429');
  if (errorAnswers.length > 0) p.push(`answers other than 202/429: ${errorAnswers.map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  const socket = w.connect + w.read + w.write + w.timeout;
  if (socket > 0) p.push(`wrk socket errors: connect ${w.connect}, read ${w.read}, write ${w.write}, timeout ${w.timeout}`);
  if (w.answered202 === 0) p.push('no hook was accepted (no 202 answer)');
  if (c.runs.answeredNotSucceeded > 0) p.push(`lost: ${c.runs.answeredNotSucceeded} runs answered 202 have no succeeded run`);
  if (c.runs.answeredTwice > 0) p.push(`duplicated: ${c.runs.answeredTwice} run ids were answered twice`);
  const unanswered = c.runs.total - w.answered202;
  if (unanswered > c.concurrency) p.push(`duplicated: ${unanswered} runs more than 202 answers (wrk leaves at most ${c.concurrency} requests unread at its end)`);
  const notOk = Object.entries(c.runs.statuses).filter(([s]) => s !== 'succeeded');
  if (notOk.length > 0) p.push(`runs not succeeded: ${notOk.map(([s, n]) => `${n} ${s}`).join(', ')}`);
  const badSteps = Object.entries(c.runs.stepRecords).filter(([n]) => Number(n) !== c.expectedStepRecords);
  if (badSteps.length > 0) p.push(`runs with other than ${c.expectedStepRecords} step records: ${badSteps.map(([n, k]) => `${k} with ${n}`).join(', ')}`);
  if (c.shape === 'b' && c.stubPosts !== c.runs.succeeded) p.push(`the stub got ${c.stubPosts} POSTs for ${c.runs.succeeded} succeeded runs (${c.stubPosts > c.runs.succeeded ? 'duplicated' : 'lost'})`);
  return p;
}

const f0 = (n: number | null) => (n === null || !Number.isFinite(n) ? '–' : n.toFixed(0));
const f1 = (n: number | null) => (n === null || !Number.isFinite(n) ? '–' : n.toFixed(1));
const f2 = (n: number | null) => (n === null || !Number.isFinite(n) ? '–' : n.toFixed(2));

/** The process groups in the order the table lists them (those present). */
export function groupsShown(cells: readonly Cell[]): string[] {
  const order = ['web', 'ingress', 'worker', 'postgres', 'redis', 'stub'];
  return order.filter((g) => cells.some((c) => g in c.cpuDuringLoad.seconds));
}

export function markdownTable(cells: readonly Cell[]): string {
  const groups = groupsShown(cells);
  const head = [
    'shape', 'conc', 'req/s', '202 / 429 / other', 'answer p50 ms', 'answer p99 ms', 'runs ok / created', 'runs completed/s', 'hook→finished p50 ms', 'hook→finished p99 ms', 'drain s',
    `CPU % of 1 core during load (${groups.join(' / ')})`, 'system busy %', `CPU ms per run (${groups.join(' / ')})`, 'Redis cmds/run', 'pg xacts/run', 'stub POSTs', 'check',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const c of cells) {
    const other = Object.entries(c.wrk.statuses).filter(([s]) => s !== '202' && s !== '429').reduce((a, [, n]) => a + n, 0);
    lines.push(
      `| ${c.shape.toUpperCase()}${c.hooks > 1 ? ` (${c.hooks} hooks)` : ''} | ${c.concurrency} | ${f1(c.wrk.requests / (c.wrk.duration_us / 1e6))} | ${c.wrk.answered202} / ${c.wrk.statuses['429'] ?? 0} / ${other} | ` +
        `${f1(c.wrk.p50_us / 1000)} | ${f1(c.wrk.p99_us / 1000)} | ${c.runs.succeeded} / ${c.runs.total} | ${f1(c.runsCompletedPerS)} | ${f1(c.runs.hookToFinishedP50Ms)} | ${f1(c.runs.hookToFinishedP99Ms)} | ${f2(c.drainS)} | ` +
        `${groups.map((g) => f0(c.cpuDuringLoad.pctOfOneCore[g] ?? null)).join(' / ')} | ${f0(c.cpuDuringLoad.systemBusyPct)} | ${groups.map((g) => f2(c.cpuMsPerRun[g] ?? null)).join(' / ')} | ` +
        `${f1(c.redisCommandsPerRun)} | ${f1(c.pgXactsPerRun)} | ${c.shape === 'b' ? c.stubPosts : '–'} | ${c.problems.length === 0 ? 'ok' : 'FAILED'} |`,
    );
  }
  return lines.join('\n');
}

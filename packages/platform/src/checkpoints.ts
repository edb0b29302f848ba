/**
 * The engine's checkpoint store on RunStep: one row per (runId, stepId, iteration), upserted,
 * with `seq` giving the order steps ran in. Payload fields above the size limit are stored as a
 * truncation marker (truncate.ts). `load` returns the saved records in order; the engine resumes
 * after the last succeeded/filtered ones.
 */
import { randomUUID } from 'node:crypto';
import { Prisma, type Db } from '@konnect/db';
import { StepError, StepRecord } from '@konnect/schemas';
import type { Scrubber } from './secrets';
import { DEFAULT_FIELD_LIMIT_BYTES, limitLogs, limitedJson } from './truncate';

export interface CheckpointStore {
  load(): Promise<StepRecord[]>;
  save(record: StepRecord): Promise<void>;
}

// Every step type the record schema knows (a row of an unknown type reads as an action).
const STEP_TYPES = new Set<StepRecord['type']>(StepRecord.shape.type.options);

interface RunStepRow {
  stepId: string;
  iteration: string;
  type: string;
  status: StepRecord['status'];
  input: unknown;
  output: unknown;
  error: unknown;
  logs: unknown;
  attempts: number;
  durationMs: number;
  startedAt: Date;
  seq: number;
}

export function rowToRecord(row: RunStepRow): StepRecord {
  const type = STEP_TYPES.has(row.type as StepRecord['type']) ? (row.type as StepRecord['type']) : 'action';
  const record: StepRecord = {
    stepId: row.stepId,
    iteration: row.iteration,
    type,
    status: row.status,
    input: row.input ?? undefined,
    output: row.output ?? undefined,
    logs: Array.isArray(row.logs) ? row.logs.filter((l): l is string => typeof l === 'string') : [],
    attempts: row.attempts,
    durationMs: row.durationMs,
    startedAt: row.startedAt.toISOString(),
  };
  if (row.error !== null && row.error !== undefined) {
    const parsed = StepError.safeParse(row.error);
    record.error = parsed.success
      ? parsed.data
      : { kind: 'engine', message: 'the stored error could not be read', stepId: row.stepId, retryable: false };
  }
  return record;
}

const limitedValue = (value: unknown, limit: number): unknown => JSON.parse(limitedJson(value, limit) ?? 'null');

/** The error as stored: the bodies of its HTTP exchange (which may be large) are size-limited too. */
export function storedError(error: StepError, limit = DEFAULT_FIELD_LIMIT_BYTES): StepError {
  const { exchange } = error;
  if (!exchange) return { ...error, message: error.message.slice(0, 4000) };
  const request = { ...exchange.request, ...(exchange.request.body !== undefined ? { body: limitedValue(exchange.request.body, limit) } : {}) };
  const response = exchange.response
    ? { ...exchange.response, ...(exchange.response.body !== undefined ? { body: limitedValue(exchange.response.body, limit) } : {}) }
    : undefined;
  return { ...error, message: error.message.slice(0, 4000), exchange: { request, ...(response ? { response } : {}) } };
}

function errorJson(error: StepRecord['error'], limit: number, scrub: Scrubber | undefined): string | null {
  if (!error) return null;
  return JSON.stringify(storedError(scrub ? scrub.value(error) : error, limit));
}

export interface CheckpointOptions {
  fieldLimitBytes?: number;
  /** Secret redaction applied to every field before it is written (and before it is truncated). */
  scrub?: Scrubber;
}

export interface StepRow {
  record: StepRecord;
  seq: number;
}

/** Columns of many step records (of one run or several), for one multi-row upsert. */
export interface StepColumns {
  ids: string[];
  runIds: string[];
  stepIds: string[];
  iterations: string[];
  types: string[];
  statuses: string[];
  inputs: (string | null)[];
  outputs: (string | null)[];
  errors: (string | null)[];
  logs: string[];
  attempts: number[];
  durations: number[];
  seqs: number[];
  startedAts: string[];
}

/** The step records of one run as columns, scrubbed and size-limited as they will be stored. */
export function stepColumns(runId: string, rows: readonly StepRow[], limit: number, scrub: Scrubber | undefined): StepColumns {
  const json = scrub ? (text: string) => scrub.json(text) : undefined;
  const line = scrub ? (text: string) => scrub.text(text) : (text: string) => text;
  return {
    ids: rows.map(() => randomUUID()),
    runIds: rows.map(() => runId),
    stepIds: rows.map((r) => r.record.stepId),
    iterations: rows.map((r) => r.record.iteration),
    types: rows.map((r) => r.record.type),
    statuses: rows.map((r) => r.record.status),
    inputs: rows.map((r) => limitedJson(r.record.input, limit, json)),
    // An action's output was scrubbed before later steps saw it (redactOutput): its JSON is reused, not scanned twice.
    outputs: rows.map((r) => limitedJson(r.record.output, limit, json, scrub?.cleanJson(r.record.output))),
    errors: rows.map((r) => errorJson(r.record.error, limit, scrub)),
    logs: rows.map((r) => JSON.stringify(limitLogs(r.record.logs.map(line)))),
    attempts: rows.map((r) => Math.max(0, Math.round(r.record.attempts))),
    durations: rows.map((r) => Math.max(0, Math.round(r.record.durationMs))),
    seqs: rows.map((r) => r.seq),
    startedAts: rows.map((r) => {
      const at = new Date(r.record.startedAt);
      return (Number.isNaN(at.getTime()) ? new Date() : at).toISOString();
    }),
  };
}

/** Several runs' columns as one set. */
export function joinStepColumns(parts: readonly StepColumns[]): StepColumns {
  const keys = ['ids', 'runIds', 'stepIds', 'iterations', 'types', 'statuses', 'inputs', 'outputs', 'errors', 'logs', 'attempts', 'durations', 'seqs', 'startedAts'] as const;
  const out = Object.fromEntries(keys.map((k) => [k, parts.flatMap((p) => p[k] as unknown[])]));
  return out as unknown as StepColumns;
}

/**
 * The upsert of step records given as columns, as an SQL fragment (no rows: inserts nothing). A
 * step lives in its run's partition: `runCreatedAt` comes from the run's RunEventKey row (one index
 * probe); a run that no longer exists gets no steps.
 */
export function stepColumnsUpsertSql(c: StepColumns): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "RunStep" ("id", "runId", "stepId", "iteration", "type", "status", "input", "output", "error", "logs", "attempts", "durationMs", "seq", "startedAt",
      "runCreatedAt")
    SELECT s.id, s.run_id, s.step_id, s.iteration, s.type, s.status::"StepStatus", s.input::jsonb, s.output::jsonb, s.error::jsonb, s.logs::jsonb,
      s.attempts, s.duration, s.seq, (s.started_at::timestamptz AT TIME ZONE 'UTC'), k."createdAt"
    FROM unnest(${c.ids}::text[], ${c.runIds}::text[], ${c.stepIds}::text[], ${c.iterations}::text[], ${c.types}::text[], ${c.statuses}::text[],
      ${c.inputs}::text[], ${c.outputs}::text[], ${c.errors}::text[], ${c.logs}::text[], ${c.attempts}::int[], ${c.durations}::int[],
      ${c.seqs}::int[], ${c.startedAts}::text[])
      AS s(id, run_id, step_id, iteration, type, status, input, output, error, logs, attempts, duration, seq, started_at)
    JOIN "RunEventKey" k ON k."runId" = s.run_id
    ON CONFLICT ("runId", "stepId", "iteration", "runCreatedAt") DO UPDATE SET
      "type" = EXCLUDED."type", "status" = EXCLUDED."status", "input" = EXCLUDED."input", "output" = EXCLUDED."output",
      "error" = EXCLUDED."error", "logs" = EXCLUDED."logs", "attempts" = EXCLUDED."attempts",
      "durationMs" = EXCLUDED."durationMs", "seq" = EXCLUDED."seq", "startedAt" = EXCLUDED."startedAt"`;
}

/** The upsert of one run's step records as an SQL fragment. */
export function stepsUpsertSql(runId: string, rows: readonly StepRow[], limit: number, scrub?: Scrubber): Prisma.Sql {
  return stepColumnsUpsertSql(stepColumns(runId, rows, limit, scrub));
}

/** Inserts or replaces step records in one statement (upsert on (runId, stepId, iteration)). */
export async function writeSteps(db: Pick<Db, '$executeRaw'>, runId: string, rows: readonly StepRow[], opts: CheckpointOptions = {}): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw(stepsUpsertSql(runId, rows, opts.fieldLimitBytes ?? DEFAULT_FIELD_LIMIT_BYTES, opts.scrub));
}

/** Inserts or replaces one step record. */
export async function writeStep(db: Pick<Db, '$executeRaw'>, runId: string, record: StepRecord, seq: number, opts: CheckpointOptions = {}): Promise<void> {
  await writeSteps(db, runId, [{ record, seq }], opts);
}

export async function loadSteps(db: Db, runId: string): Promise<StepRecord[]> {
  const rows = await db.runStep.findMany({ where: { runId }, orderBy: [{ seq: 'asc' }, { startedAt: 'asc' }] });
  return rows.map(rowToRecord);
}

export interface RunCheckpoints extends CheckpointStore {
  /**
   * Records saved but not yet written, once a write in progress has ended (the run-finishing
   * statement writes them). Stops the hold timer.
   */
  pending(): Promise<StepRow[]>;
  /** Writes the pending records. */
  flush(): Promise<void>;
  /**
   * Writes the pending records if an action's record is among them; call before anything with a
   * side effect starts (the next action), so no action can run before the previous one is durable.
   */
  settle(): Promise<void>;
}

export interface StoreOptions extends CheckpointOptions {
  /** The run never executed and has no copied checkpoints: skip the initial load. */
  fresh?: boolean;
  /**
   * Hold an action's record in the buffer for up to this long instead of writing it at once: the
   * next `settle()`, the run's end or the time running out writes it. Only for a caller that calls
   * `settle()` before every side effect (run.ts does, before an action may use its connection).
   */
  holdActionsMs?: number;
}

const isAction = (row: StepRow) => row.record.type === 'action';
const sameStep = (a: StepRow, b: StepRow) => a.record.stepId === b.record.stepId && a.record.iteration === b.record.iteration;

/**
 * The rows without the action records that a later row of the same step replaces (an action saves
 * its attempts before a retry, then its outcome): one multi-row upsert may not touch a row twice.
 */
function latestOnly(rows: StepRow[]): StepRow[] {
  return rows.filter((row, i) => !isAction(row) || !rows.some((later, j) => j > i && sameStep(later, row)));
}

/**
 * The checkpoint store for one run. Pure records (filter, path, code, repeater bookkeeping) wait
 * in a buffer for the next action or the end of the run (`pending()`, written by the
 * run-finishing statement, or `flush()`): lost in a crash, they are simply computed again. An
 * action's record is written at once, with the pure records before it, in one statement. With
 * `holdActionsMs` it waits too, at most that long: written by the next `settle()` (before another
 * action can start), with the run's final status (a run whose last action is its last step writes
 * all of its records and its status in one statement), or when the time runs out. Either way no
 * action starts before the previous action's record is durable. Writes are serialised; a failed
 * one puts its records back in the buffer.
 */
export function checkpointStore(db: Db, runId: string, opts: StoreOptions = {}): RunCheckpoints {
  let nextSeq: number | undefined = opts.fresh ? 0 : undefined;
  let buffer: StepRow[] = [];
  let holdsAction = false;
  let writes: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const seqStart = async (): Promise<number> => {
    const agg = await db.runStep.aggregate({ where: { runId }, _max: { seq: true } });
    return (agg._max.seq ?? -1) + 1;
  };
  const stopTimer = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const writeBuffer = async () => {
    const rows = buffer;
    buffer = [];
    holdsAction = false;
    try {
      await writeSteps(db, runId, rows, opts);
    } catch (err) {
      buffer = latestOnly([...rows, ...buffer]);
      holdsAction ||= rows.some(isAction);
      throw err;
    }
  };
  const flush = (): Promise<void> => {
    stopTimer();
    writes = writes.catch(() => undefined).then(writeBuffer);
    return writes;
  };
  const idle = () => writes.catch(() => undefined);
  return {
    async load() {
      if (opts.fresh) return [];
      const rows = await db.runStep.findMany({ where: { runId }, orderBy: [{ seq: 'asc' }, { startedAt: 'asc' }] });
      nextSeq = rows.reduce((max, r) => Math.max(max, r.seq + 1), 0);
      return rows.map(rowToRecord);
    },
    async save(record) {
      nextSeq ??= await seqStart();
      const row = { record, seq: nextSeq++ };
      // An action's outcome replaces its attempts saved before a retry, if those still wait here.
      if (isAction(row)) buffer = buffer.filter((held) => !sameStep(held, row));
      buffer.push(row);
      if (record.type !== 'action') return;
      holdsAction = true;
      if (opts.holdActionsMs === undefined) return flush();
      timer ??= setTimeout(() => {
        timer = undefined;
        flush().catch(() => undefined); // the records stay buffered; the next settle or the end writes them
      }, opts.holdActionsMs);
      timer.unref();
    },
    async pending() {
      stopTimer();
      await idle();
      return buffer;
    },
    flush,
    async settle() {
      await idle();
      if (holdsAction) await flush();
    },
  };
}

/**
 * The event log's partitions (migration 20261207180000_partition_runs). Run and RunStep are
 * partitioned by day on the run's creation time (`Run.createdAt`, `RunStep.runCreatedAt`):
 * `Run_pYYYYMMDD` and `RunStep_pYYYYMMDD` cover one UTC day each, created `DAYS_AHEAD` days ahead;
 * `Run_default` / `RunStep_default` take any row no partition covers (a day not created yet, a
 * clock far off), so an insert never fails; `Run_legacy` / `RunStep_legacy` are the tables as they
 * were before partitioning, covering everything up to the migration's day.
 *
 * Why a day: at 10 M runs a day a daily partition holds ~10 M runs and their steps, small enough
 * to index and vacuum quickly, and retention frees one day at a time with a DROP instead of
 * deleting 10 M rows; a small instance gets ~40 small tables, which costs nothing noticeable
 * (planning time grows with partitions, but 40 is far from where that matters). A week or a month
 * would make retention keep up to that much extra data, for no gain at either size.
 *
 * Retention (`dropOldRunPartitions`): a day partition entirely older than the horizon is detached
 * and dropped with its RunStep partition. Its unfinished runs (`queued`, `running`, `waiting`: a
 * Delay waits up to 30 days) are first put back into the log, with their steps: the day is no
 * longer covered then, so they land in the default partition, where they stay until they finish
 * and are trimmed. A partition straddling the horizon waits for the next pass (runs live at most a
 * day longer than the retention setting); the default and legacy partitions are trimmed with
 * batched DELETEs, like the whole table was before.
 */
import { Prisma } from '@konnect/db';
import type { Platform } from './platform';

export const DAYS_AHEAD = 7;
const DAY_MS = 86_400_000;
/**
 * DDL on the event log waits at most this long for a lock, then rolls back and tries again a little
 * later. Shorter than PostgreSQL's deadlock_timeout (1 s): when the DDL and a run's statement wait
 * for each other (it holds RunStep and wants Run, say), the DDL always gives way, never the run.
 * Queries arriving meanwhile wait behind the DDL's request for at most this long.
 */
const LOCK_TIMEOUT = '500ms';
const DDL_ATTEMPTS = 10;

type Tx = Parameters<Parameters<Platform['db']['$transaction']>[0]>[0];

/** One DDL transaction on the event log, retried when a lock could not be had in time (or a deadlock chose it). */
async function eventLogDdl<T>(p: Platform, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await p.db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
          return fn(tx);
        },
        { timeout: 120_000, maxWait: 30_000 },
      );
    } catch (err) {
      const text = String((err as { message?: unknown })?.message ?? err);
      const contended = /lock timeout|canceling statement due to lock timeout|deadlock detected|55P03|40P01/i.test(text);
      if (!contended || attempt >= DDL_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt + Math.random() * 300));
    }
  }
}
const UNFINISHED = `('queued', 'running', 'waiting')`;

interface Bound {
  name: string;
  /** null: MINVALUE (the legacy partition) */
  from: Date | null;
  to: Date | null;
  isDefault: boolean;
}

const day = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const suffix = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
/** A timestamp(3) literal in UTC, as the columns store them. */
const ts = (d: Date) => `'${d.toISOString().replace('T', ' ').replace('Z', '')}'::timestamp`;
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

function parseBound(expr: string): Omit<Bound, 'name'> {
  if (expr === 'DEFAULT') return { from: null, to: null, isDefault: true };
  const m = /FROM \((MINVALUE|'([^']+)')\) TO \((MAXVALUE|'([^']+)')\)/.exec(expr);
  if (!m) throw new Error(`unexpected partition bound: ${expr}`);
  const at = (v?: string) => (v ? new Date(`${v.replace(' ', 'T')}Z`) : null);
  return { from: at(m[2]), to: at(m[4]), isDefault: false };
}

/** The partitions of "Run" (or "RunStep") with their bounds. */
export async function runPartitions(db: Platform['db'], table: 'Run' | 'RunStep' = 'Run'): Promise<Bound[]> {
  const rows = await db.$queryRawUnsafe<Array<{ name: string; bound: string }>>(`
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = '${quoted(table)}'::regclass`);
  return rows.map((r) => ({ name: r.name, ...parseBound(r.bound) })).sort((a, b) => (a.from?.getTime() ?? -Infinity) - (b.from?.getTime() ?? -Infinity));
}

/**
 * Creates the day partitions from today to `DAYS_AHEAD` days ahead that do not exist yet (a day
 * already covered, by the legacy partition for instance, is skipped). Rows the default partition
 * holds for such a day move into it. Returns the names of the Run partitions created.
 */
export async function ensureRunPartitions(p: Platform, opts: { now?: Date; daysAhead?: number; from?: Date } = {}): Promise<string[]> {
  const first = day(opts.from ?? opts.now ?? new Date());
  const last = day(new Date((opts.now ?? new Date()).getTime() + (opts.daysAhead ?? DAYS_AHEAD) * DAY_MS));
  const existing = await runPartitions(p.db);
  const created: string[] = [];
  for (let d = first; d <= last; d = new Date(d.getTime() + DAY_MS)) {
    const next = new Date(d.getTime() + DAY_MS);
    const covered = existing.some((b) => !b.isDefault && (b.from === null || b.from < next) && (b.to === null || b.to > d));
    if (covered) continue;
    await createDay(p, d, next);
    created.push(`Run_p${suffix(d)}`);
  }
  return created;
}

async function createDay(p: Platform, from: Date, to: Date): Promise<void> {
  const range = `FOR VALUES FROM (${ts(from)}) TO (${ts(to)})`;
  const names = { Run: quoted(`Run_p${suffix(from)}`), RunStep: quoted(`RunStep_p${suffix(from)}`) };
  const key = { Run: '"createdAt"', RunStep: '"runCreatedAt"' };
  await eventLogDdl(p, async (tx) => {
    // One creator at a time (this mode conflicts with itself, not with inserts or queries); another
    // process may have made the day meanwhile.
    await tx.$executeRawUnsafe(`LOCK TABLE ONLY "Run" IN SHARE UPDATE EXCLUSIVE MODE`);
    const [made] = await tx.$queryRawUnsafe<Array<{ n: number }>>(`SELECT (to_regclass('${names.Run}') IS NOT NULL)::int AS n`);
    if (made?.n) return;
    const [stray] = await tx.$queryRawUnsafe<Array<{ n: number }>>(`
      SELECT (EXISTS (SELECT 1 FROM "Run_default" WHERE "createdAt" >= ${ts(from)} AND "createdAt" < ${ts(to)})
        OR EXISTS (SELECT 1 FROM "RunStep_default" WHERE "runCreatedAt" >= ${ts(from)} AND "runCreatedAt" < ${ts(to)}))::int AS n`);
    if (stray?.n) {
      // The default partition holds rows of this day: take it out (a detached table has no
      // triggers, so the DELETE below cascades nothing), attach the day, move the rows, put it back.
      await tx.$executeRawUnsafe(`LOCK TABLE ONLY "Run", ONLY "RunStep" IN ACCESS EXCLUSIVE MODE`);
      await tx.$executeRawUnsafe(`ALTER TABLE "RunStep" DETACH PARTITION "RunStep_default"`);
      await tx.$executeRawUnsafe(`ALTER TABLE "Run" DETACH PARTITION "Run_default"`);
    }
    for (const table of ['Run', 'RunStep'] as const) {
      // CREATE … LIKE then ATTACH: attaching locks the parent in SHARE UPDATE EXCLUSIVE mode, which
      // lets inserts and queries through (CREATE TABLE … PARTITION OF would block them all).
      await tx.$executeRawUnsafe(`CREATE TABLE ${names[table]} (LIKE "${table}" INCLUDING DEFAULTS)`);
      await tx.$executeRawUnsafe(`ALTER TABLE "${table}" ATTACH PARTITION ${names[table]} ${range}`);
      if (stray?.n) {
        const inRange = `${key[table]} >= ${ts(from)} AND ${key[table]} < ${ts(to)}`;
        await tx.$executeRawUnsafe(`INSERT INTO ${names[table]} SELECT * FROM "${table}_default" WHERE ${inRange}`);
        await tx.$executeRawUnsafe(`DELETE FROM "${table}_default" WHERE ${inRange}`);
      }
    }
    if (stray?.n) {
      await tx.$executeRawUnsafe(`ALTER TABLE "Run" ATTACH PARTITION "Run_default" DEFAULT`);
      await tx.$executeRawUnsafe(`ALTER TABLE "RunStep" ATTACH PARTITION "RunStep_default" DEFAULT`);
    }
  });
}

export interface PartitionRetention {
  /** Run partitions dropped (with their RunStep partitions). */
  dropped: string[];
  /** Unfinished runs of those partitions kept (moved to the default partition). */
  kept: number;
  /** Event-key rows of the dropped runs deleted. */
  eventKeys: number;
}

export interface PartitionPair {
  run: string;
  step: string;
  from: Date | null;
  to: Date;
}

/** The partition pairs entirely older than `cutoff` (day partitions and the legacy one), oldest first. */
export async function droppablePartitions(p: Platform, cutoff: Date): Promise<PartitionPair[]> {
  const steps = new Set((await runPartitions(p.db, 'RunStep')).map((b) => b.name));
  return (await runPartitions(p.db))
    .filter((b): b is Bound & { to: Date } => !b.isDefault && b.to !== null && b.to <= cutoff)
    .map((b) => ({ run: b.name, step: `RunStep${b.name.slice('Run'.length)}`, from: b.from, to: b.to }))
    .filter((b) => steps.has(b.step));
}

/**
 * Detaches one partition pair in one short transaction, after putting its unfinished runs (and
 * their steps) back into the log, then drops the detached tables; returns the ids of the runs kept
 * (null: it was gone already).
 */
export async function dropPartition(p: Platform, part: PartitionPair): Promise<string[] | null> {
  const kept = await eventLogDdl(p, async (tx) => {
    // Detaching locks the parents exclusively: both at once, in one order, before anything else.
    await tx.$executeRawUnsafe(`LOCK TABLE ONLY "Run", ONLY "RunStep" IN ACCESS EXCLUSIVE MODE`);
    // Another process's retention may have dropped it meanwhile.
    const [attached] = await tx.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM pg_inherits WHERE inhrelid IN (to_regclass('${quoted(part.run)}'), to_regclass('${quoted(part.step)}'))`,
    );
    if (attached?.n !== 2) return null;
    await tx.$executeRawUnsafe(`ALTER TABLE "RunStep" DETACH PARTITION ${quoted(part.step)}`);
    await tx.$executeRawUnsafe(`ALTER TABLE "Run" DETACH PARTITION ${quoted(part.run)}`);
    // Two statements so that each uses its partial index (unfinished runs are few).
    const ids = await tx.$queryRawUnsafe<Array<{ id: string }>>(`
      SELECT "id" FROM ${quoted(part.run)} WHERE "status" IN ('queued', 'running')
      UNION ALL SELECT "id" FROM ${quoted(part.run)} WHERE "status" = 'waiting'`);
    const keep = ids.map((r) => r.id);
    if (keep.length > 0) {
      await tx.$executeRaw(Prisma.sql`INSERT INTO "Run" SELECT * FROM ${Prisma.raw(quoted(part.run))} WHERE "id" = ANY(${keep}::text[]) AND "status" IN ${Prisma.raw(UNFINISHED)}`);
      await tx.$executeRaw(Prisma.sql`INSERT INTO "RunStep" SELECT * FROM ${Prisma.raw(quoted(part.step))} WHERE "runId" = ANY(${keep}::text[])`);
    }
    return keep;
  });
  if (kept) await dropDetached(p);
  return kept;
}

/**
 * Drops the event log's detached partitions. Apart from the detach: removing a day's files takes
 * about a second per 2 GB here, and the detach's transaction holds the parents' lock until its
 * commit has removed them. Also finishes a drop a crash interrupted after the detach.
 */
async function dropDetached(p: Platform): Promise<void> {
  const rows = await p.db.$queryRaw<Array<{ name: string }>>`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relkind = 'r' AND NOT c.relispartition AND c.relnamespace = current_schema()::regnamespace
      AND c.relname ~ '^(Run|RunStep)_(p[0-9]{8}|legacy)$'`;
  for (const { name } of rows) await p.db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${quoted(name)}`);
}

/**
 * Drops the partitions entirely older than `cutoff`, keeping their unfinished runs, then deletes
 * the dropped runs' event keys and Respond to Hook answers and clears references to them.
 */
export async function dropOldRunPartitions(p: Platform, cutoff: Date, opts: { batchSize?: number } = {}): Promise<PartitionRetention> {
  const result: PartitionRetention = { dropped: [], kept: 0, eventKeys: 0 };
  await dropDetached(p);
  for (const part of await droppablePartitions(p, cutoff)) {
    const kept = await dropPartition(p, part);
    if (!kept) continue;
    result.dropped.push(part.run);
    result.kept += kept.length;
    result.eventKeys += await deleteEventKeys(p, part, kept, opts.batchSize ?? 10_000);
  }
  if (result.dropped.length > 0) await clearDroppedReferences(p, cutoff);
  return result;
}

/** The event keys of runs created in [from, to) except the kept ones, in batches (an index range on createdAt). */
export async function deleteEventKeys(p: Platform, part: Pick<PartitionPair, 'from' | 'to'>, kept: readonly string[], batch = 10_000): Promise<number> {
  const { from, to } = part;
  let total = 0;
  for (;;) {
    const n = await p.db.$executeRaw`
      DELETE FROM "RunEventKey" WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM "RunEventKey"
        WHERE "createdAt" < ${to} AND (${from}::timestamp IS NULL OR "createdAt" >= ${from}::timestamp) AND "runId" <> ALL(${[...kept]}::text[])
        LIMIT ${batch}))`;
    total += n;
    if (n < batch) return total;
  }
}

/** What the dropped runs' foreign keys did on delete: their hook answers go, replays and called runs forget them. */
export async function clearDroppedReferences(p: Platform, cutoff: Date): Promise<void> {
  await p.db.$executeRaw`
    DELETE FROM "HookResponse" h WHERE h."createdAt" < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM "RunEventKey" k WHERE k."runId" = h."runId")`;
  await p.db.$executeRaw`
    UPDATE "Run" r SET "replayOfId" = NULL WHERE r."replayOfId" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "RunEventKey" k WHERE k."runId" = r."replayOfId")`;
  await p.db.$executeRaw`
    UPDATE "Run" r SET "parentRunId" = NULL WHERE r."parentRunId" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "RunEventKey" k WHERE k."runId" = r."parentRunId")`;
}

/** The partitions whose old finished runs are trimmed row by row: the default one and a legacy one straddling `cutoff`. */
export async function trimmedPartitions(p: Platform, cutoff: Date): Promise<string[]> {
  return (await runPartitions(p.db)).filter((b) => b.isDefault || (b.from === null && (b.to === null || b.to > cutoff))).map((b) => b.name);
}

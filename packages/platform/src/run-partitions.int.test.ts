/**
 * The partitioned event log against Postgres: rows land in their day's partition (or the default
 * one, moved out when the day is created), one event key makes one run under concurrency and
 * whatever partition its first run sits in, and retention drops whole days but never a waiting run.
 * Days used here are far from today (a random far year, so a second run on the same database
 * starts afresh), so the partitions other test files write to are not touched. Retention runs on
 * a database of its own: it drops every old day, and other test files' maintenance jobs drop old
 * days of the shared one whenever they run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { createDb, dropDatabase, ensureDatabase, migrateDeploy, type Db } from '@konnect/db';
import { testDatabaseUrl, uniqueSuffix } from '@konnect/db/testing';
import { createRegistry } from '@konnect/sdk';
import { writeSteps } from './checkpoints';
import { deleteOldRuns } from './maintenance';
import { insertRuns, runsByEventKey } from './run-create';
import { ensureRunPartitions, runPartitions } from './run-partitions';
import { claimRun, finishRun, type ClaimedRun } from './run-claim';
import { runIdTime } from './run-id';
import type { Platform } from './platform';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

let t: TestPlatform;
let other: Db;
let owner: { workspaceId: string; konnectorId: string; versionId: string };
const year = 2200 + Math.floor(Math.random() * 700);

beforeAll(async () => {
  t = await testPlatform('partitions', createRegistry([catchHookConnector]));
  other = createDb(await testDatabaseUrl(), { max: 4 });
  const workspaceId = await createWorkspace(t.db);
  const konnectorId = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [] });
  const version = await t.db.konnectorVersion.create({ data: { konnectorId, number: 1, definition: {} } });
  owner = { workspaceId, konnectorId, versionId: version.id };
});
afterAll(async () => {
  await t.db.workspace.delete({ where: { id: owner.workspaceId } }).catch(() => undefined);
  await other.$disconnect();
  await t.close();
});

const step = (stepId: string) => ({
  record: { stepId, iteration: '', type: 'code' as const, status: 'succeeded' as const, input: {}, output: { ok: true }, logs: [], attempts: 1, durationMs: 1, startedAt: new Date().toISOString() },
  seq: 0,
});

async function newRun(key: string, status: string, createdAt: Date, steps: string[] = [], db: Db = t.db, own = owner): Promise<string> {
  const [run] = await insertRuns(db, own, [{ key, data: { key } }]);
  if (!run) throw new Error('no run');
  for (const [i, s] of steps.entries()) await writeSteps(db, run.id, [{ ...step(s), seq: i }]);
  // Moving a run to another day is a delete and an insert to PostgreSQL: its steps and key follow it.
  await db.$executeRaw`UPDATE "Run" SET "status" = ${status}::"RunStatus", "createdAt" = ${createdAt}, "updatedAt" = ${createdAt} WHERE "id" = ${run.id}`;
  return run.id;
}

async function whereIs(runId: string, db: Db = t.db): Promise<{ run: string | undefined; steps: string[]; keyAt: Date | undefined }> {
  const [run] = await db.$queryRaw<Array<{ part: string }>>`SELECT tableoid::regclass::text AS part FROM "Run" WHERE "id" = ${runId}`;
  const steps = await db.$queryRaw<Array<{ part: string }>>`SELECT tableoid::regclass::text AS part FROM "RunStep" WHERE "runId" = ${runId}`;
  const key = await db.runEventKey.findUnique({ where: { runId } });
  return { run: run?.part, steps: steps.map((s) => s.part), keyAt: key?.createdAt };
}

describe('partitions', () => {
  it('creates the next days ahead once, and rows land in their day (steps with their run)', async () => {
    const now = new Date(`${year}-03-10T08:00:00Z`);
    const created = await ensureRunPartitions(t.p, { now, daysAhead: 7 });
    expect(created).toEqual(['10', '11', '12', '13', '14', '15', '16', '17'].map((d) => `Run_p${year}03${d}`));
    expect(await ensureRunPartitions(t.p, { now, daysAhead: 7 })).toEqual([]);
    const names = (await runPartitions(t.db, 'RunStep')).map((b) => b.name);
    expect(names).toContain(`RunStep_p${year}0317`);
    expect(names).toContain('RunStep_default');

    const at = new Date(`${year}-03-12T23:59:59.999Z`);
    const id = await newRun(`land-${Date.now()}`, 'succeeded', at, ['a', 'b']);
    expect(await whereIs(id)).toEqual({ run: `"Run_p${year}0312"`, steps: [`"RunStep_p${year}0312"`, `"RunStep_p${year}0312"`], keyAt: at });
  });

  it('a row no partition covers goes to the default partition, and moves into its day when the day is created', async () => {
    const at = new Date(`${year + 1}-06-01T12:00:00Z`);
    const id = await newRun(`stray-${Date.now()}`, 'succeeded', at, ['a']);
    expect(await whereIs(id)).toEqual({ run: '"Run_default"', steps: ['"RunStep_default"'], keyAt: at });
    expect(await ensureRunPartitions(t.p, { from: at, now: at, daysAhead: 0 })).toEqual([`Run_p${year + 1}0601`]);
    expect(await whereIs(id)).toEqual({ run: `"Run_p${year + 1}0601"`, steps: [`"RunStep_p${year + 1}0601"`], keyAt: at });
    expect((await t.db.run.findFirst({ where: { id }, select: { trigger: true } }))?.trigger).toMatchObject({ key: expect.stringMatching(/^stray-/) });
  });
});

describe('one event, one run', () => {
  it('concurrent inserts of the same event keys over two connections make one run each', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `race-${Date.now()}-${i}`);
    const attempts = keys.flatMap((key) => [insertRuns(t.db, owner, [{ key, data: {} }]), insertRuns(other, owner, [{ key, data: {} }])]);
    const created = (await Promise.all(attempts)).flat();
    expect(created.map((r) => r.eventKey).sort()).toEqual([...keys].sort());
    expect(await t.db.run.count({ where: { konnectorId: owner.konnectorId, eventKey: { in: keys } } })).toBe(keys.length);
    expect(await t.db.runEventKey.count({ where: { konnectorId: owner.konnectorId, eventKey: { in: keys } } })).toBe(keys.length);
  });

  it('a second insert waits for the first one\'s transaction: none when it commits, one when it rolls back', async () => {
    for (const outcome of ['commit', 'rollback'] as const) {
      const key = `held-${outcome}-${Date.now()}`;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let first: Promise<unknown> | undefined;
      const holding = new Promise<void>((held) => {
        first = t.db
          .$transaction(async (tx) => {
            expect(await insertRuns(tx, owner, [{ key, data: {} }])).toHaveLength(1);
            held();
            await released;
            if (outcome === 'rollback') throw new Error('rolled back');
          }, { timeout: 60_000 })
          .catch((err: Error) => expect(err.message).toBe('rolled back'));
      });
      await holding;
      const second = insertRuns(other, owner, [{ key, data: {} }]);
      // The second statement is blocked on the first one's key (not timing: the lock is observed).
      for (let i = 0; ; i++) {
        const [blocked] = await t.db.$queryRaw<Array<{ n: number }>>`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%RunEventKey%' AND datname = current_database()`;
        if ((blocked?.n ?? 0) > 0) break;
        if (i > 600) throw new Error('the second insert never waited');
        await new Promise((r) => setTimeout(r, 50));
      }
      release();
      await first;
      expect(await second).toHaveLength(outcome === 'commit' ? 0 : 1);
      expect(await t.db.run.count({ where: { konnectorId: owner.konnectorId, eventKey: key } })).toBe(1);
    }
  });

  it('holds across partitions: an event whose run sits in another day makes no second run, and its first run is found', async () => {
    const day = new Date(`${year}-01-05T00:00:00Z`);
    await ensureRunPartitions(t.p, { from: day, now: day, daysAhead: 0 });
    const key = `boundary-${Date.now()}`;
    const id = await newRun(key, 'succeeded', new Date(`${year}-01-05T23:59:59.999Z`));
    expect((await whereIs(id)).run).toBe(`"Run_p${year}0105"`);
    // Today's insert would land in today's partition: the key refuses it all the same.
    expect(await insertRuns(t.db, owner, [{ key, data: {} }, { key: `${key}-new`, data: {} }])).toEqual([{ id: expect.any(String), eventKey: `${key}-new` }]);
    expect((await runsByEventKey(t.db, owner.konnectorId, [key])).get(key)).toEqual({ id, status: 'succeeded' });
    expect(await t.db.run.count({ where: { eventKey: key } })).toBe(1);
  });
});

describe('retention by partition', () => {
  const base = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/konnect_test');
  base.pathname = `/konnect_partret_${uniqueSuffix()}`;
  let db: Db;
  let p: Platform;
  let own: typeof owner;
  beforeAll(async () => {
    await ensureDatabase(base.toString());
    await migrateDeploy(base.toString());
    db = createDb(base.toString(), { max: 4 });
    p = { db } as unknown as Platform;
    const workspaceId = await createWorkspace(db);
    const konnectorId = await createKonnector(db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [] });
    const version = await db.konnectorVersion.create({ data: { konnectorId, number: 1, definition: {} } });
    own = { workspaceId, konnectorId, versionId: version.id };
  }, 120_000);
  afterAll(async () => {
    await db.$disconnect();
    await dropDatabase(base.toString());
  });

  it('drops whole days past the horizon with their steps and keys, keeps waiting and unfinished runs, waits for a straddling day', async () => {
    const day1 = new Date('2020-01-01T00:00:00Z');
    await ensureRunPartitions(p, { from: day1, now: day1, daysAhead: 1 });
    const tag = Date.now();
    const done = await newRun(`old-done-${tag}`, 'succeeded', new Date('2020-01-01T10:00:00Z'), ['a', 'b'], db, own);
    const failed = await newRun(`old-failed-${tag}`, 'failed', new Date('2020-01-01T11:00:00Z'), [], db, own);
    const waiting = await newRun(`old-waiting-${tag}`, 'waiting', new Date('2020-01-01T12:00:00Z'), ['delay'], db, own);
    const queued = await newRun(`old-queued-${tag}`, 'queued', new Date('2020-01-01T13:00:00Z'), [], db, own);
    const straddling = await newRun(`day2-done-${tag}`, 'succeeded', new Date('2020-01-02T01:00:00Z'), ['a'], db, own);
    // A replay of a dropped run forgets it, as the foreign key's ON DELETE SET NULL did.
    const replay = await newRun(`replay-${tag}`, 'succeeded', new Date('2020-01-02T02:00:00Z'), [], db, own);
    await db.$executeRaw`UPDATE "Run" SET "replayOfId" = ${done} WHERE "id" = ${replay}`;

    // The horizon is 2020-01-02 12:00: day 1 is entirely older, day 2 straddles it.
    const result = await deleteOldRuns(p, { days: 1, now: new Date('2020-01-03T12:00:00Z') });
    expect(result.dropped).toEqual(['Run_p20200101']);
    expect(result.kept).toBe(2);
    expect(result.eventKeys).toBe(2);
    const parts = (await runPartitions(db)).map((b) => b.name);
    expect(parts).not.toContain('Run_p20200101');
    expect(parts).toContain('Run_p20200102');
    expect((await runPartitions(db, 'RunStep')).map((b) => b.name)).not.toContain('RunStep_p20200101');

    expect(await db.run.count({ where: { id: { in: [done, failed] } } })).toBe(0);
    expect(await db.runStep.count({ where: { runId: { in: [done, failed] } } })).toBe(0);
    expect(await db.runEventKey.count({ where: { runId: { in: [done, failed] } } })).toBe(0);
    // The waiting run (a Delay of up to 30 days) and the queued one stay, with their steps and keys, in the default partition.
    expect(await whereIs(waiting, db)).toEqual({ run: '"Run_default"', steps: ['"RunStep_default"'], keyAt: new Date('2020-01-01T12:00:00Z') });
    expect((await whereIs(queued, db)).run).toBe('"Run_default"');
    expect((await db.run.findFirst({ where: { id: waiting } }))?.status).toBe('waiting');
    expect((await whereIs(straddling, db)).run).toBe('"Run_p20200102"');
    expect((await db.run.findFirst({ where: { id: replay }, select: { replayOfId: true } }))?.replayOfId).toBeNull();

    // Once the waiting run has finished, it goes like any old run (trimmed from the default partition), with its steps.
    await db.$executeRaw`UPDATE "Run" SET "status" = 'succeeded' WHERE "id" = ${waiting}`;
    const later = await deleteOldRuns(p, { days: 1, now: new Date('2020-01-04T12:00:00Z') });
    expect(later.dropped).toEqual(['Run_p20200102']);
    expect(later.deleted).toBe(1);
    expect(await db.run.count({ where: { id: { in: [waiting, straddling, replay] } } })).toBe(0);
    expect(await db.runStep.count({ where: { runId: { in: [waiting, straddling] } } })).toBe(0);
    expect((await db.run.findFirst({ where: { id: queued } }))?.status).toBe('queued');
  });
});

describe('the run path names the day partition', () => {
  it('a run is created at the time its id carries, and claim, finish and wait plan on that day only', async () => {
    const [run] = await insertRuns(t.db, owner, [{ key: `hint-${Date.now()}`, data: {} }]);
    if (!run) throw new Error('no run');
    const row = await t.db.run.findFirstOrThrow({ where: { id: run.id } });
    expect(row.createdAt.toISOString()).toBe(runIdTime(run.id)?.toISOString());

    const claimed = await claimRun(t.db, owner.workspaceId, run.id);
    expect(claimed?.createdAt.toISOString()).toBe(row.createdAt.toISOString());
    // The statements' plans: one day's partition, not every one kept.
    const [plan] = await t.db.$queryRawUnsafe<Array<{ 'QUERY PLAN': unknown }>>(
      `EXPLAIN (FORMAT JSON) UPDATE "Run" AS r SET "updatedAt" = r."updatedAt" WHERE r."id" = $1 ${partitionHintText(claimed?.createdAt)}`,
      run.id,
    );
    const planned = JSON.stringify(plan?.['QUERY PLAN']).match(/"Relation Name":"Run_[^"]+"/g) ?? [];
    expect(new Set(planned).size).toBe(1);

    await finishRun(t.db, claimed as ClaimedRun, 'succeeded', { summary: 'done', tasks: 0, fieldLimitBytes: 1000 });
    expect((await t.db.run.findFirstOrThrow({ where: { id: run.id } })).status).toBe('succeeded');
  });

  it('a run whose createdAt is not its id\'s time (moved, or an id without a time) is still claimed and finished', async () => {
    const moved = await newRun(`moved-${Date.now()}`, 'queued', new Date(`${year}-03-11T10:00:00Z`));
    const claimed = await claimRun(t.db, owner.workspaceId, moved);
    expect(claimed?.id).toBe(moved);
    expect(claimed?.createdAt.toISOString()).toBe(`${year}-03-11T10:00:00.000Z`);
    await finishRun(t.db, claimed as ClaimedRun, 'failed', { summary: 'x', tasks: 0, fieldLimitBytes: 1000 });
    expect((await t.db.run.findFirstOrThrow({ where: { id: moved } })).status).toBe('failed');
    // A final run is not claimed again, on any day.
    expect(await claimRun(t.db, owner.workspaceId, moved)).toBeNull();
  });
});

/** The hint's SQL with the time inlined, for EXPLAIN. */
function partitionHintText(at: Date | undefined): string {
  return at ? `AND r."createdAt" = ANY(ARRAY['${at.toISOString()}']::timestamp(3)[])` : '';
}

-- Partition the event log (Run, RunStep) by day on the run's creation time (issue 19).
--
-- Written by hand: Prisma cannot model partitioning (schema.prisma says what it cannot see). The
-- existing tables are kept, with their data, as one partition each ("Run_legacy",
-- "RunStep_legacy") covering everything up to the end of the newest run's day; new days get a
-- partition each ("Run_pYYYYMMDD", created 7 days ahead by the maintenance job,
-- packages/platform/src/run-partitions.ts) and a DEFAULT partition takes any row no partition
-- covers, so an insert never fails for want of a partition.
--
-- A partitioned table's primary and unique keys must contain the partition key, and a foreign
-- key must reference one: so
--   * Run's key is ("id", "createdAt"); ids stay unique through "RunEventKey"."runId" (unique);
--   * RunStep carries its run's "createdAt" as "runCreatedAt" (its partition key), so a run's
--     steps live in the matching partition and retention drops both together;
--   * UNIQUE ("konnectorId", "eventKey") moves to "RunEventKey", a small unpartitioned table
--     every run insert writes in the same statement (ON CONFLICT DO NOTHING): one trigger event
--     still makes one run, whatever partition its run would land in;
--   * the foreign keys that referenced Run (RunStep, HookResponse, Run.replayOfId,
--     Run.parentRunId) are replaced by the trigger below, which does what their ON DELETE did.

-- 1. The event-key table, filled from the existing runs (the old unique index guarantees no clash).
CREATE TABLE "RunEventKey" (
    "konnectorId" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "RunEventKey_pkey" PRIMARY KEY ("konnectorId", "eventKey")
);
INSERT INTO "RunEventKey" ("konnectorId", "eventKey", "runId", "createdAt")
SELECT "konnectorId", "eventKey", "id", "createdAt" FROM "Run";
CREATE UNIQUE INDEX "RunEventKey_runId_key" ON "RunEventKey"("runId");
CREATE INDEX "RunEventKey_createdAt_idx" ON "RunEventKey"("createdAt");

-- 2. Steps learn their run's creation time (the old primary key on Run serves the join).
ALTER TABLE "RunStep" ADD COLUMN "runCreatedAt" TIMESTAMP(3);
UPDATE "RunStep" s SET "runCreatedAt" = r."createdAt" FROM "Run" r WHERE r."id" = s."runId";
DELETE FROM "RunStep" WHERE "runCreatedAt" IS NULL;
ALTER TABLE "RunStep" ALTER COLUMN "runCreatedAt" SET NOT NULL;

-- 3. Foreign keys that reference Run cannot stay (see above).
ALTER TABLE "HookResponse" DROP CONSTRAINT "HookResponse_runId_fkey";
ALTER TABLE "RunStep" DROP CONSTRAINT "RunStep_runId_fkey";
ALTER TABLE "Run" DROP CONSTRAINT "Run_parentRunId_fkey";
ALTER TABLE "Run" DROP CONSTRAINT "Run_replayOfId_fkey";

-- 4. The old tables become partitions: drop their keys and indexes (the parents' are built on them
--    when they are attached) and their remaining foreign keys (the parent's are cloned onto them).
ALTER TABLE "Run" RENAME TO "Run_legacy";
ALTER TABLE "Run_legacy" DROP CONSTRAINT "Run_pkey";
ALTER TABLE "Run_legacy" DROP CONSTRAINT "Run_konnectorId_fkey";
ALTER TABLE "Run_legacy" DROP CONSTRAINT "Run_versionId_fkey";
ALTER TABLE "Run_legacy" DROP CONSTRAINT "Run_workspaceId_fkey";
DROP INDEX "Run_konnectorId_eventKey_key";
DROP INDEX "Run_konnectorId_createdAt_id_idx";
DROP INDEX "Run_workspaceId_createdAt_id_idx";
DROP INDEX "Run_workspaceId_status_createdAt_idx";
DROP INDEX "Run_status_updatedAt_idx";
DROP INDEX "Run_createdAt_idx";
DROP INDEX "Run_resumeAt_idx";
DROP INDEX "Run_replayOfId_idx";
DROP INDEX "Run_parentRunId_idx";
ALTER TABLE "RunStep" RENAME TO "RunStep_legacy";
ALTER TABLE "RunStep_legacy" DROP CONSTRAINT "RunStep_pkey";
DROP INDEX "RunStep_runId_stepId_iteration_key";
DROP INDEX "RunStep_runId_seq_idx";

-- 5. The partitioned parents, with the same columns in the same order.
CREATE TABLE "Run" (LIKE "Run_legacy" INCLUDING DEFAULTS) PARTITION BY RANGE ("createdAt");
ALTER TABLE "Run" ADD CONSTRAINT "Run_pkey" PRIMARY KEY ("id", "createdAt");
ALTER TABLE "Run" ADD CONSTRAINT "Run_konnectorId_fkey" FOREIGN KEY ("konnectorId") REFERENCES "Konnector"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Run" ADD CONSTRAINT "Run_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "KonnectorVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Run" ADD CONSTRAINT "Run_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "Run_konnectorId_createdAt_id_idx" ON "Run"("konnectorId", "createdAt" DESC, "id" DESC);
CREATE INDEX "Run_workspaceId_createdAt_id_idx" ON "Run"("workspaceId", "createdAt" DESC, "id" DESC);
CREATE INDEX "Run_workspaceId_status_createdAt_idx" ON "Run"("workspaceId", "status", "createdAt" DESC);
CREATE INDEX "Run_status_updatedAt_idx" ON "Run"("status", "updatedAt") WHERE ("status" IN ('queued', 'running'));
CREATE INDEX "Run_createdAt_idx" ON "Run"("createdAt") WHERE ("status" IN ('succeeded', 'filtered', 'failed', 'partial', 'cancelled'));
CREATE INDEX "Run_resumeAt_idx" ON "Run"("resumeAt") WHERE ("status" = 'waiting');
CREATE INDEX "Run_replayOfId_idx" ON "Run"("replayOfId") WHERE ("replayOfId" IS NOT NULL);
CREATE INDEX "Run_parentRunId_idx" ON "Run"("parentRunId") WHERE ("parentRunId" IS NOT NULL);

CREATE TABLE "RunStep" (LIKE "RunStep_legacy" INCLUDING DEFAULTS) PARTITION BY RANGE ("runCreatedAt");
ALTER TABLE "RunStep" ADD CONSTRAINT "RunStep_pkey" PRIMARY KEY ("id", "runCreatedAt");
CREATE UNIQUE INDEX "RunStep_runId_stepId_iteration_runCreatedAt_key" ON "RunStep"("runId", "stepId", "iteration", "runCreatedAt");
CREATE INDEX "RunStep_runId_seq_idx" ON "RunStep"("runId", "seq");

-- 6. Attach the old tables (up to the end of their newest run's day) or, when they are empty
--    (a new installation), drop them; then the default partitions and the next 7 days.
DO $$
DECLARE
  newest timestamp(3);
  upto timestamp(3);
  d date;
BEGIN
  SELECT max("createdAt") INTO newest FROM "Run_legacy";
  IF newest IS NULL THEN
    DROP TABLE "RunStep_legacy";
    DROP TABLE "Run_legacy";
    upto := date_trunc('day', now() AT TIME ZONE 'UTC');
  ELSE
    upto := date_trunc('day', newest) + interval '1 day';
    EXECUTE format('ALTER TABLE "Run" ATTACH PARTITION "Run_legacy" FOR VALUES FROM (MINVALUE) TO (%L)', upto);
    EXECUTE format('ALTER TABLE "RunStep" ATTACH PARTITION "RunStep_legacy" FOR VALUES FROM (MINVALUE) TO (%L)', upto);
  END IF;
  CREATE TABLE "Run_default" PARTITION OF "Run" DEFAULT;
  CREATE TABLE "RunStep_default" PARTITION OF "RunStep" DEFAULT;
  -- The same names and bounds as run-partitions.ts creates.
  d := upto::date;
  WHILE d <= (now() AT TIME ZONE 'UTC')::date + 7 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "Run" FOR VALUES FROM (%L) TO (%L)', 'Run_p' || to_char(d, 'YYYYMMDD'), d::timestamp, (d + 1)::timestamp);
    EXECUTE format('CREATE TABLE %I PARTITION OF "RunStep" FOR VALUES FROM (%L) TO (%L)', 'RunStep_p' || to_char(d, 'YYYYMMDD'), d::timestamp, (d + 1)::timestamp);
    d := d + 1;
  END LOOP;
END $$;

-- 7. What the foreign keys to Run did on delete, for every partition (row triggers on a
--    partitioned table are cloned onto its partitions, future ones included). Dropping a whole
--    partition fires nothing: retention (run-partitions.ts) drops the matching RunStep partition
--    with it and prunes the other tables itself.
--    An UPDATE of "createdAt" that moves a run to another partition is a delete and an insert to
--    PostgreSQL: the run still exists then, and its steps and event key follow it instead.
CREATE FUNCTION "konnect_run_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved timestamp(3);
BEGIN
  SELECT r."createdAt" INTO moved FROM "Run" r WHERE r."id" = OLD."id";
  IF FOUND THEN
    UPDATE "RunStep" SET "runCreatedAt" = moved WHERE "runId" = OLD."id" AND "runCreatedAt" = OLD."createdAt";
    UPDATE "RunEventKey" SET "createdAt" = moved WHERE "runId" = OLD."id";
    RETURN NULL;
  END IF;
  DELETE FROM "RunStep" WHERE "runId" = OLD."id" AND "runCreatedAt" = OLD."createdAt";
  DELETE FROM "HookResponse" WHERE "runId" = OLD."id";
  DELETE FROM "RunEventKey" WHERE "runId" = OLD."id";
  -- A replay or a called run is always created after the run it points at.
  UPDATE "Run" SET "replayOfId" = NULL WHERE "replayOfId" = OLD."id" AND "createdAt" >= OLD."createdAt";
  UPDATE "Run" SET "parentRunId" = NULL WHERE "parentRunId" = OLD."id" AND "createdAt" >= OLD."createdAt";
  RETURN NULL;
END $$;
CREATE TRIGGER "Run_deleted" AFTER DELETE ON "Run" FOR EACH ROW EXECUTE FUNCTION "konnect_run_deleted"();

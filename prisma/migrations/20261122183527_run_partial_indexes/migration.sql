-- DropIndex
DROP INDEX "Run_createdAt_idx";

-- DropIndex
DROP INDEX "Run_replayOfId_idx";

-- DropIndex
DROP INDEX "Run_status_updatedAt_idx";

-- CreateIndex
CREATE INDEX "Run_status_updatedAt_idx" ON "Run"("status", "updatedAt") WHERE ("status" IN ('queued', 'running'));

-- CreateIndex
CREATE INDEX "Run_createdAt_idx" ON "Run"("createdAt") WHERE ("status" IN ('succeeded', 'filtered', 'failed', 'partial'));

-- CreateIndex
CREATE INDEX "Run_replayOfId_idx" ON "Run"("replayOfId") WHERE ("replayOfId" IS NOT NULL);

-- Retention also deletes cancelled runs (final). The reconciler finds waiting runs due soon by resumeAt.
-- DropIndex
DROP INDEX "Run_createdAt_idx";

-- CreateIndex
CREATE INDEX "Run_createdAt_idx" ON "Run"("createdAt") WHERE ("status" IN ('succeeded', 'filtered', 'failed', 'partial', 'cancelled'));

-- CreateIndex
CREATE INDEX "Run_resumeAt_idx" ON "Run"("resumeAt") WHERE ("status" = 'waiting');

-- Backlog figures (backlog.ts): a workspace's runs finished in the last minute, newest first.
-- (Only finished runs are in it: a run's insert and claim skip it.)
-- CreateIndex
CREATE INDEX "Run_workspaceId_finishedAt_idx" ON "Run"("workspaceId", "finishedAt" DESC) WHERE ("finishedAt" IS NOT NULL);

-- CreateIndex
CREATE INDEX "Run_replayOfId_idx" ON "Run"("replayOfId");

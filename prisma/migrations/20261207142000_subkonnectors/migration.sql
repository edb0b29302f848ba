-- Sub-konnectors: a called run's caller (run and step) and its call depth.
ALTER TABLE "Run" ADD COLUMN     "callDepth" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "parentRunId" TEXT,
ADD COLUMN     "parentStepId" TEXT;

-- CreateIndex
CREATE INDEX "Run_parentRunId_idx" ON "Run"("parentRunId") WHERE ("parentRunId" IS NOT NULL);

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_parentRunId_fkey" FOREIGN KEY ("parentRunId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

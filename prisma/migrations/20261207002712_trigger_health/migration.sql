-- CreateEnum
CREATE TYPE "TriggerState" AS ENUM ('ok', 'retrying', 'paused');

-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "lastFailureAt" TIMESTAMP(3),
ADD COLUMN     "lastFailureMessage" TEXT,
ADD COLUMN     "lastUsedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Konnector" ADD COLUMN     "triggerConnectionId" TEXT,
ADD COLUMN     "triggerFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "triggerNextAt" TIMESTAMP(3),
ADD COLUMN     "triggerReason" TEXT,
ADD COLUMN     "triggerSince" TIMESTAMP(3),
ADD COLUMN     "triggerState" "TriggerState" NOT NULL DEFAULT 'ok';

-- A trigger stopped for an auth failure (the old triggerError) is now a paused trigger.
UPDATE "Konnector" SET "triggerState" = 'paused', "triggerReason" = "triggerError", "triggerSince" = "updatedAt"
WHERE "triggerError" IS NOT NULL;
ALTER TABLE "Konnector" DROP COLUMN "triggerError";

-- CreateTable
CREATE TABLE "TriggerEvent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "konnectorId" TEXT NOT NULL,
    "state" "TriggerState" NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TriggerEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TriggerEvent_konnectorId_createdAt_idx" ON "TriggerEvent"("konnectorId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Konnector_status_triggerState_idx" ON "Konnector"("status", "triggerState");

-- AddForeignKey
ALTER TABLE "TriggerEvent" ADD CONSTRAINT "TriggerEvent_konnectorId_fkey" FOREIGN KEY ("konnectorId") REFERENCES "Konnector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

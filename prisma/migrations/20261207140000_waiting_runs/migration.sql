-- Waiting runs (Delay and other waits): a run can pause until "resumeAt" holding no worker, and be
-- cancelled while it waits. The indexes that use the new values are in the next migration: a new
-- enum value cannot be used in the transaction that adds it.
ALTER TYPE "RunStatus" ADD VALUE 'waiting';
ALTER TYPE "RunStatus" ADD VALUE 'cancelled';

-- AlterEnum
ALTER TYPE "StepStatus" ADD VALUE 'waiting';

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "resumeAt" TIMESTAMP(3);

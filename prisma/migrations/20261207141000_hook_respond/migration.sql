-- CreateTable
CREATE TABLE "HookResponse" (
    "runId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "headers" JSONB NOT NULL,
    "contentType" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HookResponse_pkey" PRIMARY KEY ("runId")
);

-- AddForeignKey
ALTER TABLE "HookResponse" ADD CONSTRAINT "HookResponse_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

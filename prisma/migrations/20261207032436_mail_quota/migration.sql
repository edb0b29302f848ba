-- CreateTable
CREATE TABLE "MailQuota" (
    "workspaceId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailQuota_pkey" PRIMARY KEY ("workspaceId","day")
);

-- AddForeignKey
ALTER TABLE "MailQuota" ADD CONSTRAINT "MailQuota_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

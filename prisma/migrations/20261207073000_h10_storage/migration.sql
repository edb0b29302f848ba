-- CreateTable
CREATE TABLE "StoreEntry" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "bytes" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StoreEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StoreEntry_workspaceId_key_key" ON "StoreEntry"("workspaceId", "key");

-- CreateIndex
CREATE INDEX "StoreEntry_expiresAt_idx" ON "StoreEntry"("expiresAt");

-- AddForeignKey
ALTER TABLE "StoreEntry" ADD CONSTRAINT "StoreEntry_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

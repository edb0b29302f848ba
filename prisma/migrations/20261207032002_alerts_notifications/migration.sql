-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('run_failed', 'run_digest', 'konnector_recovered', 'trigger_paused', 'trigger_resumed', 'connection_attention', 'konnector_auto_paused', 'alert_delivery_failed', 'member_joined', 'invitation_accepted');

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "runId" TEXT,
    "konnectorId" TEXT,
    "connectionId" TEXT,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertSetting" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "konnectorId" TEXT NOT NULL DEFAULT '',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "sealed" TEXT,
    "keyVersion" TEXT,
    "lastDelivery" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KonnectorAlertState" (
    "konnectorId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "failingSince" TIMESTAMP(3),
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "alerted" BOOLEAN NOT NULL DEFAULT false,
    "lastImmediateAt" TIMESTAMP(3),
    "lastDigestAt" TIMESTAMP(3),
    "pendingCount" INTEGER NOT NULL DEFAULT 0,
    "pendingErrors" JSONB NOT NULL DEFAULT '{}',
    "pendingRunIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "digestDueAt" TIMESTAMP(3),
    "autoPausedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KonnectorAlertState_pkey" PRIMARY KEY ("konnectorId")
);

-- CreateIndex
CREATE INDEX "Notification_userId_workspaceId_createdAt_id_idx" ON "Notification"("userId", "workspaceId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Notification_unread_idx" ON "Notification"("userId", "workspaceId") WHERE ("readAt" IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "AlertSetting_workspaceId_konnectorId_key" ON "AlertSetting"("workspaceId", "konnectorId");

-- CreateIndex
CREATE INDEX "KonnectorAlertState_digestDueAt_idx" ON "KonnectorAlertState"("digestDueAt") WHERE ("digestDueAt" IS NOT NULL);

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertSetting" ADD CONSTRAINT "AlertSetting_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KonnectorAlertState" ADD CONSTRAINT "KonnectorAlertState_konnectorId_fkey" FOREIGN KEY ("konnectorId") REFERENCES "Konnector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

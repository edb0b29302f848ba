-- Account lifecycle: verified addresses, single-use account tokens, invitations with consent.
ALTER TABLE "User" ADD COLUMN "emailVerifiedAt" TIMESTAMP(3);
-- Accounts that exist before verification existed count as verified.
UPDATE "User" SET "emailVerifiedAt" = "createdAt";

CREATE TYPE "AccountTokenKind" AS ENUM ('verify_email', 'reset_password', 'change_email');

CREATE TABLE "AccountToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "AccountTokenKind" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AccountToken_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "AccountToken_tokenHash_key" ON "AccountToken"("tokenHash");
CREATE INDEX "AccountToken_userId_kind_idx" ON "AccountToken"("userId", "kind");
ALTER TABLE "AccountToken" ADD CONSTRAINT "AccountToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Invitation" ADD COLUMN "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "expiresAt" TIMESTAMP(3),
ADD COLUMN "invitedById" TEXT,
ADD COLUMN "acceptedAt" TIMESTAMP(3),
ADD COLUMN "acceptedById" TEXT,
ADD COLUMN "declinedAt" TIMESTAMP(3),
ADD COLUMN "revokedAt" TIMESTAMP(3);
-- Open invitations keep a week from when they were made.
UPDATE "Invitation" SET "sentAt" = "createdAt", "expiresAt" = "createdAt" + INTERVAL '7 days';
ALTER TABLE "Invitation" ALTER COLUMN "expiresAt" SET NOT NULL;

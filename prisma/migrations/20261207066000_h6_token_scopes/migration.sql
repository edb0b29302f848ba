-- API tokens: scopes (existing tokens keep every scope) and an optional expiry.
CREATE TYPE "TokenScope" AS ENUM ('read', 'write', 'run');

ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "scopes" "TokenScope"[] DEFAULT ARRAY['read', 'write', 'run']::"TokenScope"[];

-- Finding 12: tokens of people already removed from a workspace were only hidden: revoke them, so
-- adding the person back does not bring them back (removeMember revokes them from now on).
UPDATE "ApiToken" t SET "revokedAt" = CURRENT_TIMESTAMP
WHERE t."revokedAt" IS NULL
  AND NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = t."userId" AND m."workspaceId" = t."workspaceId");

-- Lists that cannot sort: the position of a full scan spread across polls.
ALTER TABLE "TriggerCursor" ADD COLUMN "scan" JSONB;

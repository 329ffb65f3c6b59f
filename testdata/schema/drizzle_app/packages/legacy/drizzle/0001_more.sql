ALTER TABLE "audit_events" ADD COLUMN "kind" text;

CREATE TABLE "audit_events" ("id" serial PRIMARY KEY NOT NULL, "team_id" integer REFERENCES "teams"("team_id"));

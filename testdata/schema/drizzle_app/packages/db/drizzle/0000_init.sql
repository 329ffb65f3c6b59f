CREATE TABLE "teams" ("team_id" serial PRIMARY KEY NOT NULL, "name" text NOT NULL);
--> statement-breakpoint
CREATE TABLE "dropped_later" ("id" integer PRIMARY KEY NOT NULL);

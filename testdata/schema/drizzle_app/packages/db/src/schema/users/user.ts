import {
  foreignKey,
  integer,
  pgSchema,
  pgTable,
  primaryKey,
  text,
  unique,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

import { teamsTable } from "../teams";

export const users = pgTable("users", {
  id: integer("id").primaryKey(),
  email: text("email").notNull().unique(),
  teamId: integer("team_id").references(() => teamsTable.teamId, {
    onDelete: "cascade",
  }),
});

// Array form of the extra config, composite primary key.
export const memberships = pgTable(
  "memberships",
  {
    userId: integer("user_id").notNull(),
    teamId: integer("team_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.teamId] }),
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.teamId], foreignColumns: [teamsTable.teamId] }),
  ],
);

// Object form, a self reference and a unique constraint.
export const folders = pgTable(
  "folders",
  {
    id: integer("id").primaryKey(),
    parentId: integer("parent_id"),
    slug: text("slug").notNull(),
  },
  (t) => ({
    parent: foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: "folders_parent_fk" }),
    slugUnique: unique("folders_slug").on(t.slug),
  }),
);

export const auth = pgSchema("auth");

export const sessions = auth.table("sessions", {
  token: text("token").primaryKey(),
  userId: integer("user_id").references((): AnyPgColumn => users.id),
});

const prefix = process.env.PREFIX;
export const scratch = pgTable(`${prefix}_scratch`, { id: integer("id") });

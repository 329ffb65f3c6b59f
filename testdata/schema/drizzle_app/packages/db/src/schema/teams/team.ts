import { pgTable, serial, text } from "drizzle-orm/pg-core";

import { timestamps } from "../shared";

// The variable is not the table's name.
export const teamsTable = pgTable("teams", {
  teamId: serial("team_id").primaryKey(),
  name: text().notNull(),
  ...timestamps,
});

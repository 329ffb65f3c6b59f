import { timestamp } from "drizzle-orm/pg-core";

// Columns several tables spread in.
export const timestamps = {
  createdAt: timestamp("created_at").notNull().defaultNow(),
  updatedAt: timestamp("updated_at"),
};

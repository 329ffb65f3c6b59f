import { eq } from "drizzle-orm";

import { teamsTable } from "../../../packages/db/src/schema";
import { db } from "./db";

export async function team(id: number) {
  return db.select().from(teamsTable).where(eq(teamsTable.teamId, id));
}

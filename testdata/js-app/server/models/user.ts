import { db } from "../db";

export interface User {
  id: number;
  name: string;
}

export const users = db;

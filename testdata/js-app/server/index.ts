import { db } from "./db";
import type { User } from "@server/models/user";
import config from "#config";
import express from "express";
import { readFileSync } from "node:fs";

export { slugify } from "./utils.js";
export type { Session } from "./session";

const legacy = require("./legacy");

export async function start(user: User) {
  const { heavy } = await import("./lazy");
  return [db, config, legacy, heavy, express, readFileSync, user];
}

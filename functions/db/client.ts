/**
 * The drizzle handle over the D1 binding. Everything that talks to D1 goes through functions/db/.
 */
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema.ts";

export function database(d1: D1Database) {
  return drizzle(d1, { schema });
}

export type Database = ReturnType<typeof database>;

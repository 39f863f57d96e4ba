/**
 * `npm run seed`: loads the fictional demo college into the local D1 (under .wrangler/).
 * Safe to run again: existing rows are kept, nothing is duplicated.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedSql } from "./seed-sql.ts";

const file = join(mkdtempSync(join(tmpdir(), "xiaoqi-seed-")), "seed.sql");
writeFileSync(file, seedSql());
execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", `--file=${file}`], { stdio: ["ignore", "ignore", "inherit"] });
console.log("Demo data is in the local D1 (existing rows kept).");

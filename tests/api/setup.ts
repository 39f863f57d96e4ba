// Setup files run outside the per-test-file storage isolation and may run more than once;
// applyD1Migrations() only applies what is missing, so this is safe. Demo data gives the
// catalog tests something real to read.
import { applyD1Migrations, env } from "cloudflare:test";
import { seedSql } from "../../scripts/seed-sql.ts";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await env.DB.exec(seedSql());

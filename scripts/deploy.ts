/**
 * `npm run deploy`: the second of a small college's two commands (after `npx wrangler login`).
 * Creates the D1 database on first run and records its id in wrangler.toml, applies the
 * migrations to it, builds and deploys the Worker, and says which secrets are still missing.
 * Safe to run again for every upgrade: existing data is kept, only new migrations run.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { quietEnv, run } from "./local-env.ts";

const CONFIG = "wrangler.toml";
const PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";
const REQUIRED_SECRETS = ["TOKEN_SECRET", "TURNSTILE_SECRET_KEY"];

function wrangler(args: string[]): string {
  return execFileSync("npx", ["wrangler", ...args], { env: quietEnv, encoding: "utf8", stdio: ["inherit", "pipe", "inherit"] });
}

const toml = readFileSync(CONFIG, "utf8");
const name = /database_name\s*=\s*"([^"]+)"/.exec(toml)?.[1] ?? "xiaoqi";
if (toml.includes(PLACEHOLDER_ID)) {
  const existing = JSON.parse(wrangler(["d1", "list", "--json"])) as { name: string; uuid: string }[];
  let id = existing.find((db) => db.name === name)?.uuid;
  if (!id) {
    console.log(`Creating the D1 database "${name}"…`);
    id = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(wrangler(["d1", "create", name]))?.[0];
    if (!id) throw new Error("wrangler d1 create printed no database id");
  }
  writeFileSync(CONFIG, toml.replace(PLACEHOLDER_ID, id));
  console.log(`wrangler.toml now names database ${id}; commit it.`);
}

run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--remote"]);
run("npx", ["astro", "build"]);
run("npx", ["wrangler", "deploy"]);

const secrets = (JSON.parse(wrangler(["secret", "list", "--format", "json"])) as { name: string }[]).map((s) => s.name);
const missing = REQUIRED_SECRETS.filter((secret) => !secrets.includes(secret));
if (missing.length) {
  console.log(`\nStill to set (the portal refuses private links without TOKEN_SECRET):`);
  for (const secret of missing) console.log(`  npx wrangler secret put ${secret}`);
}

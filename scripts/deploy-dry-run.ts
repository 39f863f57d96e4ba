/**
 * `npm run test:deploy`: builds, then bundles the Worker exactly as `wrangler deploy` would,
 * without uploading (`--dry-run`), and prints the bundle size. Fails if the compressed bundle is
 * over Workers Free's 3 MB limit. This is all of a deployment that can be checked offline.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quietEnv, run } from "./local-env.ts";

const FREE_PLAN_LIMIT_KIB = 3 * 1024;

run("npx", ["astro", "build"], ["ignore", "ignore", "inherit"]);
const outdir = mkdtempSync(join(tmpdir(), "xiaoqi-bundle-"));
const output = execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], { env: quietEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const match = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(output);
if (!match) {
  console.error(output);
  throw new Error("wrangler deploy --dry-run printed no bundle size");
}
const [, total = "0", gzip = "0"] = match;
console.log(`wrangler deploy --dry-run: bundle ${total} KiB, ${gzip} KiB compressed (Workers Free allows ${FREE_PLAN_LIMIT_KIB} KiB compressed).`);
if (Number(gzip) > FREE_PLAN_LIMIT_KIB) {
  console.error("The compressed bundle is over the Workers Free limit.");
  process.exit(1);
}

/**
 * Shared by the developer scripts: the environment they run wrangler and astro with (telemetry
 * off), and `.dev.vars`, the local secrets file that wrangler reads (created once, never committed).
 */
import { execFileSync, type StdioOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";

export const quietEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", WRANGLER_SEND_METRICS: "false", DO_NOT_TRACK: "1" };

/** Cloudflare's documented always-pass Turnstile secret: decided locally, no network needed. */
export const TURNSTILE_TEST_SECRET = "1x0000000000000000000000000000000AA";

export function ensureDevVars(path = ".dev.vars"): void {
  if (existsSync(path)) return;
  writeFileSync(path, `TOKEN_SECRET=${randomBytes(32).toString("base64url")}\nTURNSTILE_SECRET_KEY=${TURNSTILE_TEST_SECRET}\n`, { mode: 0o600 });
  console.log(`Created ${path} with a random TOKEN_SECRET and Turnstile's test secret.`);
}

export function run(command: string, args: string[], stdio: StdioOptions = "inherit"): void {
  execFileSync(command, args, { stdio, env: quietEnv });
}

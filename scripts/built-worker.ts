/**
 * Serves the built Worker (dist/) with `wrangler dev` on a port of its own, with its own local
 * D1 state, migrated and seeded: what browser tests, the benchmark and the screenshots run
 * against. Rate limits can be raised for them (a load test is not abuse); everything else is
 * the configuration `astro build` produced from wrangler.toml.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedSql } from "./seed-sql.ts";
import { quietEnv, run, TURNSTILE_TEST_SECRET } from "./local-env.ts";

export interface BuiltWorker {
  url: string;
  /** The wrangler configuration it runs with, and its local D1 state (for `wrangler d1 execute`). */
  configPath: string;
  state: string;
  stop: () => Promise<void>;
}

export interface BuiltWorkerOptions {
  port: number;
  /** Requests per minute per client for each rate-limit binding; omit to keep wrangler.toml's. */
  rateLimit?: number;
  vars?: Record<string, string>;
  /** Build first (default true); false when the caller knows dist/ is fresh. */
  build?: boolean;
  /** Keep the local D1 state after stop() (to read it afterwards; the caller removes it). */
  keepState?: boolean;
}

const BUILT_CONFIG = "dist/server/wrangler.json";

export async function startBuiltWorker(options: BuiltWorkerOptions): Promise<BuiltWorker> {
  const url = `http://localhost:${options.port}`;
  if (await answers(url)) throw new Error(`Something already answers on port ${options.port}; stop it or choose another port.`);
  if (options.build !== false || !existsSync(BUILT_CONFIG)) run("npx", ["astro", "build"], ["ignore", "ignore", "inherit"]);
  const config = JSON.parse(readFileSync(BUILT_CONFIG, "utf8")) as { ratelimits?: { simple: { limit: number; period: number } }[] };
  if (options.rateLimit !== undefined) {
    for (const limiter of config.ratelimits ?? []) limiter.simple = { limit: options.rateLimit, period: 60 };
  }
  // Next to the original, so its relative paths (entry, assets, migrations) still resolve.
  const configPath = `dist/server/wrangler.${options.port}.json`;
  writeFileSync(configPath, JSON.stringify(config));
  const state = mkdtempSync(join(tmpdir(), "xiaoqi-d1-"));
  const seed = join(state, "seed.sql");
  writeFileSync(seed, seedSql());
  run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "-c", configPath, "--persist-to", state], ["ignore", "ignore", "inherit"]);
  run("npx", ["wrangler", "d1", "execute", "DB", "--local", "-c", configPath, "--persist-to", state, `--file=${seed}`], ["ignore", "ignore", "inherit"]);
  const vars = {
    TOKEN_SECRET: "local-test-secret-local-test-secret-0123",
    TURNSTILE_SECRET_KEY: TURNSTILE_TEST_SECRET,
    DEV_OUTBOX: "on",
    PUBLIC_ORIGIN: url,
    ...options.vars,
  };
  const args = ["wrangler", "dev", "-c", configPath, "--port", String(options.port), "--ip", "127.0.0.1", "--persist-to", state, "--log-level", "warn"];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn("npx", args, { env: quietEnv, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await waitUntilUp(url, child, () => stderr);
  return {
    url,
    configPath,
    state,
    stop: async () => {
      await stopProcess(child);
      if (!options.keepState) rmSync(state, { recursive: true, force: true });
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${log()}`);
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stopProcess(child);
  throw new Error(`wrangler dev did not answer within 90 s:\n${log()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
}

/**
 * `npm run test:e2e`: builds the site, serves the built Worker once on port 8791 with its own
 * migrated and seeded local D1 (rate limits raised: a test run is not abuse), runs every
 * tests/e2e/*.test.ts with Node's test runner against it, stops it, and exits with the tests' code.
 * `npm run test:e2e -- access journeys` runs only the files whose names contain those words.
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { type BuiltWorker, startBuiltWorker } from "../../scripts/built-worker.ts";

const PORT = 8791;
const dir = "tests/e2e";

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".test.ts") && (only.length === 0 || only.some((word) => name.includes(word))))
    .sort()
    .map((name) => join(dir, name));
  if (files.length === 0) {
    console.error(`no test files in ${dir}`);
    return 1;
  }

  const started = Date.now();
  let worker: BuiltWorker | undefined;
  const stop = async () => {
    const running = worker;
    worker = undefined;
    await running?.stop();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    worker = await startBuiltWorker({ port: PORT, rateLimit: 1000, build: true });
    console.log(`e2e: built Worker at ${worker.url} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ["--test", "--test-concurrency=1", ...files], {
        stdio: "inherit",
        env: { ...process.env, XIAOQI_URL: worker?.url ?? "" },
      });
      child.once("error", reject);
      child.once("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    });
    return code;
  } finally {
    await stop();
    console.log(`e2e: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

/**
 * `npm start`: the portal with demo data on an embedded local D1, in two steps for a newcomer
 * (`npm install`, `npm start`). Applies migrations, seeds once (re-running keeps the data), builds,
 * and serves the built Worker at http://localhost:8787 with the email outbox page switched on.
 */
import { spawn } from "node:child_process";
import { DEMO_ACCOUNTS } from "./demo-accounts.ts";
import { ensureDevVars, quietEnv, run } from "./local-env.ts";

const port = process.env["PORT"] ?? "8787";
ensureDevVars();
run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"], ["ignore", "ignore", "inherit"]);
run("node", ["scripts/seed.ts"]);
run("npx", ["astro", "build"], ["ignore", "ignore", "inherit"]);
const server = spawn("npx", ["wrangler", "dev", "--port", port, "--ip", "127.0.0.1", "--var", "DEV_OUTBOX:on", "--var", `PUBLIC_ORIGIN:http://localhost:${port}`], {
  env: quietEnv,
  stdio: ["inherit", "pipe", "inherit"],
});
server.stdout.on("data", (chunk: Buffer) => {
  const text = chunk.toString();
  process.stdout.write(text);
  if (text.includes("Ready on")) {
    console.log(`\n  Xiaoqi is running: http://localhost:${port}\n  Email outbox (local only): http://localhost:${port}/zh/dev/outbox\n`);
    console.log(`  Demo accounts (local demo only; sign in at http://localhost:${port}/zh/sign-in):`);
    for (const a of DEMO_ACCOUNTS) console.log(`    ${a.role.padEnd(10)} ${a.signIn.padEnd(26)} ${a.password}`);
    console.log("");
  }
});
server.on("exit", (code) => process.exit(code ?? 0));

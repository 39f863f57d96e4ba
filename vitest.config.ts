/**
 * Two test projects: `unit` (pure domain logic, in Node) and `api` (the Hono API in workerd
 * on a real local D1, through @cloudflare/vitest-plugin). Browser tests run apart, with
 * Playwright against the built Worker (tests/e2e, `npm run test:e2e`).
 */
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(new URL("./migrations", import.meta.url).pathname);
  return {
    test: {
      projects: [
        { test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
        {
          plugins: [
            cloudflareTest({
              main: "./tests/api/test-worker.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  // Test-only: migrations applied by tests/api/setup.ts.
                  TEST_MIGRATIONS: migrations,
                  TOKEN_SECRET: "test-secret-test-secret-test-secret-0123",
                  TURNSTILE_SECRET_KEY: "1x0000000000000000000000000000000AA",
                },
              },
            }),
          ],
          test: { name: "api", include: ["tests/api/**/*.test.ts"], setupFiles: ["./tests/api/setup.ts"] },
        },
      ],
    },
  };
});

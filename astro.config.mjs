// @ts-check
import { defineConfig } from "astro/config";
import cloudflare from "@astrojs/cloudflare";

// Pages are server-rendered in the Worker except those that say `prerender = true` (the privacy
// notice, the 404 page): those are plain files served before the Worker runs.
export default defineConfig({
  output: "server",
  adapter: cloudflare({ prerenderEnvironment: "workerd", imageService: "passthrough" }),
  // Sessions are our own (functions/auth, Lucia style), so Astro's KV-backed ones stay off.
  session: false,
  i18n: {
    locales: [
      { path: "zh", codes: ["zh-CN", "zh"] },
      { path: "en", codes: ["en"] },
    ],
    defaultLocale: "zh",
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  trailingSlash: "ignore",
  build: { format: "file", inlineStylesheets: "never" },
  // Astro hashes its own scripts and styles into the CSP; the rest is our baseline.
  security: {
    // functions/http/csrf.ts checks every non-GET request, forms and JSON alike.
    checkOrigin: false,
    csp: {
      directives: ["default-src 'self'", "img-src 'self' data:", "object-src 'none'", "base-uri 'self'", "form-action 'self'"],
    },
  },
  devToolbar: { enabled: false },
  prefetch: false,
});

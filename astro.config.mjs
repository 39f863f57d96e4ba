// @ts-check
import { defineConfig } from "astro/config";
import cloudflare from "@astrojs/cloudflare";

export default defineConfig({
  output: "server",
  adapter: cloudflare({ prerenderEnvironment: "workerd" }),
  i18n: {
    locales: [
      { path: "zh", codes: ["zh-CN", "zh"] },
      { path: "en", codes: ["en"] },
    ],
    defaultLocale: "zh",
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  security: { csp: true },
  build: { inlineStylesheets: "never" },
  devToolbar: { enabled: false },
});

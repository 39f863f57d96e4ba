/**
 * `npm run screenshots`: pictures of the catalog and the proposal form in both languages, for
 * the README, taken from the built Worker with the same Chromium setup as the browser tests.
 * Not part of `npm test`, so tests never change tracked files.
 */
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { startBuiltWorker } from "./built-worker.ts";

const OUT = "docs/screenshots";
mkdirSync(OUT, { recursive: true });
const worker = await startBuiltWorker({ port: 8793, rateLimit: 1000 });
const browser = await chromium.launch({
  executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  for (const lang of ["zh", "en"] as const) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === "zh" ? "zh-CN" : "en-US" });
    // Turnstile cannot load here; a page without it looks as it would to a visitor whose browser blocked it.
    await context.route(/^https?:\/\/(?!localhost)/, (route) => route.abort());
    const page = await context.newPage();
    for (const [name, path] of [
      ["catalog", `/${lang}/programs`],
      ["propose", `/${lang}/propose`],
    ] as const) {
      await page.goto(worker.url + path);
      await page.screenshot({ path: `${OUT}/${name}-${lang}.png` });
      console.log(`${OUT}/${name}-${lang}.png`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await worker.stop();
}

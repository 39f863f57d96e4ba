/**
 * The public reading pages (home, catalog, a program, the partners) ship zero client JavaScript:
 * no <script> element in the HTML, and no script requested while the page loads.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page, Request } from "playwright-core";
import { LANGS, launchBrowser, newContext, TEST_TIMEOUT, type TestContext, url, type Viewport, VIEWPORTS } from "./browser.ts";

const PAGES = [
  { name: "home page", path: "/" },
  { name: "program catalog", path: "/programs" },
  { name: "filtered program catalog", path: "/programs?type=order-class&q=%E6%95%B0%E6%8E%A7" },
  { name: "program detail", path: "/programs/haichuan-cnc-machining-order-class" },
  { name: "partner list", path: "/partners" },
  { name: "partner detail", path: "/partners/haichuan-precision" },
] as const;

describe("Reading pages ship zero client JavaScript", () => {
  let browser: Browser;
  /** One tab per width, reused page after page. */
  const tabs = new Map<Viewport["name"], TestContext & { page: Page }>();
  before(async () => {
    browser = await launchBrowser();
    for (const viewport of VIEWPORTS) {
      const tab = await newContext(browser, viewport);
      tabs.set(viewport.name, { ...tab, page: await tab.context.newPage() });
    }
  });
  after(async () => {
    await browser?.close();
  });

  for (const lang of LANGS) {
    for (const { name, path } of PAGES) {
      it(`the ${name} (${lang}) has no <script> and loads no script`, { timeout: TEST_TIMEOUT }, async () => {
        const address = url(`/${lang}${path}`);
        // Rendered afresh (as a hard reload asks), not from the page cache: public-pages.test.ts covers that.
        const response = await fetch(address, { headers: { "cache-control": "no-cache" } });
        const html = await response.text();
        assert.equal(response.status, 200, `${address} answered ${response.status}: ${html.slice(0, 300)}`);
        const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
        assert.deepEqual(scripts, [], `${address} has <script> elements`);
        assert.doesNotMatch(html, /\son[a-z]+\s*=/i, "no inline event handler attributes");
        assert.doesNotMatch(html, /href\s*=\s*["']?\s*javascript:/i, "no javascript: links");

        // And in a browser, at every width: nothing of type script, no .js file requested.
        for (const viewport of VIEWPORTS) {
          const tab = tabs.get(viewport.name) ?? assert.fail("no browser tab");
          tab.outside.length = 0;
          const requested: string[] = [];
          const record = (request: Request) => {
            const pathname = new URL(request.url()).pathname;
            if (request.resourceType() === "script" || /\.(m?js)$/i.test(pathname)) requested.push(request.url());
          };
          tab.page.on("request", record);
          try {
            await tab.page.goto(address, { waitUntil: "load" });
          } finally {
            tab.page.off("request", record);
          }
          assert.deepEqual(requested, [], `${address} at ${viewport.name} width requested scripts`);
          assert.equal(await tab.page.locator("script").count(), 0);
          assert.deepEqual(tab.outside, [], "nothing was requested from outside the site");
        }
      });
    }
  }
});

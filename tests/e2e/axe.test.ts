/**
 * Every page template, in both languages, at desktop and phone width, passes axe's WCAG 2.2 AA
 * rules with no serious or critical violation: the public pages, the proposal form (empty and
 * showing errors), the private received / status / confirm pages, resend, privacy and not-found,
 * and the signed-out account pages (sign-in, signed out, forbidden).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { assertAccessible, type CreatedProposal, createProposal, type Lang, LANGS, launchBrowser, newContext, TEST_TIMEOUT, url, VIEWPORTS } from "./browser.ts";

interface Route {
  name: string;
  /** A path, or how to get there. */
  path: (lang: Lang) => string;
  /** The status the page should answer with. */
  status?: number;
}

const PROGRAM = "haichuan-cnc-machining-order-class";
const PARTNER = "haichuan-precision";

// The two widths run side by side (each in its own tab): axe is the slow part of the suite.
describe("Accessibility (axe, WCAG 2.2 AA): no serious or critical violation", { concurrency: 2 }, () => {
  let browser: Browser;
  const proposals = new Map<Lang, CreatedProposal>();

  before(async () => {
    browser = await launchBrowser();
    for (const lang of LANGS) proposals.set(lang, await createProposal(lang));
  });
  after(async () => {
    await browser?.close();
  });

  const proposal = (lang: Lang): CreatedProposal => {
    const found = proposals.get(lang);
    assert.ok(found, `a proposal was made in ${lang}`);
    return found;
  };
  const confirmPath = (lang: Lang): string => {
    const path = proposal(lang).confirmPath;
    assert.ok(path, "the unconfirmed proposal has a confirmation link");
    return path;
  };

  const routes: Route[] = [
    { name: "home", path: (lang) => `/${lang}/` },
    { name: "program catalog", path: (lang) => `/${lang}/programs` },
    { name: "program catalog, filtered", path: (lang) => `/${lang}/programs?type=internship&page=1` },
    { name: "program detail", path: (lang) => `/${lang}/programs/${PROGRAM}` },
    { name: "partner list", path: (lang) => `/${lang}/partners` },
    { name: "partner detail", path: (lang) => `/${lang}/partners/${PARTNER}` },
    { name: "proposal form", path: (lang) => `/${lang}/propose` },
    { name: "received page", path: (lang) => proposal(lang).receivedPath },
    { name: "status page", path: (lang) => proposal(lang).statusPath },
    { name: "confirm page", path: (lang) => confirmPath(lang) },
    { name: "resend form", path: (lang) => `/${lang}/proposals/resend` },
    { name: "privacy notice", path: (lang) => `/${lang}/privacy` },
    { name: "program not found", path: (lang) => `/${lang}/programs/no-such-program`, status: 404 },
    // Accounts (signed out; tests/e2e/accounts.test.ts checks the signed-in pages and the sign-in error).
    { name: "sign-in page", path: (lang) => `/${lang}/sign-in` },
    { name: "sign-in page sent from a guarded page", path: (lang) => `/${lang}/sign-in?next=${encodeURIComponent(`/${lang}/account`)}` },
    { name: "signed-out page", path: (lang) => `/${lang}/sign-out` },
    { name: "forbidden page", path: (lang) => `/${lang}/forbidden`, status: 403 },
  ];

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.name} width`, { concurrency: 1 }, () => {
      let context: BrowserContext;
      let page: Page;
      before(async () => {
        ({ context } = await newContext(browser, viewport));
        page = await context.newPage();
      });
      after(async () => {
        await context?.close();
      });

      for (const lang of LANGS) {
        for (const route of routes) {
          it(`the ${route.name} (${lang}) is accessible`, { timeout: TEST_TIMEOUT }, async () => {
            const path = route.path(lang);
            const response = await page.goto(url(path));
            assert.equal(response?.status(), route.status ?? 200, `${path} answers`);
            await assertAccessible(page, `${path} (${viewport.name})`);
          });
        }

        it(`the proposal form (${lang}) showing errors after an empty submit is accessible`, { timeout: TEST_TIMEOUT }, async () => {
          await page.goto(url(`/${lang}/propose`));
          await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator("main form button[type=submit]").click()]);
          assert.equal(await page.locator(".error-summary").count(), 1, "the error summary is shown");
          await assertAccessible(page, `/${lang}/propose with errors (${viewport.name})`);
        });
      }

      // No language in the address, and a language but no such page: both get the bilingual 404 page.
      for (const path of ["/no-such-page", "/zh/no-such-page"]) {
        it(`the not-found page for ${path} is a real page and accessible`, { timeout: TEST_TIMEOUT }, async () => {
          const plain = await fetch(url(path));
          assert.equal(plain.status, 404);
          const body = await plain.text();
          assert.ok(body.length > 0, `GET ${path} answers 404 with an empty body: the visitor gets the browser's own error page instead of src/pages/404.astro`);
          // A tab of its own: an error page must not leave the shared tab mid-navigation.
          const tab = await context.newPage();
          try {
            await tab.goto(url(path));
            assert.equal((await tab.locator("h1").first().textContent())?.trim(), "页面不存在");
            assert.equal((await tab.locator("h2").first().textContent())?.trim(), "Page not found");
            await assertAccessible(tab, `${path} (${viewport.name})`);
          } finally {
            await tab.close();
          }
        });
      }
    });
  }
});

/**
 * What visitors do, end to end in a real browser against the built Worker: a student browsing the
 * catalog, an enterprise proposing cooperation with and without JavaScript, confirming by email,
 * withdrawing, getting a form's errors, and a keyboard user skipping to the content. Every story
 * runs at desktop width and at 390 px phone width; at phone width no page may scroll sideways.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page, Response } from "playwright-core";
import { type Locale } from "../../functions/domain/locale.ts";
import { translate, type MessageKey } from "../../src/i18n/messages.ts";
import {
  assertNoHorizontalScroll,
  BASE_URL,
  createProposal,
  type Lang,
  LANGS,
  latestConfirmPath,
  launchBrowser,
  newContext,
  TEST_TIMEOUT,
  textOf,
  uniqueEmail,
  url,
  validCreditCode,
  type Viewport,
  VIEWPORTS,
} from "./browser.ts";

const localeOf = (lang: Lang): Locale => (lang === "zh" ? "zh-CN" : "en");
const tr = (lang: Lang, key: MessageKey, params?: Record<string, string | number>) => translate(localeOf(lang), key, params);

/** Runs after every page load: at phone width, nothing may scroll sideways. */
async function checkLayout(page: Page, viewport: Viewport): Promise<void> {
  if (viewport.name === "phone") await assertNoHorizontalScroll(page, 390);
}

/** Clicks something that submits or navigates, and waits for the new document. */
async function clickAndLoad(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), click()]);
}

/**
 * Presses a button that POSTs a form and waits for the resulting page; returns what the server
 * answered the POST itself (status, the Origin header the browser sent, the start of the body).
 */
async function submitAndLoad(page: Page, click: () => Promise<void>): Promise<{ status: number; origin: string; body: string }> {
  const [response] = await Promise.all([
    page.waitForResponse((r: Response) => r.request().method() === "POST" && r.url().startsWith(BASE_URL)),
    page.waitForNavigation({ waitUntil: "load" }),
    click(),
  ]);
  const origin = (await response.request().headerValue("origin")) ?? "(none)";
  const body = response.status() >= 400 ? (await response.text().catch(() => "")).replace(/\s+/g, " ").slice(0, 200) : "";
  return { status: response.status(), origin, body };
}

async function htmlLang(page: Page): Promise<string | null> {
  return page.locator("html").getAttribute("lang");
}

interface ProposalValues {
  orgName: string;
  email: string;
  lang: Lang;
}

/** Fills every required field (and a few optional ones) of /{lang}/propose with valid values. */
async function fillProposal(page: Page, { orgName, email, lang }: ProposalValues): Promise<void> {
  await page.fill("#field-orgName", orgName);
  await page.fill("#field-creditCode", validCreditCode());
  await page.selectOption("#field-industry", "smart-manufacturing");
  await page.selectOption("#field-size", "medium");
  await page.fill("#field-city", lang === "zh" ? "杭州" : "Hangzhou");
  await page.fill("#field-contactName", lang === "zh" ? "王经理" : "Wang Li");
  await page.fill("#field-contactEmail", email);
  await page.fill("#field-contactPhone", "+86 138 0013 8000");
  await page.check('input[name="cooperationTypes"][value="order-class"]');
  await page.check('input[name="cooperationTypes"][value="internship"]');
  await page.check('input[name="majors"][value="mechatronics"]');
  await page.fill("#field-seats", "20");
  await page.fill(
    "#field-description",
    lang === "zh"
      ? "我们希望与学院合作开设工业机器人运维订单班，每年接收二十名实习生。"
      : "We would like to run an industrial robot maintenance order class with the college and take twenty interns a year.",
  );
  await page.check("#field-consent");
}

describe("Visitor journeys", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.name} width`, () => {
      it("a visitor opening / lands on /zh/ or /en/ as their browser's language asks", { timeout: TEST_TIMEOUT }, async () => {
        for (const [acceptLanguage, expected, lang] of [
          ["zh-CN,zh;q=0.9,en;q=0.8", "/zh/", "zh-CN"],
          ["en-US,en;q=0.9", "/en/", "en"],
        ] as const) {
          const { context } = await newContext(browser, viewport, { acceptLanguage });
          try {
            const page = await context.newPage();
            await page.goto(url("/"));
            assert.equal(new URL(page.url()).pathname, expected, `Accept-Language ${acceptLanguage}`);
            assert.equal(await htmlLang(page), lang);
            await checkLayout(page, viewport);
          } finally {
            await context.close();
          }
        }
      });

      it("a student filters the catalog by type and keyword, opens a program, and reads it in English", { timeout: TEST_TIMEOUT }, async () => {
        const { context, outside } = await newContext(browser, viewport, { acceptLanguage: "zh-CN,zh;q=0.9" });
        try {
          const page = await context.newPage();
          await page.goto(url("/"));
          assert.equal(new URL(page.url()).pathname, "/zh/");
          await checkLayout(page, viewport);

          // Home → catalog by the header's navigation.
          await clickAndLoad(page, () => page.locator(".site-nav").getByRole("link", { name: "合作项目" }).click());
          assert.equal(new URL(page.url()).pathname, "/zh/programs");
          await checkLayout(page, viewport);

          // Only order classes.
          await page.selectOption("#f-type", { label: "订单班" });
          await clickAndLoad(page, () => page.locator("form.filters button[type=submit]").click());
          assert.equal(new URL(page.url()).searchParams.get("type"), "order-class");
          const cards = page.locator("section[aria-labelledby=results-heading] ul.cards > li.card");
          const count = await cards.count();
          assert.ok(count > 0, "some order classes are listed");
          const tags = await cards.locator(".tag.type").allTextContents();
          assert.equal(tags.length, count);
          for (const tag of tags) assert.equal(tag.trim(), "订单班");
          assert.equal(await textOf(page, "[role=status]"), `共 ${count} 个项目`);
          assert.equal(await page.locator("#f-type").inputValue(), "order-class", "the chosen filter stays selected");
          await checkLayout(page, viewport);

          // Keyword 数控, any type.
          await page.selectOption("#f-type", "");
          await page.fill("#q", "数控");
          await clickAndLoad(page, () => page.locator("form.filters button[type=submit]").click());
          assert.equal(new URL(page.url()).searchParams.get("q"), "数控");
          const titles = (await cards.locator("h3").allTextContents()).map((t) => t.trim());
          assert.ok(titles.length > 0, "some programs match 数控");
          assert.ok(titles.includes("海川精密数控加工订单班"), `the CNC order class is among ${titles.join(", ")}`);
          assert.ok(!titles.includes("新能源汽车售后服务订单班"), "a program without 数控 is not listed");
          assert.equal(await page.locator("#q").inputValue(), "数控");
          await checkLayout(page, viewport);

          // The program's page.
          await clickAndLoad(page, () => page.getByRole("link", { name: "海川精密数控加工订单班" }).click());
          assert.equal(new URL(page.url()).pathname, "/zh/programs/haichuan-cnc-machining-order-class");
          assert.equal(await textOf(page, "h1"), "海川精密数控加工订单班");
          const fact = (term: string) => page.locator(`dl.facts dt:text-is("${term}") + dd`);
          assert.equal(((await fact("合作企业").textContent()) ?? "").trim(), "宁波海川精密机械有限公司");
          assert.equal(await fact("合作企业").locator("a").getAttribute("href"), "/zh/partners/haichuan-precision");
          assert.equal(((await fact("面向专业").textContent()) ?? "").trim(), "机电一体化技术");
          assert.equal(((await fact("合作形式").textContent()) ?? "").trim(), "订单班");
          await checkLayout(page, viewport);

          // The same program in English.
          await clickAndLoad(page, () => page.locator("a.lang-switch").click());
          assert.equal(new URL(page.url()).pathname, "/en/programs/haichuan-cnc-machining-order-class");
          assert.equal(await htmlLang(page), "en");
          const h1 = await textOf(page, "h1");
          assert.ok(/[A-Za-z]/.test(h1) && !/[\u4e00-\u9fff]/.test(h1), `the English title: ${h1}`);
          assert.equal(((await fact("Partner").textContent()) ?? "").trim(), "Ningbo Haichuan Precision Machinery Co., Ltd.");
          assert.equal(((await fact("Majors").textContent()) ?? "").trim(), "Mechatronics Technology");
          await checkLayout(page, viewport);
          assert.deepEqual(outside, [], "nothing was requested from outside the site");
        } finally {
          await context.close();
        }
      });

      it("an enterprise with JavaScript proposes cooperation in Chinese and is submitted at once (Turnstile passed)", { timeout: TEST_TIMEOUT }, async () => {
        const { context } = await newContext(browser, viewport);
        try {
          const page = await context.newPage();
          await page.goto(url("/zh/propose"));
          await checkLayout(page, viewport);
          // The Turnstile stand-in has done its job before the visitor submits.
          await page.locator('.cf-turnstile input[name="cf-turnstile-response"]').waitFor({ state: "attached" });
          await fillProposal(page, { orgName: "杭州示例智能装备有限公司", email: uniqueEmail("js-zh"), lang: "zh" });
          await clickAndLoad(page, () => page.getByRole("button", { name: "提交", exact: true }).click());

          const received = new URL(page.url());
          assert.equal(received.pathname, "/zh/propose/received");
          assert.ok(received.searchParams.get("t"), "the received page carries the status token");
          assert.equal(await textOf(page, "h1"), "已收到您的合作意向");
          assert.match(await textOf(page, "[data-testid=reference]"), /^XQ-\d{4}-\d{6}$/);
          const reference = await textOf(page, "[data-testid=reference]");
          assert.equal(await textOf(page, "dl.facts dt:text-is('当前状态') + dd"), "已提交，等待审核");
          assert.equal(await textOf(page, ".notice.ok"), tr("zh", "received.submittedNote"));
          await checkLayout(page, viewport);

          await clickAndLoad(page, () => page.locator("a.token-link").click());
          assert.match(new URL(page.url()).pathname, /^\/zh\/proposals\/[^/]+$/);
          assert.equal(await textOf(page, "h1"), "合作意向进度");
          assert.equal(await textOf(page, "[data-testid=status]"), "已提交，等待审核");
          assert.equal(await textOf(page, "dl.facts dt:text-is('编号') + dd"), reference);
          await checkLayout(page, viewport);
        } finally {
          await context.close();
        }
      });

      it("an enterprise without JavaScript proposes in English, confirms by email, then withdraws", { timeout: TEST_TIMEOUT }, async () => {
        const { context } = await newContext(browser, viewport, { javaScript: false });
        try {
          const page = await context.newPage();
          const email = uniqueEmail("nojs-en");
          await page.goto(url("/en/propose"));
          assert.equal(await htmlLang(page), "en");
          await checkLayout(page, viewport);
          await fillProposal(page, { orgName: "Example Smart Equipment Co., Ltd.", email, lang: "en" });
          await clickAndLoad(page, () => page.getByRole("button", { name: "Submit", exact: true }).click());

          assert.equal(new URL(page.url()).pathname, "/en/propose/received");
          assert.equal(await textOf(page, "h1"), "Your proposal has been received");
          const reference = await textOf(page, "[data-testid=reference]");
          assert.match(reference, /^XQ-\d{4}-\d{6}$/);
          assert.equal(await textOf(page, "dl.facts dt:text-is('Status') + dd"), "Waiting for email confirmation");
          assert.equal(await textOf(page, ".notice.warn"), tr("en", "received.confirmNeeded", { email }));
          await checkLayout(page, viewport);
          const statusHref = (await page.locator("a.token-link").getAttribute("href")) ?? "";
          assert.match(statusHref, /^\/en\/proposals\/[\w-]+$/, "the received page links to the status page");

          // The confirmation email's link shows a button; pressing it confirms.
          const confirmPath = await latestConfirmPath("en", email);
          assert.ok(confirmPath.startsWith("/en/proposals/confirm/"), confirmPath);
          await page.goto(url(confirmPath));
          assert.equal(await textOf(page, "h1"), "Confirm your proposal");
          assert.ok((await textOf(page, "main")).includes(reference), "the confirm page names the reference");
          await checkLayout(page, viewport);
          const confirmed = await submitAndLoad(page, () => page.getByRole("button", { name: "Confirm", exact: true }).click());
          assert.equal(confirmed.status, 200, `pressing Confirm (POST ${confirmPath}, sent with Origin: ${confirmed.origin}) answered ${confirmed.status}: ${confirmed.body}`);
          assert.equal(await textOf(page, ".notice.ok"), `${reference}: ${tr("en", "confirm.done")}`);
          await checkLayout(page, viewport);

          await page.goto(url(statusHref));
          assert.equal(await textOf(page, "[data-testid=status]"), "Submitted, awaiting review");
          await checkLayout(page, viewport);

          const withdrawn = await submitAndLoad(page, () => page.getByRole("button", { name: "Withdraw this proposal" }).click());
          assert.equal(withdrawn.status, 303, `pressing Withdraw (POST ${statusHref}, sent with Origin: ${withdrawn.origin}) answered ${withdrawn.status}: ${withdrawn.body}`);
          assert.equal(new URL(page.url()).pathname, statusHref, "back on the status page after withdrawing");
          assert.equal(await textOf(page, "[data-testid=status]"), "Withdrawn");
          assert.equal(await page.getByRole("button", { name: "Withdraw this proposal" }).count(), 0, "nothing left to withdraw");
          await checkLayout(page, viewport);
        } finally {
          await context.close();
        }
      });

      it("an enterprise changes its mind and withdraws a submitted proposal from its status page", { timeout: TEST_TIMEOUT }, async () => {
        const proposal = await createProposal("zh", { turnstile: true });
        const { context } = await newContext(browser, viewport);
        try {
          const page = await context.newPage();
          await page.goto(url(proposal.statusPath));
          assert.equal(await textOf(page, "[data-testid=status]"), "已提交，等待审核");
          await checkLayout(page, viewport);
          const withdrawn = await submitAndLoad(page, () => page.getByRole("button", { name: "撤回这份意向" }).click());
          assert.equal(withdrawn.status, 303, `pressing 撤回 (POST ${proposal.statusPath}, sent with Origin: ${withdrawn.origin}) answered ${withdrawn.status}: ${withdrawn.body}`);
          assert.equal(new URL(page.url()).pathname, proposal.statusPath);
          assert.equal(await textOf(page, "[data-testid=status]"), "已撤回");
          const history = await page.locator("ol.history li").allTextContents();
          assert.ok(history.some((entry) => entry.includes("已撤回") && entry.includes("企业")), `the history records the withdrawal: ${history.join(" | ")}`);
          await checkLayout(page, viewport);
        } finally {
          await context.close();
        }
      });

      for (const lang of LANGS) {
        it(`an enterprise submitting the ${lang} form empty sees every error in ${lang === "zh" ? "Chinese" : "English"}, next to its field, with typed values kept`, { timeout: TEST_TIMEOUT }, async () => {
          const { context } = await newContext(browser, viewport, { javaScript: false });
          try {
            const page = await context.newPage();
            await page.goto(url(`/${lang}/propose`));
            // A few fields typed, the rest left empty.
            const city = lang === "zh" ? "宁波" : "Ningbo";
            await page.fill("#field-city", city);
            await page.fill("#field-contactEmail", "not-an-email");
            const [response] = await Promise.all([
              page.waitForResponse((r: Response) => new URL(r.url()).pathname === `/${lang}/propose` && r.request().method() === "POST"),
              page.getByRole("button", { name: tr(lang, "propose.submit"), exact: true }).click(),
            ]);
            await page.waitForLoadState("load");
            assert.equal(response.status(), 400);
            assert.equal(new URL(page.url()).pathname, `/${lang}/propose`);

            // The summary: a heading and one link per error, each to an element on the page.
            const summary = page.locator(".error-summary");
            assert.equal(await summary.count(), 1, "the error summary is shown");
            assert.equal(await summary.getAttribute("role"), "alert");
            const links = summary.locator("a");
            const linkCount = await links.count();
            assert.equal(await textOf(page, ".error-summary h2"), tr(lang, "propose.errorSummary", { count: linkCount }));
            assert.ok(linkCount >= 9, `one link per error (${linkCount})`);
            for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))) {
              assert.match(href, /^#[\w-]+$/);
              assert.equal(await page.locator(href).count(), 1, `${href} points at a field`);
            }
            assert.ok((await page.title()).startsWith(tr(lang, "propose.errorSummary", { count: linkCount })), "the title says the form has errors");

            // Each required field's own error, in this language, next to it.
            const required = tr(lang, "error.required");
            const expected: [field: string, errorId: string, message: string][] = [
              ["#field-orgName", "#field-orgName-error", required],
              ["#field-industry", "#field-industry-error", required],
              ["#field-size", "#field-size-error", required],
              ["#field-contactName", "#field-contactName-error", required],
              ["#field-contactEmail", "#field-contactEmail-error", tr(lang, "error.invalid_email")],
              ["#field-contactPhone", "#field-contactPhone-error", required],
              ["#group-cooperationTypes", "#cooperationTypes-error", tr(lang, "error.choose_at_least", { min: 1 })],
              ["#field-description", "#field-description-error", required],
              ["#field-consent", "#field-consent-error", required],
            ];
            for (const [field, errorId, message] of expected) {
              assert.equal(await textOf(page, errorId), message, `${errorId}`);
              const describedBy = (await page.locator(field).getAttribute("aria-describedby")) ?? "";
              assert.ok(describedBy.split(" ").includes(errorId.slice(1)), `${field} is described by ${errorId} (aria-describedby="${describedBy}")`);
              if (!field.startsWith("#group-")) assert.equal(await page.locator(field).getAttribute("aria-invalid"), "true", `${field} is marked invalid`);
              // The error sits inside the field's own wrapper, not somewhere else on the page.
              const sameField = await page.locator(errorId).evaluate((error, selector) => {
                const control = document.querySelector(selector);
                const wrapper = error.closest(".field");
                return wrapper !== null && control !== null && wrapper.contains(control);
              }, field);
              assert.ok(sameField, `${errorId} is next to ${field}`);
            }
            assert.equal(await page.locator("#field-city-error").count(), 0, "a filled field has no error");

            // What was typed is still there.
            assert.equal(await page.inputValue("#field-city"), city);
            assert.equal(await page.inputValue("#field-contactEmail"), "not-an-email");
            await checkLayout(page, viewport);
          } finally {
            await context.close();
          }
        });
      }

      it("a keyboard user's first Tab on the propose page reaches the skip link, which moves focus to the content", { timeout: TEST_TIMEOUT }, async () => {
        const { context } = await newContext(browser, viewport);
        try {
          const page = await context.newPage();
          await page.goto(url("/zh/propose"));
          await page.keyboard.press("Tab");
          const focused = await page.evaluate(() => {
            const el = document.activeElement;
            return el ? { tag: el.tagName, className: el.className, text: el.textContent?.trim() ?? "", href: el.getAttribute("href") } : null;
          });
          assert.deepEqual(focused, { tag: "A", className: "skip-link", text: "跳到正文", href: "#main" });
          const visible = await page.locator(".skip-link").boundingBox();
          assert.ok(visible && visible.width > 0 && visible.height > 0 && visible.y >= 0, "the focused skip link is on screen");
          await page.keyboard.press("Enter");
          await page.waitForFunction(() => document.activeElement?.id === "main");
          assert.equal(new URL(page.url()).hash, "#main");
          await checkLayout(page, viewport);
        } finally {
          await context.close();
        }
      });
    });
  }
});

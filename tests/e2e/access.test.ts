/**
 * Getting an account, in Chromium with the keyboard only: an admin invites a teacher, who sets a
 * password from the emailed link; the teacher forgets it and resets it through the outbox link;
 * staff import a roster with a bad row and see why before importing. Every page on the way passes
 * axe.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { assertAccessible, DESKTOP, launchBrowser, newContext, TEST_TIMEOUT, uniqueEmail, url } from "./browser.ts";

/** Moves focus with Tab (as a keyboard user would) until the element matching `selector` has it. */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector} on ${page.url()} ("${await page.title()}")`);
}

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

/** The newest link of a kind mailed to an address, from the local outbox page. */
async function mailedLink(to: string, pattern: RegExp): Promise<string> {
  const html = await (await fetch(url("/en/dev/outbox"))).text();
  for (const article of html.split(/<article\b/).slice(1)) {
    if (!article.includes(to)) continue;
    const match = pattern.exec(article);
    if (match) return match[0];
  }
  assert.fail(`no link matching ${pattern} mailed to ${to}`);
}

async function signInWithKeyboard(page: Page, identifier: string, password: string): Promise<void> {
  await page.goto(url("/en/sign-in"));
  await typeInto(page, "#field-identifier", identifier);
  await typeInto(page, "#field-password", password);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith("/sign-in")), page.keyboard.press("Enter")]);
}

describe("Getting an account, keyboard only", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it("an invited teacher sets a password, forgets it, and resets it through the emailed link", { timeout: 90_000 }, async () => {
    const { context } = await newContext(browser, DESKTOP, { acceptLanguage: "en" });
    const page = await context.newPage();
    const email = uniqueEmail("teacher");

    await signInWithKeyboard(page, "admin@qinglan.example.cn", "demo-admin-qinglan");
    await page.goto(url("/en/staff/invite"));
    await assertAccessible(page, "invite page");
    await typeInto(page, "#field-name", "Teacher Test");
    await typeInto(page, "#field-email", email);
    // The role select starts at "teacher", which is what this invitation is for.
    await tabTo(page, "button[type=submit]:not(.link-button)");
    await Promise.all([page.waitForURL(/\/en\/staff\/invite\?sent=/), page.keyboard.press("Enter")]);
    assert.match(await page.locator(".notice.ok").innerText(), new RegExp(email.replace(/[.+]/g, "\\$&")));

    const invitation = await mailedLink(email, /\/en\/access\/[A-Za-z0-9_-]{43}/);
    const stranger = await browser.newContext();
    const invitee = await stranger.newPage();
    await invitee.goto(url(invitation));
    await assertAccessible(invitee, "set password from invitation");
    await typeInto(invitee, "#field-password", "first teacher passphrase");
    await invitee.keyboard.press("Enter");
    await invitee.waitForURL(/\/en\/sign-in\?set=1/);

    await tabTo(invitee, "a[href='/en/forgot-password']");
    await invitee.keyboard.press("Enter");
    await invitee.waitForURL(/forgot-password/);
    await assertAccessible(invitee, "forgot password");
    await typeInto(invitee, "#field-email", email);
    await invitee.keyboard.press("Enter");
    await invitee.locator(".notice.ok").waitFor();

    const reset = await mailedLink(email, /\/(?:zh|en)\/access\/[A-Za-z0-9_-]{43}/);
    assert.notEqual(reset, invitation);
    await invitee.goto(url(reset));
    await typeInto(invitee, "#field-password", "second teacher passphrase");
    await invitee.keyboard.press("Enter");
    await invitee.waitForURL(/sign-in\?set=1/);
    await invitee.goto(url(invitation));
    assert.ok(await invitee.locator(".notice.warn").isVisible(), "a used link does not work twice");

    await signInWithKeyboard(invitee, email, "second teacher passphrase");
    assert.match(invitee.url(), /\/en\/teacher$/);
    await stranger.close();
    await context.close();
  });

  it("staff import a roster with a bad row: the preview says why, the import takes the good rows", { timeout: TEST_TIMEOUT * 2 }, async () => {
    const { context } = await newContext(browser, DESKTOP, { acceptLanguage: "zh-CN" });
    const page = await context.newPage();
    await page.goto(url("/zh/sign-in"));
    await typeInto(page, "#field-identifier", "staff@qinglan.example.cn");
    await typeInto(page, "#field-password", "demo-staff-qinglan");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/zh\/staff$/);

    await page.goto(url("/zh/staff/students/import"));
    await assertAccessible(page, "roster upload");
    const suffix = String(Date.now()).slice(-6);
    const csv = `学号,姓名,专业,班级\n77${suffix}1,赵一,软件技术,测试2601\n77${suffix}2,,软件技术,测试2601\n77${suffix}3,钱三,考古学,测试2601\n`;
    // A file chooser is the operating system's dialog; Playwright sets the file as a user would pick it.
    await page.setInputFiles("#roster", { name: "roster.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await tabTo(page, "button[type=submit]:not(.link-button)");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/zh\/staff\/students\/import\/[0-9a-f-]{36}$/);
    await assertAccessible(page, "roster preview");
    const table = await page.locator("table").innerText();
    assert.match(table, /3\s+\S*\s*姓名: 请填写此项/);
    assert.match(table, /4\s+77\d+3\s+专业: 没有这个专业/);

    await tabTo(page, "form[method=post] button[type=submit]:not(.link-button)");
    await Promise.all([page.waitForURL(/\?imported=/), page.keyboard.press("Enter")]);
    assert.match(await page.locator(".notice.ok").innerText(), /已导入 1 名学生/);
    await context.close();
  });
});

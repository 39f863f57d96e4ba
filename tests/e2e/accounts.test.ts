/**
 * Accounts and sessions in a real browser against the built Worker, with the seeded demo
 * accounts (scripts/demo-accounts.ts): signing in (keyboard only, with and without JavaScript,
 * a wrong password), each role's home, the page guard (sign-in with `next`, 403 for the wrong
 * role), the session cookie's attributes ("shared computer" or not), signing out (here and
 * everywhere: the old cookie no longer works), the account page's password change, an admin
 * disabling an account, 390 px layout and axe on every signed-in page.
 *
 * Each story signs in its own fresh browser contexts. The stories that end other sessions run
 * last, and put back what they change (the enterprise account re-enabled, the teacher's
 * password restored), so the other test files see the seeded accounts as they were.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Cookie, Locator, Page, Response } from "playwright-core";
import { type Locale } from "../../functions/domain/locale.ts";
import { type DemoAccount, DEMO_ACCOUNTS } from "../../scripts/demo-accounts.ts";
import { translate, type MessageKey } from "../../src/i18n/messages.ts";
import {
  assertAccessible,
  assertNoHorizontalScroll,
  BASE_URL,
  createProposal,
  DESKTOP,
  type Lang,
  LANGS,
  launchBrowser,
  newContext,
  PHONE,
  TEST_TIMEOUT,
  textOf,
  url,
  type Viewport,
  VIEWPORTS,
} from "./browser.ts";

const SESSION_COOKIE = "xq_session";
/** Ten days, as functions/auth/session-token.ts says (SESSION_LIFETIME_MS). */
const SESSION_LIFETIME_S = 10 * 24 * 60 * 60;
/** Stories that sign in several contexts need more than the default 30 s. */
const LONG_TIMEOUT = 90_000;

type Role = DemoAccount["role"];
const HOME: Record<Role, string> = { admin: "/admin", staff: "/staff", teacher: "/teacher", student: "/student", enterprise: "/enterprise" };

const localeOf = (lang: Lang): Locale => (lang === "zh" ? "zh-CN" : "en");
const tr = (lang: Lang, key: MessageKey, params?: Record<string, string | number>) => translate(localeOf(lang), key, params);

function demo(role: Role): DemoAccount {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  assert.ok(account, `a demo account for ${role}`);
  return account;
}

function pathOf(page: Page): string {
  const { pathname, search } = new URL(page.url());
  return pathname + search;
}

/** Where the guard sends an anonymous visitor who asked for `path`. */
function signInFor(lang: Lang, path: string): string {
  return `/${lang}/sign-in?next=${encodeURIComponent(path)}`;
}

/**
 * Does something that POSTs a form and waits for the page it leads to; returns the POST's own
 * response (the 303 of a redirect, or the page itself when the server answers with one).
 */
async function submitAndLoad(page: Page, action: () => Promise<void>): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().startsWith(BASE_URL)),
    page.waitForNavigation({ waitUntil: "load" }),
    action(),
  ]);
  return response;
}

interface SignInOptions {
  lang?: Lang;
  password?: string;
  shared?: boolean;
  /** Start from this path (e.g. a guarded page that sends the visitor to sign in). */
  from?: string;
}

/** Signs in through the form (mouse-free fill and a click on the submit button); returns the POST's response. */
async function signIn(page: Page, account: DemoAccount, options: SignInOptions = {}): Promise<Response> {
  const lang = options.lang ?? "zh";
  await page.goto(url(options.from ?? `/${lang}/sign-in`));
  assert.match(new URL(page.url()).pathname, /^\/(zh|en)\/sign-in$/, `the sign-in form is shown (at ${page.url()})`);
  await page.fill("#field-identifier", account.signIn);
  await page.fill("#field-password", options.password ?? account.password);
  if (options.shared) await page.check("#field-shared");
  return submitAndLoad(page, () => page.locator("main form button[type=submit]").click());
}

/** A fresh context signed in as `role` at its home; fails unless sign-in worked. */
async function signedInContext(browser: Browser, role: Role, viewport: Viewport = DESKTOP, lang: Lang = "zh"): Promise<{ context: BrowserContext; page: Page }> {
  const { context } = await newContext(browser, viewport);
  const page = await context.newPage();
  const response = await signIn(page, demo(role), { lang });
  assert.equal(response.status(), 303, `signing in as ${role} redirects`);
  assert.equal(new URL(page.url()).pathname, `/${lang}${HOME[role]}`, `${role} lands on their home`);
  return { context, page };
}

async function sessionCookie(context: BrowserContext): Promise<Cookie | undefined> {
  return (await context.cookies(BASE_URL)).find((c) => c.name === SESSION_COOKIE);
}

/** Presses Tab until `target` has the focus (at most `max` times); fails if it never does. */
async function tabTo(page: Page, target: Locator, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? "(nothing)");
  assert.fail(`${max} presses of Tab never reached the element; focus is on ${focused}`);
}

/** A GET with the given session cookie and no redirects followed, as a script (or an attacker with a copied cookie) would send it. */
async function rawGet(path: string, token: string): Promise<globalThis.Response> {
  return fetch(url(path), { headers: { cookie: `${SESSION_COOKIE}=${token}` }, redirect: "manual" });
}

/** Signs in without a browser; returns the session token, or null when refused. */
async function rawSignIn(lang: Lang, identifier: string, password: string): Promise<string | null> {
  const response = await fetch(url(`/${lang}/sign-in`), {
    method: "POST",
    body: new URLSearchParams({ identifier, password }),
    headers: { origin: BASE_URL },
    redirect: "manual",
  });
  await response.arrayBuffer();
  if (response.status !== 303) return null;
  const match = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(response.headers.get("set-cookie") ?? "");
  return match?.[1] ?? null;
}

/** The header's user menu: "my home", the account's name (to /account) and the sign-out button. */
async function assertUserMenu(page: Page, lang: Lang, account: DemoAccount): Promise<void> {
  const at = pathOf(page);
  const menu = page.locator("header .user-menu");
  const home = menu.getByRole("link", { name: tr(lang, "nav.myHome"), exact: true });
  const name = menu.getByRole("link", { name: account.name, exact: true });
  const signOut = menu.getByRole("button", { name: tr(lang, "nav.signOut"), exact: true });
  const signIn = menu.getByRole("link", { name: tr(lang, "nav.signIn"), exact: true });
  assert.equal(await signIn.count(), 0, `${at}: the header offers "${tr(lang, "nav.signIn")}" to a signed-in account (${await textOf(page, "header .user-menu")})`);
  assert.equal(await home.count(), 1, `${at}: the user menu has "${tr(lang, "nav.myHome")}"`);
  assert.equal(await home.getAttribute("href"), `/${lang}${HOME[account.role]}`, `${at}: "${tr(lang, "nav.myHome")}" leads to the ${account.role} home`);
  assert.equal(await name.count(), 1, `${at}: the user menu shows the name ${account.name}`);
  assert.equal(await name.getAttribute("href"), `/${lang}/account`, `${at}: the name links to the account page`);
  assert.equal(await signOut.count(), 1, `${at}: the user menu has the sign-out button`);
}

/** The admin's accounts table row for one account. */
function accountRow(page: Page, account: DemoAccount): Locator {
  return page.locator("main table tbody tr", { hasText: account.email ?? account.studentNumber ?? account.name });
}

describe("Accounts and sessions", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
    // The staff home lists proposals: give it some, so its table is laid out and checked too.
    for (const lang of LANGS) await createProposal(lang);
  });
  after(async () => {
    await browser?.close();
  });

  it("the staff member signs in with the keyboard only, sees their home and the user menu, signs out from the header, and the old cookie no longer works", { timeout: TEST_TIMEOUT }, async () => {
    const staff = demo("staff");
    const { context } = await newContext(browser, DESKTOP);
    try {
      const page = await context.newPage();
      await page.goto(url("/zh/sign-in"));
      assert.equal(await textOf(page, "main h1"), "登录");

      // Tab to the first field, type, Tab to the password, type, Enter.
      await tabTo(page, page.locator("#field-identifier"));
      await page.keyboard.type(staff.signIn);
      await page.keyboard.press("Tab");
      assert.ok(await page.locator("#field-password").evaluate((el) => el === document.activeElement), "Tab goes from the identifier to the password");
      await page.keyboard.type(staff.password);
      const posted = await submitAndLoad(page, () => page.keyboard.press("Enter"));
      assert.equal(posted.status(), 303, "the sign-in POST redirects");

      assert.equal(pathOf(page), "/zh/staff");
      assert.equal(await textOf(page, "main h1"), tr("zh", "roleHome.welcome", { name: staff.name }));
      assert.equal(await textOf(page, "main .lead"), tr("zh", "roleHome.role", { role: tr("zh", "role.staff") }));
      await assertUserMenu(page, "zh", staff);

      const cookie = await sessionCookie(context);
      assert.ok(cookie?.value, "a session cookie is set");
      const token = cookie.value;
      // The cookie opens the page for a script too (so the check after signing out means something).
      const before = await rawGet("/zh/staff", token);
      assert.equal(before.status, 200, "the session cookie opens /zh/staff");
      await before.arrayBuffer();

      // Sign out from the header, by keyboard.
      const signOut = page.locator("header .user-menu").getByRole("button", { name: "退出登录", exact: true });
      await tabTo(page, signOut);
      const signedOut = await submitAndLoad(page, () => page.keyboard.press("Enter"));
      assert.equal(signedOut.status(), 303, "the sign-out POST redirects");
      assert.equal(pathOf(page), "/zh/sign-out");
      assert.equal(await textOf(page, "main [role=status]"), tr("zh", "signOut.done"));
      assert.equal(await page.locator("header .user-menu").getByRole("link", { name: "登录", exact: true }).count(), 1, "the header offers to sign in again");
      assert.equal(await sessionCookie(context), undefined, "the browser's session cookie is cleared");

      // Back to the staff page: the browser's Back button, then the address typed again.
      await page.goBack({ waitUntil: "load" });
      assert.equal(pathOf(page), signInFor("zh", "/zh/staff"), "Back to /zh/staff after signing out sends to sign-in (not a cached staff page)");
      await page.goto(url("/zh/staff"));
      assert.equal(pathOf(page), signInFor("zh", "/zh/staff"), "/zh/staff now sends to sign-in");

      // The old cookie, sent again by hand, no longer opens anything: the session ended on the server.
      const replay = await rawGet("/zh/staff", token);
      assert.equal(replay.status, 303, "the old session cookie is refused");
      assert.equal(replay.headers.get("location"), signInFor("zh", "/zh/staff"));
      assert.match(replay.headers.get("set-cookie") ?? "", new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`), "and the server clears it");
    } finally {
      await context.close();
    }
  });

  for (const lang of LANGS) {
    it(`a wrong password (${lang}) is answered with 401 and the error in ${lang === "zh" ? "Chinese" : "English"}, keeps the identifier and sets no cookie`, { timeout: TEST_TIMEOUT }, async () => {
      const staff = demo("staff");
      const { context } = await newContext(browser, DESKTOP);
      try {
        const page = await context.newPage();
        const response = await signIn(page, staff, { lang, password: "not-the-password-at-all" });
        assert.equal(response.status(), 401, "the sign-in POST answers 401");
        assert.equal(new URL(page.url()).pathname, `/${lang}/sign-in`);
        const problem = page.locator("main #sign-in-problem");
        assert.equal(await problem.getAttribute("role"), "alert", "the error is announced");
        assert.equal(((await problem.textContent()) ?? "").trim(), tr(lang, "signIn.failed"));
        assert.equal(await page.locator("#field-identifier").inputValue(), staff.signIn, "the identifier is kept");
        assert.equal(await page.locator("#field-password").inputValue(), "", "the password is not sent back");
        assert.match((await page.locator("#field-password").getAttribute("aria-describedby")) ?? "", /sign-in-problem/, "the password field points to the error");
        assert.equal(await sessionCookie(context), undefined, "no session cookie");
        assert.doesNotMatch((await response.allHeaders())["set-cookie"] ?? "", new RegExp(`${SESSION_COOKIE}=[^;]`), "the 401 sets no session cookie");
      } finally {
        await context.close();
      }
    });
  }

  it("each demo role lands on its own home after signing in, in both languages", { timeout: LONG_TIMEOUT }, async () => {
    for (const lang of LANGS) {
      for (const account of DEMO_ACCOUNTS) {
        const { context } = await newContext(browser, DESKTOP);
        try {
          const page = await context.newPage();
          const response = await signIn(page, account, { lang });
          assert.equal(response.status(), 303, `${account.role} (${lang}): the sign-in POST redirects`);
          assert.equal(pathOf(page), `/${lang}${HOME[account.role]}`, `${account.role} (${lang}) lands on their home`);
          assert.equal(await textOf(page, "main h1"), tr(lang, "roleHome.welcome", { name: account.name }), `${account.role} (${lang}): the welcome names them`);
          assert.equal(await textOf(page, "main .lead"), tr(lang, "roleHome.role", { role: tr(lang, `role.${account.role}`) }), `${account.role} (${lang}): the role is shown`);
          await assertUserMenu(page, lang, account);
        } finally {
          await context.close();
        }
      }
    }
  });

  it("the student's home shows their student number", { timeout: TEST_TIMEOUT }, async () => {
    const student = demo("student");
    assert.ok(student.studentNumber);
    const { context, page } = await signedInContext(browser, "student");
    try {
      const main = await textOf(page, "main");
      assert.ok(main.includes(student.studentNumber), `/zh/student shows the student number ${student.studentNumber}; its main text is: ${main}`);
    } finally {
      await context.close();
    }
  });

  it("a student opening /zh/admin gets the 403 page, and the refusal is in the audit log", { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await signedInContext(browser, "student");
    try {
      for (const lang of LANGS) {
        for (const path of [`/${lang}/admin`, `/${lang}/admin/audit`, `/${lang}/staff`]) {
          const response = await page.goto(url(path));
          assert.equal(response?.status(), 403, `${path} answers 403 to a student`);
          assert.equal(pathOf(page), path, "the address stays (no redirect)");
          assert.equal(await textOf(page, "main h1"), tr(lang, "forbidden.title"));
          assert.equal(await textOf(page, "main p"), tr(lang, "forbidden.text"));
          await assertUserMenu(page, lang, demo("student"));
        }
      }
    } finally {
      await context.close();
    }
    const admin = await signedInContext(browser, "admin");
    try {
      await admin.page.goto(url("/zh/admin/audit?action=permission-denied"));
      const rows = admin.page.locator("main table tbody tr");
      assert.ok((await rows.count()) >= 1, "the audit log lists permission-denied entries");
      assert.equal(await textOf(admin.page, "main table tbody tr td:nth-child(3)"), demo("student").name, "the newest names the student");
    } finally {
      await admin.context.close();
    }
  });

  it("an anonymous visitor opening /en/account is sent to sign in, and back to /en/account afterwards", { timeout: TEST_TIMEOUT }, async () => {
    const student = demo("student");
    const { context } = await newContext(browser, DESKTOP);
    try {
      const page = await context.newPage();
      const response = await signIn(page, student, { lang: "en", from: "/en/account" });
      assert.equal(response.url(), url(signInFor("en", "/en/account")), "the form posts to sign-in with the next parameter");
      assert.equal(response.status(), 303);
      assert.equal(pathOf(page), "/en/account", "back where the visitor was going");
      assert.equal(await textOf(page, "main h1"), "My account");
      const facts = await textOf(page, "main dl.facts");
      assert.ok(facts.includes(student.name) && facts.includes(student.studentNumber ?? "?"), `the account page shows name and student number: ${facts}`);
    } finally {
      await context.close();
    }
  });

  it("the next parameter cannot send anyone to another site", { timeout: TEST_TIMEOUT }, async () => {
    const student = demo("student");
    for (const next of ["https://evil.example/", "//evil.example/zh/", "/\\evil.example", "/zh//evil.example", "javascript:alert(1)"]) {
      const response = await fetch(url(`/zh/sign-in?next=${encodeURIComponent(next)}`), {
        method: "POST",
        body: new URLSearchParams({ identifier: student.signIn, password: student.password }),
        headers: { origin: BASE_URL },
        redirect: "manual",
      });
      await response.arrayBuffer();
      assert.equal(response.status, 303, `next=${next}: signed in`);
      const location = new URL(response.headers.get("location") ?? "", BASE_URL);
      assert.equal(location.origin, BASE_URL, `next=${next}: the redirect stays on this site (${response.headers.get("location")})`);
    }
  });

  it('the "shared computer" box gives a browser-session cookie; without it the cookie lasts 10 days; both HttpOnly, Secure, SameSite=Lax', { timeout: TEST_TIMEOUT }, async () => {
    const teacher = demo("teacher");
    const shared = await newContext(browser, DESKTOP);
    const own = await newContext(browser, DESKTOP);
    try {
      const sharedPage = await shared.context.newPage();
      assert.equal((await signIn(sharedPage, teacher, { shared: true })).status(), 303);
      const ownPage = await own.context.newPage();
      const signedInAt = Date.now() / 1000;
      assert.equal((await signIn(ownPage, teacher)).status(), 303);

      const sharedCookie = await sessionCookie(shared.context);
      assert.ok(sharedCookie, "shared computer: a session cookie");
      assert.equal(sharedCookie.expires, -1, "shared computer: no Max-Age/Expires (ends with the browser)");
      const ownCookie = await sessionCookie(own.context);
      assert.ok(ownCookie, "own computer: a session cookie");
      assert.ok(Math.abs(ownCookie.expires - (signedInAt + SESSION_LIFETIME_S)) < 120, `own computer: expires ~10 days ahead (${new Date(ownCookie.expires * 1000).toISOString()})`);
      for (const [label, cookie] of [["shared", sharedCookie], ["own", ownCookie]] as const) {
        assert.equal(cookie.httpOnly, true, `${label}: HttpOnly`);
        assert.equal(cookie.secure, true, `${label}: Secure`);
        assert.equal(cookie.sameSite, "Lax", `${label}: SameSite=Lax`);
        assert.equal(cookie.path, "/", `${label}: whole site`);
      }

      // The account page tells which of its sessions is on a shared computer.
      await sharedPage.goto(url("/zh/account"));
      const current = sharedPage.locator("main ul li", { hasText: tr("zh", "account.sessionCurrent") });
      assert.ok(((await current.textContent()) ?? "").includes(tr("zh", "account.sessionShared")), "the current (shared) session is marked 公用电脑");
      // A request does not turn the shared session into a lasting one.
      assert.equal((await sessionCookie(shared.context))?.expires, -1, "still a browser-session cookie after more requests");
    } finally {
      await shared.context.close();
      await own.context.close();
    }
  });

  it("a signed-in account sees the user menu on every page, the public ones included", { timeout: TEST_TIMEOUT }, async () => {
    const staff = demo("staff");
    const { context, page } = await signedInContext(browser, "staff");
    try {
      const missing: string[] = [];
      for (const lang of LANGS) {
        // Not /privacy: a prerendered file knows no visitor, so its header links to the account page instead (below).
        for (const path of ["/", "/programs", "/partners", "/propose", "/account"]) {
          await page.goto(url(`/${lang}${path}`));
          try {
            await assertUserMenu(page, lang, staff);
          } catch (error) {
            missing.push((error as Error).message.split("\n")[0] ?? path);
          }
        }
      }
      assert.deepEqual(missing, [], "pages whose header does not show the signed-in account");
      for (const lang of LANGS) {
        await page.goto(url(`/${lang}/privacy`));
        await page.locator(`.user-menu a[href='/${lang}/account']`).click();
        await page.waitForURL(new RegExp(`/${lang}/account$`));
      }
    } finally {
      await context.close();
    }
  });

  for (const lang of LANGS) {
    it(`without JavaScript (${lang}), signing in and out still works`, { timeout: TEST_TIMEOUT }, async () => {
      const staff = demo("staff");
      const { context } = await newContext(browser, DESKTOP, { javaScript: false });
      try {
        const page = await context.newPage();
        assert.equal((await signIn(page, staff, { lang })).status(), 303);
        assert.equal(pathOf(page), `/${lang}/staff`);
        assert.equal(await textOf(page, "main h1"), tr(lang, "roleHome.welcome", { name: staff.name }));
        await assertUserMenu(page, lang, staff);
        const response = await submitAndLoad(page, () => page.locator("header .user-menu").getByRole("button", { name: tr(lang, "nav.signOut") }).click());
        assert.equal(response.status(), 303);
        assert.equal(pathOf(page), `/${lang}/sign-out`);
        assert.equal(await textOf(page, "main [role=status]"), tr(lang, "signOut.done"));
        await page.goto(url(`/${lang}/staff`));
        assert.equal(pathOf(page), signInFor(lang, `/${lang}/staff`));
      } finally {
        await context.close();
      }
    });
  }

  describe("at 390 px width nothing scrolls sideways", () => {
    for (const lang of LANGS) {
      it(`the sign-in page (${lang}), empty and showing the error`, { timeout: TEST_TIMEOUT }, async () => {
        const { context } = await newContext(browser, PHONE);
        try {
          const page = await context.newPage();
          await page.goto(url(`/${lang}/sign-in`));
          await assertNoHorizontalScroll(page, 390);
          assert.equal((await signIn(page, demo("student"), { lang, password: "wrong-password-390" })).status(), 401);
          await assertNoHorizontalScroll(page, 390);
        } finally {
          await context.close();
        }
      });
    }

    for (const account of DEMO_ACCOUNTS) {
      it(`the ${account.role} home${account.role === "admin" ? ", the audit log" : ""} and the account page (header with the user menu), in both languages`, { timeout: TEST_TIMEOUT }, async () => {
        const { context, page } = await signedInContext(browser, account.role, PHONE);
        try {
          const overflowing: string[] = [];
          for (const lang of LANGS) {
            for (const path of [`/${lang}${HOME[account.role]}`, `/${lang}/account`, ...(account.role === "admin" ? [`/${lang}/admin/audit`] : [])]) {
              const response = await page.goto(url(path));
              assert.equal(response?.status(), 200, `${path} answers`);
              try {
                await assertNoHorizontalScroll(page, 390);
              } catch (error) {
                overflowing.push((error as Error).message.split("\n")[0] ?? path);
              }
            }
          }
          assert.deepEqual(overflowing, [], "pages that scroll sideways at 390 px");
        } finally {
          await context.close();
        }
      });
    }
  });

  describe("Accessibility (axe, WCAG 2.2 AA) of the account pages: no serious or critical violation", () => {
    /** Opens each page in turn (expecting its status) and runs axe on it. */
    const check = async (page: Page, pages: [path: string, status: number][], who: string, viewport: Viewport) => {
      for (const [path, status] of pages) {
        const response = await page.goto(url(path));
        assert.equal(response?.status(), status, `${path} answers ${status} to the ${who}`);
        await assertAccessible(page, `${path} as ${who} (${viewport.name})`);
      }
    };

    for (const viewport of VIEWPORTS) {
      describe(`at ${viewport.name} width`, () => {
        for (const lang of LANGS) {
          it(`the sign-in page (${lang}) showing the error`, { timeout: TEST_TIMEOUT }, async () => {
            const { context } = await newContext(browser, viewport);
            try {
              const page = await context.newPage();
              assert.equal((await signIn(page, demo("staff"), { lang, password: "wrong-password-axe" })).status(), 401);
              await assertAccessible(page, `/${lang}/sign-in with the error (${viewport.name})`);
            } finally {
              await context.close();
            }
          });
        }

        for (const account of DEMO_ACCOUNTS) {
          const extra =
            account.role === "admin" ? ", and the audit log" : account.role === "student" ? ", the account page (also with errors), the sign-out page and the forbidden page" : "";
          it(`the ${account.role}'s home${extra}, in both languages`, { timeout: LONG_TIMEOUT }, async () => {
            const { context, page } = await signedInContext(browser, account.role, viewport);
            try {
              const pages: [string, number][] = [];
              for (const lang of LANGS) {
                pages.push([`/${lang}${HOME[account.role]}`, 200]);
                if (account.role === "admin") pages.push([`/${lang}/admin/audit`, 200]);
                if (account.role === "student") pages.push([`/${lang}/account`, 200], [`/${lang}/sign-out`, 200], [`/${lang}/admin`, 403]);
              }
              if (account.role === "admin") pages.push(["/zh/admin/audit?action=sign-in", 200]);
              await check(page, pages, account.role, viewport);
              if (account.role === "student") {
                // The account page showing its field errors.
                await page.goto(url("/zh/account"));
                await page.fill("#current", "wrong-current-password");
                await page.fill("#next", "password123");
                const response = await submitAndLoad(page, () => page.getByRole("button", { name: "修改密码", exact: true }).click());
                assert.equal(response.status(), 400);
                await assertAccessible(page, `/zh/account with errors as student (${viewport.name})`);
              }
            } finally {
              await context.close();
            }
          });
        }
      });
    }
  });

  it("a form posted from another site cannot sign out, sign out everywhere or change the password", { timeout: TEST_TIMEOUT }, async () => {
    const staff = demo("staff");
    const token = await rawSignIn("zh", staff.signIn, staff.password);
    assert.ok(token, "signed in");
    const forms: [string, Record<string, string>][] = [
      ["/zh/sign-out", {}],
      ["/zh/account", { action: "everywhere" }],
      ["/zh/account", { action: "password", current: staff.password, next: "a-new-password-from-evil" }],
    ];
    for (const [path, fields] of forms) {
      const response: globalThis.Response = await fetch(url(path), {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site", cookie: `${SESSION_COOKIE}=${token}` },
        redirect: "manual",
      });
      await response.arrayBuffer();
      assert.equal(response.status, 403, `a cross-site POST ${path} ${JSON.stringify(fields)} is refused`);
    }
    const still = await rawGet("/zh/staff", token);
    await still.arrayBuffer();
    assert.equal(still.status, 200, "the session still works");
    assert.ok(await rawSignIn("zh", staff.signIn, staff.password), "and the password is unchanged");
  });

  // The stories below end sessions (everywhere, a disabled account, a changed password): they run last.

  it('"sign out everywhere" ends the sessions in both browsers', { timeout: TEST_TIMEOUT }, async () => {
    const a = await signedInContext(browser, "student");
    const b = await signedInContext(browser, "student", PHONE);
    try {
      const tokenA = (await sessionCookie(a.context))?.value;
      const tokenB = (await sessionCookie(b.context))?.value;
      assert.ok(tokenA && tokenB && tokenA !== tokenB, "two sessions");
      await a.page.goto(url("/zh/account"));
      assert.ok((await a.page.locator("main ul li").count()) >= 2, "the account page lists both sessions");
      const response = await submitAndLoad(a.page, () => a.page.getByRole("button", { name: "在所有设备上退出", exact: true }).click());
      assert.equal(response.status(), 303);
      assert.equal(new URL(a.page.url()).pathname, "/zh/sign-in", "the one who pressed it is on the sign-in page");
      assert.equal(await sessionCookie(a.context), undefined, "their cookie is cleared");

      await a.page.goto(url("/zh/student"));
      assert.equal(pathOf(a.page), signInFor("zh", "/zh/student"), "this browser is signed out");
      await b.page.goto(url("/zh/student"));
      assert.equal(pathOf(b.page), signInFor("zh", "/zh/student"), "the other browser is signed out at its next request");
      for (const token of [tokenA, tokenB]) {
        const replay = await rawGet("/zh/account", token);
        assert.equal(replay.status, 303, "an old cookie no longer opens the account page");
      }
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it("an admin disables the enterprise account: its open session ends and it cannot sign in until enabled again", { timeout: LONG_TIMEOUT }, async () => {
    const enterprise = demo("enterprise");
    const admin = await signedInContext(browser, "admin");
    const user = await signedInContext(browser, "enterprise");
    const row = accountRow(admin.page, enterprise);
    const disable = row.getByRole("button", { name: `停用: ${enterprise.name}`, exact: true });
    const enable = row.getByRole("button", { name: `启用: ${enterprise.name}`, exact: true });
    let disabled = false;
    try {
      assert.equal(pathOf(admin.page), "/zh/admin");
      assert.equal(await textOf(admin.page, "main h2"), "账户");
      assert.equal(await row.count(), 1, "the enterprise account has a row");
      assert.equal(((await row.locator("td").nth(3).textContent()) ?? "").trim(), "正常", "the enterprise account is active");
      // No button on the admin's own row.
      assert.equal(await accountRow(admin.page, demo("admin")).getByRole("button").count(), 0, "an admin cannot disable themselves");

      const response = await submitAndLoad(admin.page, () => disable.click());
      disabled = true;
      assert.equal(response.status(), 303);
      assert.equal(pathOf(admin.page), "/zh/admin");
      assert.equal(((await row.locator("td").nth(3).textContent()) ?? "").trim(), "已停用", "the row says disabled");
      assert.equal(await enable.count(), 1, "the row now offers to enable it");

      await user.page.goto(url("/zh/enterprise"));
      assert.equal(pathOf(user.page), signInFor("zh", "/zh/enterprise"), "the enterprise user is signed out at their next request");
      const again = await signIn(user.page, enterprise);
      assert.equal(again.status(), 401, "a disabled account cannot sign in");
      assert.equal(await textOf(user.page, "main #sign-in-problem"), tr("zh", "signIn.failed"), "with the same message as a wrong password");

      assert.equal((await submitAndLoad(admin.page, () => enable.click())).status(), 303);
      disabled = false;
      assert.equal(((await row.locator("td").nth(3).textContent()) ?? "").trim(), "正常", "the row says active again");
      assert.equal((await signIn(user.page, enterprise)).status(), 303, "enabled again, the account signs in");
      assert.equal(pathOf(user.page), "/zh/enterprise");
    } finally {
      if (disabled && (await enable.count()) === 1) await submitAndLoad(admin.page, () => enable.click()).catch(() => undefined);
      await admin.context.close();
      await user.context.close();
    }
  });

  it("the teacher changes their password on the account page: field errors first, then the other browser is signed out and this one is not", { timeout: LONG_TIMEOUT }, async () => {
    const teacher = demo("teacher");
    const newPassword = `teacher-new-passphrase-${Date.now().toString(36)}`;
    const a = await signedInContext(browser, "teacher");
    const b = await signedInContext(browser, "teacher", PHONE);
    let changed = false;
    const submit = (page: Page) => submitAndLoad(page, () => page.getByRole("button", { name: "修改密码", exact: true }).click());
    try {
      const page = a.page;
      await page.goto(url("/zh/account"));
      assert.equal(await textOf(page, "main h1"), "我的账户");

      // A wrong current password: the error next to that field.
      await page.fill("#current", "not-my-current-password");
      await page.fill("#next", newPassword);
      assert.equal((await submit(page)).status(), 400);
      assert.equal(await textOf(page, "#current-error"), tr("zh", "error.password_wrong"));
      assert.equal(await page.locator("#current").getAttribute("aria-invalid"), "true");
      assert.match((await page.locator("#current").getAttribute("aria-describedby")) ?? "", /\bcurrent-error\b/);
      assert.equal(await page.locator("#next-error").count(), 0, "no error on the new password");

      // A common new password.
      await page.fill("#current", teacher.password);
      await page.fill("#next", "password123");
      assert.equal((await submit(page)).status(), 400);
      assert.equal(await textOf(page, "#next-error"), tr("zh", "error.password_common"));
      assert.equal(await page.locator("#next").getAttribute("aria-invalid"), "true");
      assert.match((await page.locator("#next").getAttribute("aria-describedby")) ?? "", /\bnext-error\b/);
      assert.equal(await page.locator("#current-error").count(), 0, "no error on the current password");

      // A good change.
      await page.fill("#current", teacher.password);
      await page.fill("#next", newPassword);
      assert.equal((await submit(page)).status(), 303);
      changed = true;
      assert.equal(pathOf(page), "/zh/account?changed=1");
      assert.equal(await textOf(page, "main [role=status]"), tr("zh", "account.passwordChanged"));

      await b.page.goto(url("/zh/teacher"));
      assert.equal(pathOf(b.page), signInFor("zh", "/zh/teacher"), "the other browser is signed out at its next request");
      const stay = await page.goto(url("/zh/teacher"));
      assert.equal(stay?.status(), 200);
      assert.equal(pathOf(page), "/zh/teacher", "this browser stays signed in");

      // The new password signs in; the old one does not.
      assert.equal((await signIn(b.page, teacher)).status(), 401, "the old password no longer works");
      assert.equal((await signIn(b.page, teacher, { password: newPassword })).status(), 303, "the new password works");
      assert.equal(pathOf(b.page), "/zh/teacher");

      // Put the demo password back.
      await page.goto(url("/zh/account"));
      await page.fill("#current", newPassword);
      await page.fill("#next", teacher.password);
      assert.equal((await submit(page)).status(), 303);
      changed = false;
      assert.ok(await rawSignIn("zh", teacher.signIn, teacher.password), "the demo password works again");
    } finally {
      if (changed) {
        // Restore without the browser, whatever state it was left in.
        const token = await rawSignIn("zh", teacher.signIn, newPassword);
        if (token) {
          const restore = await fetch(url("/zh/account"), {
            method: "POST",
            body: new URLSearchParams({ action: "password", current: newPassword, next: teacher.password }),
            headers: { origin: BASE_URL, cookie: `${SESSION_COOKIE}=${token}` },
            redirect: "manual",
          });
          await restore.arrayBuffer();
        }
      }
      await a.context.close();
      await b.context.close();
    }
  });
});

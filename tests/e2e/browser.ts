/**
 * Shared pieces of the browser tests: the worker's URL, one Chromium for the whole file, desktop
 * and phone contexts (with or without JavaScript), a stand-in for Cloudflare Turnstile (the real
 * script cannot load here), an axe check, and a reader of the local dev outbox.
 *
 * Nothing may load from the internet: every request that is not for the local worker is aborted
 * (and remembered, so a test can say what the page tried to fetch).
 */
import assert from "node:assert/strict";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { creditCodeCheckCharacter } from "../../functions/domain/credit-code.ts";

/** The worker under test; `tests/e2e/run.ts` sets it. */
export const BASE_URL = (process.env["XIAOQI_URL"] ?? "http://localhost:8791").replace(/\/$/, "");

/** Per-test timeout for node:test. */
export const TEST_TIMEOUT = 30_000;

export const LANGS = ["zh", "en"] as const;
export type Lang = (typeof LANGS)[number];

export interface Viewport {
  name: "desktop" | "phone";
  options: BrowserContextOptions;
}

export const DESKTOP: Viewport = { name: "desktop", options: { viewport: { width: 1280, height: 800 } } };
export const PHONE: Viewport = {
  name: "phone",
  options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};
export const VIEWPORTS: readonly Viewport[] = [DESKTOP, PHONE];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/** The token the stub puts in the form; the worker's Turnstile test secret accepts any token. */
export const DUMMY_TURNSTILE_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";

/**
 * What https://challenges.cloudflare.com/turnstile/v0/api.js does for a form, minus the widget:
 * each `.cf-turnstile` element gets its hidden response input.
 */
const TURNSTILE_STUB = `(function () {
  function fill() {
    document.querySelectorAll(".cf-turnstile").forEach(function (el) {
      if (el.querySelector('input[name="cf-turnstile-response"]')) return;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "cf-turnstile-response";
      input.value = ${JSON.stringify(DUMMY_TURNSTILE_TOKEN)};
      el.appendChild(input);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill);
  else fill();
})();`;

export interface ContextOptions {
  /** Default true. */
  javaScript?: boolean;
  /** Accept-Language sent with every request. */
  acceptLanguage?: string;
  /** Default true: answer the Turnstile script with the stub; false aborts it like any outside request. */
  turnstile?: boolean;
}

export interface TestContext {
  context: BrowserContext;
  /** Outside URLs the pages asked for (all aborted, the Turnstile stub excepted). */
  outside: string[];
}

function isLocal(url: string): boolean {
  try {
    const { hostname, protocol } = new URL(url);
    if (protocol === "data:" || protocol === "blob:" || protocol === "about:") return true;
    return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
  } catch {
    return false;
  }
}

export async function newContext(browser: Browser, viewport: Viewport, options: ContextOptions = {}): Promise<TestContext> {
  const context = await browser.newContext({
    ...viewport.options,
    javaScriptEnabled: options.javaScript ?? true,
    locale: options.acceptLanguage?.startsWith("en") ? "en-US" : "zh-CN",
    ...(options.acceptLanguage ? { extraHTTPHeaders: { "accept-language": options.acceptLanguage } } : {}),
    serviceWorkers: "block",
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const outside: string[] = [];
  const stub = options.turnstile ?? true;
  await context.route(
    (url) => !isLocal(url.href),
    async (route) => {
      const url = route.request().url();
      if (stub && url.startsWith("https://challenges.cloudflare.com/")) {
        await route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: TURNSTILE_STUB });
        return;
      }
      outside.push(url);
      await route.abort("blockedbyclient");
    },
  );
  return { context, outside };
}

export function url(path: string): string {
  return BASE_URL + path;
}

/** Fails unless the page fits a 390 px screen without scrolling sideways. */
export async function assertNoHorizontalScroll(page: Page, width = 390): Promise<void> {
  await assertStylesLoaded(page);
  // JavaScript may be off in the page: measure from the utility world all the same.
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `${page.url()} scrolls sideways at ${width} px: scrollWidth is ${scrollWidth}`);
}

/**
 * Fails unless every stylesheet the page links to has loaded: without them, layout and axe
 * results would describe an unstyled page, not the site.
 */
export async function assertStylesLoaded(page: Page): Promise<void> {
  const missing = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]'))
      .filter((link) => {
        try {
          return !link.sheet || link.sheet.cssRules.length === 0;
        } catch {
          return true;
        }
      })
      .map((link) => link.href),
  );
  assert.deepEqual(missing, [], `${page.url()}: stylesheets did not load`);
}

/** WCAG 2.2 AA checks; fails with a readable list when any violation is serious or critical. */
export async function assertAccessible(page: Page, label = page.url()): Promise<void> {
  await assertStylesLoaded(page);
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .options({ resultTypes: ["violations"] })
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length === 0) return;
  const lines = bad.map((v) => {
    const targets = v.nodes
      .slice(0, 5)
      .map((n) => `      - ${n.target.join(" ")}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, " ")}` : ""}`)
      .join("\n");
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s))\n${targets}`;
  });
  assert.fail(`axe found ${bad.length} serious/critical violation(s) on ${label}:\n${lines.join("\n")}`);
}

/**
 * The security headers every response must carry: a CSP without 'unsafe-inline' / 'unsafe-eval'
 * and with frame-ancestors 'none', HSTS for a year, nosniff and a strict Referrer-Policy.
 */
function cspDirectives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

export function assertSecurityHeaders(path: string, headers: Headers): void {
  const csp = headers.get("content-security-policy");
  assert.ok(csp, `${path} has a Content-Security-Policy`);
  assert.doesNotMatch(csp, /'unsafe-inline'/, `${path}: CSP allows 'unsafe-inline': ${csp}`);
  assert.doesNotMatch(csp, /'unsafe-eval'/, `${path}: CSP allows 'unsafe-eval': ${csp}`);
  const parsed = cspDirectives(csp);
  assert.deepEqual(parsed.get("frame-ancestors"), ["'none'"], `${path}: frame-ancestors 'none' (${csp})`);
  assert.ok(parsed.has("default-src"), `${path}: CSP has default-src (${csp})`);
  assert.deepEqual(parsed.get("object-src"), ["'none'"], `${path}: object-src 'none' (${csp})`);

  const hsts = headers.get("strict-transport-security") ?? "";
  const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0);
  assert.ok(maxAge >= 31_536_000, `${path}: Strict-Transport-Security for at least a year (${hsts || "missing"})`);
  assert.equal(headers.get("x-content-type-options"), "nosniff", `${path}: X-Content-Type-Options`);
  const referrer = headers.get("referrer-policy");
  assert.ok(referrer && ["strict-origin-when-cross-origin", "strict-origin", "same-origin", "no-referrer"].includes(referrer), `${path}: Referrer-Policy (${referrer})`);
}

/** A unified social credit code with a correct check character (GB 32100-2015). */
export function validCreditCode(first17 = "91330106MA2CKQ3J7"): string {
  const check = creditCodeCheckCharacter(first17);
  if (!check) throw new Error(`not a credit code prefix: ${first17}`);
  return first17 + check;
}

let sequence = 0;
const runId = Math.random().toString(36).slice(2, 8);

/** An address no other test uses, so an outbox email can be told apart. */
export function uniqueEmail(label = "e2e"): string {
  sequence += 1;
  return `${label}-${runId}-${sequence}@example.cn`;
}

/**
 * The path of the newest confirmation link in the dev outbox (`/{lang}/proposals/confirm/<token>`),
 * optionally only among emails to one address. Uses its own request, so it works whatever the
 * page's JavaScript setting.
 */
export async function latestConfirmPath(lang: Lang, to?: string): Promise<string> {
  const response = await fetch(url(`/${lang}/dev/outbox`));
  assert.equal(response.status, 200, "the dev outbox page answers (DEV_OUTBOX on)");
  const html = await response.text();
  const articles = html.split(/<article\b/).slice(1);
  for (const article of articles) {
    const text = decodeEntities(article);
    if (to && !text.includes(to)) continue;
    const match = /\/(?:zh|en)\/proposals\/confirm\/([A-Za-z0-9_.~-]+)/.exec(text);
    if (match) return match[0];
  }
  assert.fail(`no confirmation link in the outbox${to ? ` for ${to}` : ""}`);
}

function decodeEntities(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

export interface CreatedProposal {
  email: string;
  /** `/{lang}/propose/received?t=…` */
  receivedPath: string;
  /** `/{lang}/proposals/<token>` */
  statusPath: string;
  /** Only when it waits for email confirmation: `/{lang}/proposals/confirm/<token>`. */
  confirmPath?: string;
}

/**
 * Submits a valid proposal through the HTML form endpoint (as a browser without JavaScript would,
 * or with a Turnstile token when `turnstile` is true) and returns its private pages.
 */
export async function createProposal(lang: Lang, options: { turnstile?: boolean; email?: string } = {}): Promise<CreatedProposal> {
  const email = options.email ?? uniqueEmail(`made-${lang}`);
  const form = new URLSearchParams({
    orgName: lang === "zh" ? "嘉兴示例物流有限公司" : "Example Logistics Co., Ltd.",
    creditCode: validCreditCode(),
    industry: "logistics",
    size: "small",
    city: lang === "zh" ? "嘉兴" : "Jiaxing",
    contactName: lang === "zh" ? "李老师" : "Li Ming",
    contactEmail: email,
    contactPhone: "13800000000",
    cooperationTypes: "internship",
    description: lang === "zh" ? "希望每年接收十名现代物流管理专业的学生到仓库实习。" : "We would like to take ten logistics students a year as interns in our warehouse.",
    consent: "yes",
  });
  if (options.turnstile) form.set("cf-turnstile-response", DUMMY_TURNSTILE_TOKEN);
  const response = await fetch(url(`/${lang}/propose`), {
    method: "POST",
    body: form,
    headers: { origin: BASE_URL },
    redirect: "manual",
  });
  const location = response.headers.get("location") ?? "";
  assert.equal(response.status, 303, `POST /${lang}/propose redirects (got ${response.status}: ${(await response.text()).slice(0, 300)})`);
  const receivedPath = new URL(location, BASE_URL).pathname + new URL(location, BASE_URL).search;
  const received = await (await fetch(url(receivedPath))).text();
  const statusPath = /class="token-link" href="([^"]+)"/.exec(received)?.[1];
  assert.ok(statusPath, "the received page links to the status page");
  const created: CreatedProposal = { email, receivedPath, statusPath };
  if (!options.turnstile) created.confirmPath = await latestConfirmPath(lang, email);
  return created;
}

/** The text of one element, whitespace collapsed. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? "").replace(/\s+/g, " ").trim();
}

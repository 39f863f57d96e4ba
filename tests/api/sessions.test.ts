// Sessions through the API: the cookie, what ends a session, sliding renewal, and the CSRF check
// on every non-GET request.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RENEW_INTERVAL_MS, SESSION_COOKIE, SESSION_LIFETIME_MS, newSessionToken } from "../../functions/auth/session-token.ts";
import { signOut, signOutEverywhere } from "../../functions/flows/accounts.ts";
import {
  accountContext,
  apiRequest,
  auditRows,
  cookieFor,
  createAccount,
  demo,
  getMe,
  sessionCount,
  sessionIdOf,
  signInAsDemo,
  signInWith,
} from "./account-fixtures.ts";
import { type Problem, rows, uniqueEmail, uniqueKey, validProposal } from "./helpers.ts";

const MINUTE = 60_000;

interface Me {
  user: { id: number; role: string; name: string; email: string | null; studentNumber: string | null; partnerId: number | null; locale: string } | null;
}

function expectCleared(res: Response): void {
  const cookie = res.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
  expect(cookie).toMatch(/Max-Age=0/);
  expect(cookie).toMatch(/Path=\//);
}

async function expectUnauthorized(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(await res.json<Problem>()).toMatchObject({ status: 401, code: "unauthorized", type: "urn:xiaoqi:problem:unauthorized" });
}

async function setSession(id: string, values: { last_seen_at?: number; expires_at?: number }): Promise<void> {
  for (const [column, value] of Object.entries(values)) await env.DB.prepare(`update sessions set ${column} = ? where id = ?`).bind(value, id).run();
}

describe("who am I (GET /me)", () => {
  it("without a cookie is 401, as a problem, and sets no cookie", async () => {
    const res = await getMe(null);
    await expectUnauthorized(res);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("with the cookie from signing in is the account, and is never stored by a cache", async () => {
    const signedIn = await signInAsDemo("staff");
    const res = await getMe(cookieFor(signedIn.token));
    expect(res.status).toBe(200);
    const body = await res.json<Me>();
    expect(body.user).toEqual({ id: signedIn.user.id, role: "staff", name: demo("staff").name, email: "staff@qinglan.example.cn", studentNumber: null, partnerId: null, locale: "zh-CN" });
    expect(JSON.stringify(body)).not.toMatch(/password|hash|secret/i);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    // A session just made is not renewed on its next request.
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("knows a student by student number, and an enterprise user with their partner", async () => {
    const student = await getMe(cookieFor((await signInAsDemo("student")).token));
    expect((await student.json<Me>()).user).toMatchObject({ role: "student", studentNumber: "2024010101", email: null });
    const enterprise = await getMe(cookieFor((await signInAsDemo("enterprise")).token));
    expect((await enterprise.json<Me>()).user).toMatchObject({ role: "enterprise", partnerId: expect.any(Number) });
  });

  it("with a malformed cookie is 401 and clears it", async () => {
    for (const value of ["garbage", "a.b", `${newSessionToken().token}x`]) {
      const res = await getMe(`${SESSION_COOKIE}=${value}`);
      await expectUnauthorized(res);
      expectCleared(res);
    }
  });

  it("with a forged secret for a real session id is 401 and clears the cookie, and the real session lives on", async () => {
    const signedIn = await signInAsDemo("teacher");
    const forged = `${sessionIdOf(signedIn.token)}.${newSessionToken().secret}`;
    const res = await getMe(cookieFor(forged));
    await expectUnauthorized(res);
    expectCleared(res);
    expect((await getMe(cookieFor(signedIn.token))).status).toBe(200);
  });

  it("with a well-formed token of no session is 401 and clears the cookie", async () => {
    const res = await getMe(cookieFor(newSessionToken().token));
    await expectUnauthorized(res);
    expectCleared(res);
  });

  it("ignores other cookies next to the session", async () => {
    const signedIn = await signInAsDemo("teacher");
    expect((await getMe(`theme=dark; ${cookieFor(signedIn.token)}; lang=en`)).status).toBe(200);
  });
});

describe("ending sessions", () => {
  it("after signing out, the same cookie is 401 and is cleared", async () => {
    const account = await createAccount("teacher");
    const signedIn = await signInWith(account.identifier, account.password);
    expect((await getMe(cookieFor(signedIn.token))).status).toBe(200);

    await signOut(accountContext(), sessionIdOf(signedIn.token), account.id);

    const res = await getMe(cookieFor(signedIn.token));
    await expectUnauthorized(res);
    expectCleared(res);
    expect(await sessionCount(account.id)).toBe(0);
    expect(await auditRows("action = 'sign-out' and actor_id = ?", account.id)).toHaveLength(1);
  });

  it("signing out everywhere ends every session of that account and no one else's", async () => {
    const account = await createAccount("staff");
    const other = await createAccount("staff");
    const laptop = await signInWith(account.identifier, account.password);
    const lab = await signInWith(account.identifier, account.password, { sharedComputer: true });
    const theirs = await signInWith(other.identifier, other.password);

    await signOutEverywhere(accountContext(), account.id);

    await expectUnauthorized(await getMe(cookieFor(laptop.token)));
    await expectUnauthorized(await getMe(cookieFor(lab.token)));
    expect((await getMe(cookieFor(theirs.token))).status).toBe(200);
    expect(await sessionCount(account.id)).toBe(0);
    expect(await sessionCount(other.id)).toBe(1);
    expect(await auditRows("action = 'sign-out-everywhere' and actor_id = ?", account.id)).toHaveLength(1);
  });

  it("a session ten days old without renewal has ended", async () => {
    const account = await createAccount("teacher");
    const signedIn = await signInWith(account.identifier, account.password, { now: Date.now() - SESSION_LIFETIME_MS - MINUTE });
    const res = await getMe(cookieFor(signedIn.token));
    await expectUnauthorized(res);
    expectCleared(res);
  });

  it("a shared-computer session ends after 30 idle minutes", async () => {
    const account = await createAccount("student");
    const active = await signInWith(account.identifier, account.password, { sharedComputer: true, now: Date.now() - 29 * MINUTE });
    expect((await getMe(cookieFor(active.token))).status).toBe(200);
    const idle = await signInWith(account.identifier, account.password, { sharedComputer: true, now: Date.now() - 31 * MINUTE });
    const res = await getMe(cookieFor(idle.token));
    await expectUnauthorized(res);
    expectCleared(res);
  });

  it("a disabled account's cookie no longer works, even if a session row were left", async () => {
    const account = await createAccount("teacher");
    const signedIn = await signInWith(account.identifier, account.password);
    await env.DB.prepare("update users set disabled_at = ? where id = ?").bind(Date.now(), account.id).run();
    expect(await sessionCount(account.id)).toBe(1);
    await expectUnauthorized(await getMe(cookieFor(signedIn.token)));
  });
});

describe("renewing sessions", () => {
  it("renews a session an hour after its last renewal: ten more days, and a fresh cookie", async () => {
    const account = await createAccount("teacher");
    const signedIn = await signInWith(account.identifier, account.password);
    const id = sessionIdOf(signedIn.token);
    const before = Date.now();
    await setSession(id, { last_seen_at: before - RENEW_INTERVAL_MS - MINUTE, expires_at: before + 5 * MINUTE });

    const res = await getMe(cookieFor(signedIn.token));
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie.startsWith(`${cookieFor(signedIn.token)};`)).toBe(true);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(new RegExp(`Max-Age=${SESSION_LIFETIME_MS / 1000}`));
    const [row] = await rows<{ last_seen_at: number; expires_at: number }>("select last_seen_at, expires_at from sessions where id = ?", id);
    expect(row?.last_seen_at).toBeGreaterThanOrEqual(before);
    expect(row?.expires_at).toBe((row?.last_seen_at ?? 0) + SESSION_LIFETIME_MS);
  });

  it("does not write within the hour", async () => {
    const account = await createAccount("teacher");
    const signedIn = await signInWith(account.identifier, account.password, { now: Date.now() - 30 * MINUTE });
    const id = sessionIdOf(signedIn.token);
    const [before] = await rows("select last_seen_at, expires_at from sessions where id = ?", id);
    const res = await getMe(cookieFor(signedIn.token));
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await rows("select last_seen_at, expires_at from sessions where id = ?", id)).toEqual([before]);
  });

  it("keeps a shared-computer session's last-seen time to the minute, without a lasting cookie", async () => {
    const account = await createAccount("student");
    const signedIn = await signInWith(account.identifier, account.password, { sharedComputer: true, now: Date.now() - 2 * MINUTE });
    const before = Date.now();
    const res = await getMe(cookieFor(signedIn.token));
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    const [row] = await rows<{ last_seen_at: number }>("select last_seen_at from sessions where id = ?", sessionIdOf(signedIn.token));
    expect(row?.last_seen_at).toBeGreaterThanOrEqual(before);
  });
});

describe("cross-site request forgery", () => {
  function propose(headers: Record<string, string>, email: string, cookie: string | null = null): Promise<Response> {
    return apiRequest("/proposals", {
      method: "POST",
      cookie,
      headers: { "content-type": "application/json", "idempotency-key": uniqueKey(), ...headers },
      body: JSON.stringify(validProposal({ contactEmail: email })),
    });
  }

  const storedFor = async (email: string) => (await rows("select id from proposals where contact_email = ?", email)).length;

  it.each([
    ["an Origin of another site", { origin: "https://evil.example" }],
    ["an Origin of another port", { origin: "http://localhost:8080" }],
    ["an Origin of null (a sandboxed frame)", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
    ["Sec-Fetch-Site: none", { "sec-fetch-site": "none" }],
    ["Sec-Fetch-Site: cross-site, whatever the Origin says", { "sec-fetch-site": "cross-site", origin: "http://localhost" }],
  ])("refuses a POST with %s: 403 and nothing stored", async (_label, headers) => {
    const email = uniqueEmail("csrf");
    const res = await propose(headers, email);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await res.json<Problem>()).toMatchObject({ status: 403, code: "cross_site" });
    expect(await storedFor(email)).toBe(0);
  });

  it("refuses a cross-site POST that carries a session cookie, and records no denial against the account", async () => {
    const signedIn = await signInAsDemo("staff");
    const email = uniqueEmail("csrf-signed-in");
    const denials = (await auditRows("action = 'permission-denied' and actor_id = ?", signedIn.user.id)).length;
    const res = await propose({ origin: "https://evil.example" }, email, cookieFor(signedIn.token));
    expect(res.status).toBe(403);
    expect(await storedFor(email)).toBe(0);
    expect(await auditRows("action = 'permission-denied' and actor_id = ?", signedIn.user.id)).toHaveLength(denials);
  });

  it.each([
    ["Sec-Fetch-Site: same-origin", { "sec-fetch-site": "same-origin" }],
    ["this site's Origin", { origin: "http://localhost" }],
    ["neither header (a non-browser client)", {}],
  ])("accepts a POST with %s", async (_label, headers) => {
    const email = uniqueEmail("csrf-ok");
    const res = await propose(headers, email);
    expect(res.status).toBe(201);
    expect(await storedFor(email)).toBe(1);
  });

  it("lets a GET from anywhere through (it changes nothing)", async () => {
    const res = await apiRequest("/programs", { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
  });
});

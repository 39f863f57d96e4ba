/**
 * The permissions table, enforced on every page: each page route of ROUTE_PERMISSIONS is
 * requested as a visitor and as every demo role (their own records included), and answers as
 * the table says: allowed, a redirect to sign in for visitors, or 403 for signed-in accounts
 * without the permission.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { allows, ROUTE_PERMISSIONS } from "../../functions/auth/permissions.ts";
import { ROLES, type Role } from "../../functions/auth/roles.ts";
import { DEMO_ACCOUNTS } from "../../scripts/demo-accounts.ts";
import { programs, partners } from "../../scripts/demo-data.ts";
import { BASE_URL, url } from "./browser.ts";

/** A concrete address for a route pattern (demo records where the route names one). */
function pathFor(pattern: string, studentId: number): string {
  return pattern
    .replace("[lang]", "en")
    .replace("/programs/[slug]", `/programs/${programs[0]?.slug ?? "x"}`)
    .replace("/partners/[slug]", `/partners/${partners[0]?.slug ?? "x"}`)
    .replace("[token]", "A".repeat(43))
    .replace("[preview]", "00000000-0000-4000-8000-000000000000")
    .replace("[id]", String(studentId));
}

async function signIn(identifier: string, password: string): Promise<string> {
  const response = await fetch(url("/en/sign-in"), {
    method: "POST",
    redirect: "manual",
    headers: { origin: BASE_URL, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ identifier, password }),
  });
  assert.equal(response.status, 303, `${identifier} signs in`);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  assert.match(cookie, /^xq_session=/);
  return cookie;
}

describe("Every page answers as the permissions table says, for every role", () => {
  const cookies = new Map<Role | null, string | null>([[null, null]]);
  // /500 cannot be asked for, and /forbidden is the 403 page itself.
  const pages = Object.entries(ROUTE_PERMISSIONS).filter(([key]) => key.startsWith("page ") && key !== "page /500" && key !== "page /[lang]/forbidden");
  // The demo student (their own record is one of the pages: staff only, even for them).
  const studentId = DEMO_ACCOUNTS.findIndex((a) => a.role === "student") + 1;

  before(async () => {
    for (const account of DEMO_ACCOUNTS) cookies.set(account.role, await signIn(account.signIn, account.password));
  });

  for (const who of [null, ...ROLES] as (Role | null)[]) {
    it(`as ${who ?? "a visitor"}`, { timeout: 60_000 }, async () => {
      const cookie = cookies.get(who) ?? null;
      for (const [key, permission] of pages) {
        const path = pathFor(key.slice("page ".length), studentId);
        const response = await fetch(url(path), { redirect: "manual", headers: cookie ? { cookie } : {} });
        await response.arrayBuffer();
        const location = response.headers.get("location") ?? "";
        const label = `${who ?? "visitor"} GET ${path} (${permission})`;
        if (allows(permission, who)) {
          assert.notEqual(response.status, 403, `${label}: allowed, but refused`);
          assert.doesNotMatch(location, /\/sign-in\?next=/, `${label}: allowed, but sent to sign in`);
        } else if (who === null) {
          assert.equal(response.status, 303, `${label}: a visitor is sent to sign in`);
          assert.match(location, /\/en\/sign-in\?next=/, label);
        } else {
          assert.equal(response.status, 403, `${label}: refused`);
        }
      }
    });
  }
});

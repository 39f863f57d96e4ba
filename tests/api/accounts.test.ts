// Signing in, the sign-in throttle, the first admin, password changes and disabling accounts:
// the account flows over a real D1, with a fixed clock where time matters.
import { sha256Hex } from "../../functions/auth/secret-encoding.ts";
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountKey, addressKey } from "../../functions/auth/sign-in-throttle.ts";
import { changePassword, changeRole, disableAccount, setupFirstAdmin, signIn } from "../../functions/flows/accounts.ts";
import { problemBody } from "../../functions/http/problem.ts";
import {
  accountContext,
  appErrorOf,
  auditRows,
  cookieFor,
  createAccount,
  demo,
  getMe,
  sessionCount,
  sessionIdOf,
  signInWith,
  userIdOf,
} from "./account-fixtures.ts";
import { rows, uniqueEmail, uniqueIp } from "./helpers.ts";

const MINUTE = 60_000;
/** A fixed clock for the throttle stories: far from the other tests' times. */
const NOW = Date.UTC(2027, 0, 15, 9, 0, 0);

async function failuresFor(key: string): Promise<number[]> {
  return (await rows<{ at: number }>("select at from sign_in_failures where key = ? order by at", key)).map((r) => r.at);
}

function attempt(identifier: string, password: string, now: number, ip = uniqueIp()) {
  return signIn(accountContext({ now, clientIp: ip }), { identifier, password, sharedComputer: false, userAgent: "vitest" });
}

/** Milliseconds one call takes; workerd's clock advances with the I/O around the hash. */
async function duration(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run().catch(() => undefined);
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe("signing in", () => {
  it("with the right password makes a session that stores only the SHA-256 of its secret", async () => {
    const staff = demo("staff");
    const ip = uniqueIp();
    const now = Date.now();
    const signedIn = await signIn(accountContext({ now, clientIp: ip }), { identifier: staff.signIn, password: staff.password, sharedComputer: false, userAgent: "Mozilla/5.0 test" });
    expect(signedIn.user).toMatchObject({ role: "staff", email: staff.email, name: staff.name });
    expect(signedIn.user).not.toHaveProperty("passwordHash");
    expect(signedIn.token).toMatch(/^[A-Za-z0-9_-]{20}\.[A-Za-z0-9_-]{43}$/);

    const [id, secret = ""] = signedIn.token.split(".");
    const [session] = await rows<Record<string, unknown>>("select * from sessions where id = ?", id);
    expect(session).toMatchObject({ user_id: signedIn.user.id, shared_computer: 0, created_at: now, last_seen_at: now, expires_at: now + 10 * 24 * 60 * MINUTE, user_agent: "Mozilla/5.0 test" });
    expect(session?.["secret_hash"]).toMatch(/^[0-9a-f]{64}$/);
    expect(session?.["secret_hash"]).toBe(await sha256Hex(secret));
    for (const value of Object.values(session ?? {})) expect(String(value)).not.toContain(secret);

    const audit = await auditRows("action = 'sign-in' and actor_id = ? and at = ?", signedIn.user.id, now);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_user_id: signedIn.user.id, ip, detail: JSON.stringify({ sharedComputer: false }) });
  });

  it("on a shared computer records it on the session", async () => {
    const account = await createAccount("teacher");
    const signedIn = await signInWith(account.identifier, account.password, { sharedComputer: true });
    const [session] = await rows<{ shared_computer: number }>("select shared_computer from sessions where id = ?", sessionIdOf(signedIn.token));
    expect(session?.shared_computer).toBe(1);
    expect(signedIn.sharedComputer).toBe(true);
  });

  describe("answers every kind of failure the same way, and counts it against the identifier and the address", () => {
    type Case = { identifier: string; password: string; subject: number | null };
    const cases: Record<string, () => Promise<Case>> = {
      "a wrong password": async () => {
        const known = await createAccount("staff");
        return { identifier: known.identifier, password: "not-the-password", subject: known.id };
      },
      "an unknown account": async () => ({ identifier: uniqueEmail("nobody"), password: "whatever-password", subject: null }),
      "a disabled account, even with its right password": async () => {
        const disabled = await createAccount("teacher");
        await env.DB.prepare("update users set disabled_at = ? where id = ?").bind(NOW - MINUTE, disabled.id).run();
        return { identifier: disabled.identifier, password: disabled.password, subject: disabled.id };
      },
      "an account with no password yet": async () => {
        const invited = await createAccount("enterprise", { password: null });
        return { identifier: invited.identifier, password: "", subject: invited.id };
      },
      "an account with no password yet, guessed": async () => {
        const invited = await createAccount("student", { password: null });
        return { identifier: invited.identifier, password: "some-guess-123", subject: invited.id };
      },
    };

    it.each(Object.keys(cases))("%s", async (label) => {
      const { identifier, password, subject } = await (cases[label] as () => Promise<Case>)();
      const ip = uniqueIp();
      const now = NOW + Math.floor(Math.random() * 1_000_000);
      const error = await appErrorOf(attempt(identifier, password, now, ip));
      expect(error.code).toBe("sign_in_failed");
      expect(error.status).toBe(401);
      expect(error.fields).toEqual([]);
      expect(await failuresFor(accountKey(identifier))).toEqual([now]);
      expect(await failuresFor(addressKey(ip))).toEqual([now]);
      const [audit] = await auditRows("action = 'sign-in-failed' and ip = ? and at = ?", ip, now);
      expect(audit).toMatchObject({ actor_id: null, subject_user_id: subject, detail: JSON.stringify({ identifier }) });
      if (subject !== null) expect(await sessionCount(subject)).toBe(0);
    });
  });

  it("spends the same scrypt work on an unknown account as on a wrong password", async () => {
    const known = await createAccount("staff");
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await duration(() => signInWith(known.identifier, `wrong-${i}`)));
      unknown.push(await duration(() => signInWith(uniqueEmail("ghost"), `wrong-${i}`)));
    }
    console.log(`sign-in failure, median of 3: wrong password ${median(wrong)} ms, unknown account ${median(unknown)} ms`);
    expect(median(wrong)).toBeGreaterThan(10);
    expect(median(unknown)).toBeGreaterThan(10);
    expect(median(unknown) * 10).toBeGreaterThan(median(wrong));
  });

  it("takes a student's student number, and nothing else", async () => {
    const student = demo("student");
    expect(student.studentNumber).toBe("2024010101");
    const signedIn = await signInWith("2024010101", student.password);
    expect(signedIn.user).toMatchObject({ role: "student", studentNumber: "2024010101", email: null });
    // Typed on a Chinese keyboard, full-width digits are the same number.
    expect((await signInWith("２０２４０１０１０１", student.password)).user.id).toBe(signedIn.user.id);
    expect((await signInWith(" 2024010101 ", student.password)).user.id).toBe(signedIn.user.id);
    for (const other of [student.name, "李明", "202401010", "20240101010", "2024010102", "", "2024010101@qinglan.example.cn"]) {
      expect((await appErrorOf(signInWith(other, student.password))).code, other).toBe("sign_in_failed");
    }
  });

  it("takes an email in any case", async () => {
    const staff = demo("staff");
    for (const typed of ["STAFF@QINGLAN.EXAMPLE.CN", "Staff@Qinglan.Example.cn", "ｓｔａｆｆ＠ｑｉｎｇｌａｎ．ｅｘａｍｐｌｅ．ｃｎ"]) {
      expect((await signInWith(typed, staff.password)).user.email, typed).toBe("staff@qinglan.example.cn");
    }
  });

  it("takes the password exactly: not in another case, not trimmed", async () => {
    const staff = demo("staff");
    for (const typed of [staff.password.toUpperCase(), ` ${staff.password}`, `${staff.password} `, staff.password.slice(0, -1)]) {
      expect((await appErrorOf(signInWith(staff.signIn, typed))).code, JSON.stringify(typed)).toBe("sign_in_failed");
    }
  });
});

describe("the sign-in throttle", () => {
  it("forgets an account's failures once its owner signs in, so yesterday's typos do not lock it out", async () => {
    const account = await createAccount("teacher");
    const t0 = NOW + 2 * 60 * MINUTE;
    for (let i = 0; i < 9; i++) await appErrorOf(attempt(account.identifier, `typo-${i}`, t0 + i * 1000));
    expect(await failuresFor(accountKey(account.identifier))).toHaveLength(9);
    await attempt(account.identifier, account.password, t0 + 10_000);
    expect(await failuresFor(accountKey(account.identifier))).toHaveLength(0);
  });

  it("after 10 failures, refuses even the right password until 15 minutes after the last", async () => {
    const account = await createAccount("teacher");
    const t0 = NOW + 3 * 60 * MINUTE;
    for (let i = 0; i < 10; i++) {
      // From ten different addresses, in any case: it is the account that is counted.
      const typed = i % 2 ? account.identifier.toUpperCase() : account.identifier;
      expect((await appErrorOf(attempt(typed, `guess-${i}`, t0 + i * 1000))).code, `failure ${i + 1}`).toBe("sign_in_failed");
    }
    const last = t0 + 9 * 1000;
    expect(await failuresFor(accountKey(account.identifier))).toHaveLength(10);

    expect((await appErrorOf(attempt(account.identifier, account.password, last + 1))).code).toBe("rate_limited");
    expect((await appErrorOf(attempt(account.identifier, account.password, last + 15 * MINUTE - 1))).code).toBe("rate_limited");
    // Refusals are not failures: they do not push the wait further out.
    expect(await failuresFor(accountKey(account.identifier))).toHaveLength(10);

    const signedIn = await attempt(account.identifier, account.password, last + 15 * MINUTE);
    expect(signedIn.user.id).toBe(account.id);
  });

  it("after the 11th failure, waits 30 minutes", async () => {
    const account = await createAccount("teacher");
    const t0 = NOW + 6 * 60 * MINUTE;
    for (let i = 0; i < 10; i++) await appErrorOf(attempt(account.identifier, `guess-${i}`, t0 + i));
    const eleventh = t0 + 9 + 15 * MINUTE;
    expect((await appErrorOf(attempt(account.identifier, "guess-11", eleventh))).code).toBe("sign_in_failed");
    expect((await appErrorOf(attempt(account.identifier, account.password, eleventh + 30 * MINUTE - 1))).code).toBe("rate_limited");
    expect((await attempt(account.identifier, account.password, eleventh + 30 * MINUTE)).user.id).toBe(account.id);
  });

  it("treats an unknown identifier exactly like a known one", async () => {
    const ghost = uniqueEmail("ghost");
    const t0 = NOW + 9 * 60 * MINUTE;
    for (let i = 0; i < 10; i++) expect((await appErrorOf(attempt(ghost, `guess-${i}`, t0 + i * 1000))).code).toBe("sign_in_failed");
    const last = t0 + 9 * 1000;
    expect((await appErrorOf(attempt(ghost, "guess-10", last + 1))).code).toBe("rate_limited");
    expect((await appErrorOf(attempt(ghost, "guess-10", last + 15 * MINUTE - 1))).code).toBe("rate_limited");
    expect((await appErrorOf(attempt(ghost, "guess-10", last + 15 * MINUTE))).code).toBe("sign_in_failed");
  });

  it("forgets failures after a day", async () => {
    const account = await createAccount("teacher");
    const t0 = NOW + 12 * 60 * MINUTE;
    for (let i = 0; i < 12; i++) await appErrorOf(attempt(account.identifier, `guess-${i}`, t0 + i * 15 * 60 * MINUTE));
    // The 12 failures span well over a day: only those in the last 24 hours count.
    const at = t0 + 11 * 15 * 60 * MINUTE + 24 * 60 * MINUTE;
    expect((await attempt(account.identifier, account.password, at)).user.id).toBe(account.id);
  });

  it("pauses an address that has 300 failures in the last 15 minutes, for any account, until fewer remain", async () => {
    const ip = uniqueIp();
    const t0 = NOW + 15 * 60 * MINUTE;
    // 300 failures in 10 minutes, one every 2 seconds.
    await env.DB.prepare(
      "with recursive n(i) as (select 0 union all select i + 1 from n where i < 299) insert into sign_in_failures (key, at) select ?, ? + i * 2000 from n",
    )
      .bind(addressKey(ip), t0)
      .run();
    const last = t0 + 299 * 2000;
    const account = await createAccount("student");
    expect((await appErrorOf(attempt(account.identifier, account.password, last + 1, ip))).code).toBe("rate_limited");
    expect((await appErrorOf(attempt(account.identifier, account.password, last + MINUTE, ip))).code).toBe("rate_limited");
    expect((await appErrorOf(attempt(account.identifier, account.password, t0 + 15 * MINUTE, ip))).code).toBe("rate_limited");
    // Another address is not affected…
    expect((await attempt(account.identifier, account.password, last + 1, uniqueIp())).user.id).toBe(account.id);
    // …and this one may try again once the first failure is more than 15 minutes old.
    expect((await attempt(account.identifier, account.password, t0 + 15 * MINUTE + 1, ip)).user.id).toBe(account.id);
  });

  it("pauses a burst of 300 failures at one address for 15 minutes", async () => {
    const ip = uniqueIp();
    const t0 = NOW + 16 * 60 * MINUTE;
    await env.DB.prepare("with recursive n(i) as (select 0 union all select i + 1 from n where i < 299) insert into sign_in_failures (key, at) select ?, ? from n")
      .bind(addressKey(ip), t0)
      .run();
    const account = await createAccount("student");
    expect((await appErrorOf(attempt(account.identifier, account.password, t0 + 15 * MINUTE - 1, ip))).code).toBe("rate_limited");
    expect((await attempt(account.identifier, account.password, t0 + 15 * MINUTE, ip)).user.id).toBe(account.id);
  });

  it("lets an address keep 299 failures in 15 minutes without any pause", async () => {
    const ip = uniqueIp();
    const t0 = NOW + 17 * 60 * MINUTE;
    await env.DB.prepare("with recursive n(i) as (select 0 union all select i + 1 from n where i < 298) insert into sign_in_failures (key, at) select ?, ? + i * 1000 from n")
      .bind(addressKey(ip), t0)
      .run();
    const account = await createAccount("student");
    expect((await attempt(account.identifier, account.password, t0 + 299 * 1000, ip)).user.id).toBe(account.id);
  });

  it("does not pause an address whose 300 failures are spread over hours (a campus behind one address)", async () => {
    const ip = uniqueIp();
    const t0 = NOW + 18 * 60 * MINUTE;
    // 290 failures over the previous three hours, then 10 in the last five minutes.
    await env.DB.prepare(
      "with recursive n(i) as (select 0 union all select i + 1 from n where i < 289) insert into sign_in_failures (key, at) select ?, ? + i * 36000 from n",
    )
      .bind(addressKey(ip), t0 - 3 * 60 * MINUTE)
      .run();
    await env.DB.prepare("with recursive n(i) as (select 0 union all select i + 1 from n where i < 9) insert into sign_in_failures (key, at) select ?, ? + i * 30000 from n")
      .bind(addressKey(ip), t0 - 5 * MINUTE)
      .run();
    const account = await createAccount("student");
    expect((await attempt(account.identifier, account.password, t0, ip)).user.id).toBe(account.id);
  });
});

describe("the first admin", () => {
  const TOKEN = "setup-token-0123456789-abcdef";
  const setup = (overrides: Partial<Parameters<typeof setupFirstAdmin>[1]> = {}) =>
    setupFirstAdmin(accountContext(), {
      token: TOKEN,
      expectedToken: TOKEN,
      name: "新管理员",
      email: uniqueEmail("first-admin"),
      password: "a long first admin passphrase",
      locale: "zh-CN",
      ...overrides,
    });

  it("cannot be set up while an admin exists: it is not found", async () => {
    expect((await appErrorOf(setup())).code).toBe("not_found");
    expect((await appErrorOf(setup({ token: "wrong" }))).code).toBe("not_found");
  });

  describe("on a database without an enabled admin", () => {
    /** Runs a story with the demo admin disabled (the audit log keeps every row, so nothing is deleted). */
    async function withoutAdmins(story: () => Promise<void>): Promise<void> {
      const admins = await rows<{ id: number }>("select id from users where role = 'admin' and disabled_at is null");
      await env.DB.prepare("update users set disabled_at = ? where role = 'admin' and disabled_at is null").bind(Date.now()).run();
      try {
        await story();
      } finally {
        for (const { id } of admins) await env.DB.prepare("update users set disabled_at = null where id = ?").bind(id).run();
      }
    }

    it("refuses a wrong, short or missing setup token", async () => {
      await withoutAdmins(async () => {
        for (const [token, expectedToken] of [
          ["wrong-token-0123456789-abcdef", TOKEN],
          [TOKEN.slice(0, -1), TOKEN],
          [`${TOKEN}x`, TOKEN],
          ["", TOKEN],
          ["", undefined],
          ["anything", undefined],
          ["short-token", "short-token"],
          ["", ""],
        ] as const) {
          const error = await appErrorOf(setup({ token, expectedToken }));
          expect(error.code, `${token} / ${expectedToken}`).toBe("validation");
          expect(error.fields).toEqual([{ field: "token", code: "setup_token_wrong" }]);
        }
      });
    });

    it("refuses a weak password, and a missing name or bad email", async () => {
      await withoutAdmins(async () => {
        const short = await appErrorOf(setup({ password: "short" }));
        expect(short.fields).toMatchObject([{ field: "password", code: "password_too_short" }]);
        expect((await appErrorOf(setup({ password: "password123" }))).fields).toMatchObject([{ field: "password", code: "password_common" }]);
        expect((await appErrorOf(setup({ name: "  " }))).fields).toEqual([{ field: "name", code: "required" }]);
        expect((await appErrorOf(setup({ email: "not-an-email" }))).fields).toEqual([{ field: "email", code: "invalid_email" }]);
      });
    });

    it("creates the admin, who can sign in, and then closes for good", async () => {
      await withoutAdmins(async () => {
        const email = uniqueEmail("First-Admin").toUpperCase();
        const id = await setup({ email: `  ${email} `, name: " 新 管理员 " });
        const [user] = await rows<Record<string, unknown>>("select role, name, email, disabled_at from users where id = ?", id);
        expect(user).toEqual({ role: "admin", name: "新 管理员", email: email.toLowerCase(), disabled_at: null });
        expect(await auditRows("action = 'account-created' and subject_user_id = ?", id)).toMatchObject([{ actor_id: id, detail: JSON.stringify({ role: "admin", via: "setup" }) }]);
        expect((await signInWith(email, "a long first admin passphrase")).user).toMatchObject({ id, role: "admin" });
        expect((await appErrorOf(setup())).code).toBe("not_found");
      });
    });
  });
});

describe("changing one's password", () => {
  async function signedInTwice() {
    const account = await createAccount("teacher");
    const here = await signInWith(account.identifier, account.password);
    const elsewhere = await signInWith(account.identifier, account.password);
    return { account, here, elsewhere, user: { id: account.id, sessionId: sessionIdOf(here.token) } };
  }

  it("needs the current password", async () => {
    const { account, user } = await signedInTwice();
    const error = await appErrorOf(changePassword(accountContext(), user, { current: "not-it", next: "a brand new passphrase" }));
    expect(error.code).toBe("validation");
    expect(error.fields).toEqual([{ field: "current", code: "password_wrong" }]);
    expect((await signInWith(account.identifier, account.password)).user.id).toBe(account.id);
  });

  it("refuses a common or short new password, saying how long it must be", async () => {
    const { account, user } = await signedInTwice();
    const common = await appErrorOf(changePassword(accountContext(), user, { current: account.password, next: "Password123" }));
    expect(common.fields).toEqual([{ field: "next", code: "password_common" }]);
    const short = await appErrorOf(changePassword(accountContext(), user, { current: account.password, next: "short" }));
    expect(short.fields).toEqual([{ field: "next", code: "password_too_short", params: { min: 8 } }]);
    for (const locale of ["zh-CN", "en"] as const) {
      const message = problemBody(short, locale, "test").errors?.[0]?.message ?? "";
      expect(message).toContain("8");
      expect(message).not.toMatch(/[{}]/);
    }
    const long = await appErrorOf(changePassword(accountContext(), user, { current: account.password, next: "x".repeat(257) }));
    expect(long.fields).toEqual([{ field: "next", code: "password_too_long", params: { max: 256 } }]);
    expect((await signInWith(account.identifier, account.password)).user.id).toBe(account.id);
  });

  it("ends the other sessions but keeps this one, and only the new password works", async () => {
    const { account, here, elsewhere, user } = await signedInTwice();
    const other = await createAccount("teacher");
    const bystander = await signInWith(other.identifier, other.password);

    await changePassword(accountContext(), user, { current: account.password, next: "a brand new passphrase" });

    expect((await getMe(cookieFor(here.token))).status).toBe(200);
    expect((await getMe(cookieFor(elsewhere.token))).status).toBe(401);
    expect((await getMe(cookieFor(bystander.token))).status).toBe(200);
    expect(await sessionCount(account.id)).toBe(1);
    expect((await appErrorOf(signInWith(account.identifier, account.password))).code).toBe("sign_in_failed");
    expect((await signInWith(account.identifier, "a brand new passphrase")).user.id).toBe(account.id);
    expect(await auditRows("action = 'password-changed' and subject_user_id = ?", account.id)).toMatchObject([{ actor_id: account.id }]);
  });
});

describe("disabling an account", () => {
  const adminActor = async () => ({ id: await userIdOf(demo("admin").signIn), role: "admin" as const });

  it("by an admin ends the account's sessions at once, and it can no longer sign in", async () => {
    const account = await createAccount("enterprise");
    const first = await signInWith(account.identifier, account.password);
    const second = await signInWith(account.identifier, account.password, { sharedComputer: true });
    const admin = await adminActor();

    await disableAccount(accountContext(), admin, account.id, true);

    expect(await sessionCount(account.id)).toBe(0);
    expect((await getMe(cookieFor(first.token))).status).toBe(401);
    expect((await getMe(cookieFor(second.token))).status).toBe(401);
    expect((await appErrorOf(signInWith(account.identifier, account.password))).code).toBe("sign_in_failed");
    expect(await auditRows("action = 'account-disabled' and subject_user_id = ?", account.id)).toMatchObject([{ actor_id: admin.id }]);

    // Enabled again, it signs in as before.
    await disableAccount(accountContext(), admin, account.id, false);
    expect((await signInWith(account.identifier, account.password)).user.id).toBe(account.id);
    expect(await auditRows("action = 'account-enabled' and subject_user_id = ?", account.id)).toHaveLength(1);
  });

  it("is refused to an admin for their own account", async () => {
    const admin = await adminActor();
    const session = await signInWith(demo("admin").signIn, demo("admin").password);
    const error = await appErrorOf(disableAccount(accountContext(), admin, admin.id, true));
    expect(error.code).toBe("transition_not_allowed");
    const [row] = await rows<{ disabled_at: number | null }>("select disabled_at from users where id = ?", admin.id);
    expect(row?.disabled_at).toBeNull();
    expect((await getMe(cookieFor(session.token))).status).toBe(200);
  });

  it("is refused to anyone but an admin", async () => {
    const target = await createAccount("student");
    for (const role of ["staff", "teacher", "student", "enterprise"] as const) {
      const actor = { id: await userIdOf(demo(role).signIn), role };
      expect((await appErrorOf(disableAccount(accountContext(), actor, target.id, true))).code, role).toBe("forbidden");
    }
    expect((await signInWith(target.identifier, target.password)).user.id).toBe(target.id);
  });
});

describe("changing a role", () => {
  it("lets an admin make a teacher staff, ending the teacher's sessions so the new role applies at once", async () => {
    const admin = { id: await userIdOf(demo("admin").signIn), role: "admin" as const };
    const account = await createAccount("teacher");
    const session = await signInWith(account.identifier, account.password);
    await changeRole(accountContext(), admin, account.id, "staff");
    expect((await getMe(cookieFor(session.token))).status).toBe(401);
    expect((await signInWith(account.identifier, account.password)).user.role).toBe("staff");
    expect(await auditRows("action = 'role-changed' and subject_user_id = ?", account.id)).toMatchObject([{ actor_id: admin.id }]);
  });

  it("keeps students and enterprise users in their roles, refuses non-admins and an admin's own account", async () => {
    const admin = { id: await userIdOf(demo("admin").signIn), role: "admin" as const };
    const student = await createAccount("student");
    const session = await signInWith(student.identifier, student.password);
    expect((await appErrorOf(changeRole(accountContext(), admin, student.id, "staff"))).code).toBe("transition_not_allowed");
    expect((await getMe(cookieFor(session.token))).status).toBe(200);
    expect(await auditRows("action = 'role-changed' and subject_user_id = ?", student.id)).toHaveLength(0);
    expect((await appErrorOf(changeRole(accountContext(), admin, student.id, "enterprise"))).code).toBe("validation");
    const teacher = await createAccount("teacher");
    expect((await appErrorOf(changeRole(accountContext(), { id: 2, role: "staff" }, teacher.id, "admin"))).code).toBe("forbidden");
    expect((await appErrorOf(changeRole(accountContext(), admin, admin.id, "teacher"))).code).toBe("transition_not_allowed");
  });
});

describe("the audit log", () => {
  it("refuses UPDATE and DELETE, and still takes new rows", async () => {
    const before = await rows<{ n: number }>("select count(*) as n from audit_log");
    await expect(env.DB.prepare("UPDATE audit_log SET action='x'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("UPDATE audit_log SET ip = NULL WHERE id = (SELECT max(id) FROM audit_log)").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM audit_log").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)").run()).rejects.toThrow(/append-only/);
    expect(await rows<{ n: number }>("select count(*) as n from audit_log")).toEqual(before);
    await signInWith(demo("teacher").signIn, demo("teacher").password);
    expect((await rows<{ n: number }>("select count(*) as n from audit_log"))[0]?.n).toBe((before[0]?.n ?? 0) + 1);
  });
});

import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { portalConfig } from "../../functions/config.ts";
import { database } from "../../functions/db/client.ts";
import { activateStudent, activationSheet, linkTarget, inviteUser, requestPasswordReset, setPasswordWithLink } from "../../functions/flows/access.ts";
import { signIn } from "../../functions/flows/accounts.ts";
import { AppError } from "../../functions/http/app-error.ts";

const STAFF = { id: 2, name: "周晓燕" };
const DAY = 24 * 60 * 60 * 1000;
const unlimited: RateLimit = { limit: async () => ({ success: true }) };

function ctx(now: number) {
  return { db: database(env.DB), config: portalConfig(env), now, clientIp: "203.0.113.9" };
}

async function linkFromOutbox(address: string): Promise<string> {
  const row = await env.DB.prepare("SELECT body_text FROM outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1").bind(address).first<{ body_text: string }>();
  const token = /\/access\/([A-Za-z0-9_-]{43})/.exec(row?.body_text ?? "")?.[1];
  if (!token) throw new Error(`no access link mailed to ${address}`);
  return token;
}

async function codeOf(error: unknown): Promise<string> {
  return error instanceof AppError ? (error.fields[0]?.code ?? error.code) : String(error);
}

describe("invitations", () => {
  it("lets an invited teacher set a password within 7 days, once, and then sign in", async () => {
    const t0 = Date.UTC(2026, 9, 1);
    await inviteUser(ctx(t0), STAFF, { name: "郑老师", email: "zheng@qinglan.example.cn", role: "teacher", partnerId: null, locale: "zh-CN" });
    const token = await linkFromOutbox("zheng@qinglan.example.cn");
    expect((await linkTarget(ctx(t0 + 7 * DAY - 1), token))?.role).toBe("teacher");
    await setPasswordWithLink(ctx(t0 + DAY), token, "a good long teacher passphrase");
    await expect(setPasswordWithLink(ctx(t0 + DAY), token, "another good passphrase")).rejects.toBeInstanceOf(AppError);
    const signedIn = await signIn(ctx(t0 + DAY), { identifier: "ZHENG@qinglan.example.cn", password: "a good long teacher passphrase", sharedComputer: false, userAgent: null });
    expect(signedIn.user.role).toBe("teacher");
  });

  it("lets an invitation lapse after 7 days", async () => {
    const t0 = Date.UTC(2026, 9, 2);
    await inviteUser(ctx(t0), STAFF, { name: "Late Teacher", email: "late@qinglan.example.cn", role: "teacher", partnerId: null, locale: "en" });
    const token = await linkFromOutbox("late@qinglan.example.cn");
    expect(await linkTarget(ctx(t0 + 7 * DAY), token)).toBeUndefined();
  });

  it("creates an enterprise user only with their enterprise, and refuses an email already in use", async () => {
    const now = Date.UTC(2026, 9, 3);
    await expect(inviteUser(ctx(now), STAFF, { name: "HR", email: "hr2@chilan.example.cn", role: "enterprise", partnerId: null, locale: "zh-CN" }).catch(codeOf)).resolves.toBe("partner_required");
    await inviteUser(ctx(now), STAFF, { name: "HR", email: "hr2@chilan.example.cn", role: "enterprise", partnerId: 1, locale: "zh-CN" });
    const row = await env.DB.prepare("SELECT role, partner_id, password_hash FROM users WHERE email = 'hr2@chilan.example.cn'").first();
    expect(row).toEqual({ role: "enterprise", partner_id: 1, password_hash: null });
    await expect(inviteUser(ctx(now), STAFF, { name: "Again", email: "staff@qinglan.example.cn", role: "teacher", partnerId: null, locale: "zh-CN" }).catch(codeOf)).resolves.toBe("email_in_use");
    await expect(inviteUser(ctx(now), STAFF, { name: "Boss", email: "boss@qinglan.example.cn", role: "admin", partnerId: null, locale: "zh-CN" }).catch(codeOf)).resolves.toBe("invalid_choice");
  });
});

describe("password reset links", () => {
  it("resets a password through the emailed link within the hour and signs out every session", async () => {
    const t0 = Date.UTC(2026, 9, 4);
    await inviteUser(ctx(t0), STAFF, { name: "重置", email: "reset@qinglan.example.cn", role: "staff", partnerId: null, locale: "zh-CN" });
    await setPasswordWithLink(ctx(t0), await linkFromOutbox("reset@qinglan.example.cn"), "first good passphrase");
    await signIn(ctx(t0), { identifier: "reset@qinglan.example.cn", password: "first good passphrase", sharedComputer: false, userAgent: null });
    await requestPasswordReset({ ...ctx(t0), limiter: unlimited }, "reset@qinglan.example.cn");
    const token = await linkFromOutbox("reset@qinglan.example.cn");
    expect(await linkTarget(ctx(t0 + 60 * 60 * 1000), token)).toBeUndefined();
    await setPasswordWithLink(ctx(t0 + 59 * 60 * 1000), token, "second good passphrase");
    const sessions = await env.DB.prepare("SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'reset@qinglan.example.cn'").first<{ n: number }>();
    expect(sessions?.n).toBe(0);
    await expect(signIn(ctx(t0 + DAY), { identifier: "reset@qinglan.example.cn", password: "first good passphrase", sharedComputer: false, userAgent: null })).rejects.toBeInstanceOf(AppError);
  });

  it("answers an unknown address exactly like a known one, sending nothing", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM outbox").first<{ n: number }>();
    await expect(requestPasswordReset({ ...ctx(Date.UTC(2026, 9, 5)), limiter: unlimited }, "nobody@example.cn")).resolves.toBeUndefined();
    const after = await env.DB.prepare("SELECT count(*) AS n FROM outbox").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });
});

describe("activation codes for students", () => {
  it("prints one code per student of a class; a code works once, with its own student number, for 14 days", async () => {
    const t0 = Date.UTC(2026, 9, 6);
    const { codes } = await activationSheet(ctx(t0), STAFF.id, "软件2401");
    const mine = codes.find((c) => c.studentNumber === "2024010101");
    expect(mine?.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
    const code = mine?.code ?? "";
    await expect(activateStudent(ctx(t0), { studentNumber: "9999999999", code, password: "my own passphrase" }).catch(codeOf)).resolves.toBe("activation_invalid");
    await expect(activateStudent(ctx(t0 + 14 * DAY), { studentNumber: "2024010101", code, password: "my own passphrase" }).catch(codeOf)).resolves.toBe("activation_invalid");
    await activateStudent(ctx(t0 + DAY), { studentNumber: "2024010101", code: code.toLowerCase().replaceAll("-", " "), password: "my own passphrase" });
    await expect(activateStudent(ctx(t0 + DAY), { studentNumber: "2024010101", code, password: "yet another passphrase" }).catch(codeOf)).resolves.toBe("activation_invalid");
    const signedIn = await signIn(ctx(t0 + DAY), { identifier: "2024010101", password: "my own passphrase", sharedComputer: true, userAgent: null });
    expect(signedIn.user.role).toBe("student");
  });

  it("makes older codes stop working when a new sheet is printed", async () => {
    const t0 = Date.UTC(2026, 9, 7);
    const first = (await activationSheet(ctx(t0), STAFF.id, "软件2401")).codes[0];
    await activationSheet(ctx(t0 + 1), STAFF.id, "软件2401");
    await expect(activateStudent(ctx(t0 + 2), { studentNumber: first?.studentNumber ?? "", code: first?.code ?? "", password: "passphrase again" }).catch(codeOf)).resolves.toBe("activation_invalid");
  });
});

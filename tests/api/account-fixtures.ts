/**
 * Shared pieces of the account, session and authorization tests: the flows' context over the
 * test D1, fresh accounts (tests that change an account must not change a demo one: storage is
 * shared by the tests of a file), signing in as a demo role, and calling the API with a cookie.
 */
import { env } from "cloudflare:test";
import { hashPassword } from "../../functions/auth/password.ts";
import type { Role } from "../../functions/auth/roles.ts";
import { SESSION_COOKIE } from "../../functions/auth/session-token.ts";
import { database } from "../../functions/db/client.ts";
import { accountInsert } from "../../functions/db/users.ts";
import { type AccountContext, type SignedIn, signIn } from "../../functions/flows/accounts.ts";
import { AppError } from "../../functions/http/app-error.ts";
import { DEMO_ACCOUNTS, type DemoAccount } from "../../scripts/demo-accounts.ts";
import { api, rows, uniqueEmail, uniqueIp } from "./helpers.ts";

export const db = database(env.DB);

/** The context the account flows take, at a chosen time and from a fresh address. */
export function accountContext(overrides: Partial<AccountContext> = {}): AccountContext {
  return { db, now: Date.now(), clientIp: uniqueIp(), ...overrides };
}

export function demo(role: Role): DemoAccount {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`no demo ${role}`);
  return account;
}

export async function userIdOf(identifier: string): Promise<number> {
  const [row] = await rows<{ id: number }>("select id from users where email = lower(?) or student_number = ?", identifier, identifier);
  if (!row) throw new Error(`no account ${identifier}`);
  return row.id;
}

let studentSequence = 0;

export interface TestAccount {
  id: number;
  role: Role;
  /** What to type to sign in (email, or student number for students). */
  identifier: string;
  password: string;
}

/** A new account of a role, with a password unless `password: null`. */
export async function createAccount(role: Role, options: { password?: string | null; now?: number } = {}): Promise<TestAccount> {
  const password = options.password === undefined ? `pw-${crypto.randomUUID()}` : options.password;
  const studentNumber = role === "student" ? `9${Date.now().toString().slice(-6)}${String((studentSequence += 1)).padStart(3, "0")}` : null;
  const email = role === "student" ? null : uniqueEmail(role);
  const [created] = await accountInsert(db, {
    role,
    name: `测试 ${role}`,
    email,
    studentNumber,
    partnerId: role === "enterprise" ? 1 : null,
    locale: "zh-CN",
    passwordHash: password === null ? null : await hashPassword(password),
    now: options.now ?? Date.now(),
  });
  if (!created) throw new Error("account insert returned no id");
  return { id: created.id, role, identifier: email ?? studentNumber ?? "", password: password ?? "" };
}

/** Signs in through the flow, now, from a fresh address. */
export function signInWith(identifier: string, password: string, overrides: Partial<AccountContext> & { sharedComputer?: boolean } = {}): Promise<SignedIn> {
  const { sharedComputer = false, ...ctx } = overrides;
  return signIn(accountContext(ctx), { identifier, password, sharedComputer, userAgent: "vitest" });
}

export function signInAsDemo(role: Role): Promise<SignedIn> {
  const account = demo(role);
  return signInWith(account.signIn, account.password);
}

export function cookieFor(token: string): string {
  return `${SESSION_COOKIE}=${token}`;
}

export function sessionIdOf(token: string): string {
  const [id] = token.split(".");
  if (!id) throw new Error("not a session token");
  return id;
}

/** An API request with a session cookie (or none). */
export function apiRequest(path: string, init: RequestInit & { cookie?: string | null } = {}): Promise<Response> {
  const { cookie, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (cookie) headers.set("cookie", cookie);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", uniqueIp());
  return Promise.resolve(api.request(path, { ...rest, headers }, env));
}

/** GET /me as whoever holds the cookie. */
export function getMe(cookie: string | null): Promise<Response> {
  return apiRequest("/me", { cookie });
}

/** The AppError a promise is rejected with; fails the test when it resolves or throws anything else. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, but it succeeded");
}

export async function sessionCount(userId: number): Promise<number> {
  const [row] = await rows<{ n: number }>("select count(*) as n from sessions where user_id = ?", userId);
  return row?.n ?? 0;
}

export interface AuditRow {
  id: number;
  at: number;
  action: string;
  actor_id: number | null;
  subject_user_id: number | null;
  detail: string | null;
  ip: string | null;
}

export function auditRows(where: string, ...values: unknown[]): Promise<AuditRow[]> {
  return rows<AuditRow>(`select * from audit_log where ${where} order by id`, ...values);
}

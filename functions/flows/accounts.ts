/**
 * Signing in and out, the first admin, password changes, disabling accounts. Shared by pages and
 * API routes; every function takes its context as an argument, so tests fix the clock.
 *
 * Signing in answers a wrong password, an unknown account, a disabled one and one without a
 * password yet in exactly the same way and the same time (a password is always hashed), and
 * counts the failure against the identifier typed, so neither answers nor timing nor 429s tell
 * who has an account.
 */
import { sha256Hex } from "../auth/secret-encoding.ts";
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from "../auth/password.ts";
import { acceptNewPassword } from "../auth/password-policy.ts";
import { allows } from "../auth/permissions.ts";
import type { Role } from "../auth/roles.ts";
import { constantTimeEqual, newSessionToken, SESSION_LIFETIME_MS } from "../auth/session-token.ts";
import { accountKey, accountWait, ACCOUNT_WINDOW_MS, addressKey, addressWait, ADDRESS_WINDOW_MS } from "../auth/sign-in-throttle.ts";
import { auditInsert } from "../db/audit.ts";
import type { Database } from "../db/client.ts";
import {
  accountForSignIn,
  accountInsert,
  adminCount,
  deleteSession,
  deleteUserSessions,
  failureClear,
  failureInserts,
  passwordHashOf,
  recentFailures,
  sessionInsert,
  setCollegeRole,
  setDisabled,
  setPassword,
  type SessionUser,
} from "../db/users.ts";
import type { Locale } from "../domain/locale.ts";
import { contactEmail } from "../domain/proposal-input.ts";
import { normalizeProse, normalizeText } from "../domain/text.ts";
import { AppError } from "../http/app-error.ts";

export interface AccountContext {
  db: Database;
  now: number;
  clientIp: string | null;
}

export interface SignInInput {
  identifier: string;
  password: string;
  sharedComputer: boolean;
  userAgent: string | null;
}

export interface SignedIn {
  token: string;
  user: SessionUser;
  sharedComputer: boolean;
}

export async function signIn(ctx: AccountContext, input: SignInInput): Promise<SignedIn> {
  const identifier = normalizeText(input.identifier).slice(0, 254);
  const keys = [accountKey(identifier), addressKey(ctx.clientIp)];
  const [account, failures] = await Promise.all([
    identifier ? accountForSignIn(ctx.db, identifier) : Promise.resolve(undefined),
    recentFailures(ctx.db, [
      { key: keys[0] ?? "", since: ctx.now - ACCOUNT_WINDOW_MS },
      { key: keys[1] ?? "", since: ctx.now - ADDRESS_WINDOW_MS },
    ]),
  ]);
  if (accountWait(failures.get(keys[0] ?? ""), ctx.now) > 0 || addressWait(failures.get(keys[1] ?? ""), ctx.now) > 0) {
    throw new AppError("rate_limited");
  }
  const usable = account && account.passwordHash && account.disabledAt === null ? account : undefined;
  // Always hash, so an unknown account costs the same time as a wrong password.
  const matches = await verifyPassword(input.password.slice(0, 1024), usable?.passwordHash ?? DUMMY_HASH);
  if (!usable || !matches) {
    await ctx.db.batch([
      failureInserts(ctx.db, keys, ctx.now),
      auditInsert(ctx.db, { action: "sign-in-failed", actorId: null, subjectUserId: account?.id ?? null, detail: { identifier }, ip: ctx.clientIp, at: ctx.now }),
    ]);
    throw new AppError("sign_in_failed");
  }
  const { passwordHash, disabledAt: _disabled, ...user } = usable;
  const { id, secret, token } = newSessionToken();
  const writes = [
    sessionInsert(ctx.db, {
      id,
      userId: user.id,
      secretHash: await sha256Hex(secret),
      sharedComputer: input.sharedComputer,
      createdAt: ctx.now,
      lastSeenAt: ctx.now,
      expiresAt: ctx.now + SESSION_LIFETIME_MS,
      userAgent: input.userAgent?.slice(0, 200) ?? null,
    }),
    auditInsert(ctx.db, { action: "sign-in", actorId: user.id, subjectUserId: user.id, detail: { sharedComputer: input.sharedComputer }, ip: ctx.clientIp, at: ctx.now }),
    failureClear(ctx.db, accountKey(identifier)),
  ] as const;
  await ctx.db.batch([...writes]);
  if (passwordHash && needsRehash(passwordHash)) {
    await setPassword(ctx.db, user.id, await hashPassword(input.password), id, { action: "password-changed", actorId: user.id, subjectUserId: user.id, detail: { rehash: true }, at: ctx.now });
  }
  return { token, user, sharedComputer: input.sharedComputer };
}

export async function signOut(ctx: AccountContext, sessionId: string, userId: number): Promise<void> {
  await deleteSession(ctx.db, sessionId, { action: "sign-out", actorId: userId, subjectUserId: userId, ip: ctx.clientIp, at: ctx.now });
}

export async function signOutEverywhere(ctx: AccountContext, userId: number): Promise<void> {
  await deleteUserSessions(ctx.db, userId, { action: "sign-out-everywhere", actorId: userId, subjectUserId: userId, ip: ctx.clientIp, at: ctx.now });
}

/**
 * The first admin, on a database with none, for whoever holds the setup token (a secret in
 * production). Once an admin exists this is refused, and /setup answers 404.
 */
export async function setupFirstAdmin(
  ctx: AccountContext,
  input: { token: string; expectedToken: string | undefined; name: string; email: string; password: string; locale: Locale },
): Promise<number> {
  if ((await adminCount(ctx.db)) > 0) throw new AppError("not_found");
  if (!input.expectedToken || input.expectedToken.length < 16 || !constantTimeEqual(input.token, input.expectedToken)) {
    throw new AppError("validation", [{ field: "token", code: "setup_token_wrong" }]);
  }
  // The same email rule (and normalization) as every other form.
  const email = contactEmail.safeParse(input.email);
  const name = normalizeProse(input.name).slice(0, 50);
  const errors = [...(name ? [] : [{ field: "name", code: "required" }]), ...(email.success ? [] : [{ field: "email", code: "invalid_email" }])];
  if (errors.length || !email.success) throw new AppError("validation", errors);
  const passwordHash = await hashPassword(acceptNewPassword(input.password, "password"));
  const [created] = await accountInsert(ctx.db, { role: "admin", name, email: email.data, locale: input.locale, passwordHash, now: ctx.now });
  if (!created) throw new Error("admin insert returned no id");
  await auditInsert(ctx.db, { action: "account-created", actorId: created.id, subjectUserId: created.id, detail: { role: "admin", via: "setup" }, ip: ctx.clientIp, at: ctx.now });
  return created.id;
}

export async function changePassword(
  ctx: AccountContext,
  user: { id: number; sessionId: string },
  input: { current: string; next: string },
): Promise<void> {
  const stored = await passwordHashOf(ctx.db, user.id);
  if (!stored || !(await verifyPassword(input.current, stored))) throw new AppError("validation", [{ field: "current", code: "password_wrong" }]);
  const hash = await hashPassword(acceptNewPassword(input.next, "next"));
  await setPassword(ctx.db, user.id, hash, user.sessionId, { action: "password-changed", actorId: user.id, subjectUserId: user.id, ip: ctx.clientIp, at: ctx.now });
}

export async function disableAccount(ctx: AccountContext, actor: { id: number; role: Role }, userId: number, disabled: boolean): Promise<void> {
  // The admin page is guarded too; the flow checks again, whoever calls it.
  if (!allows("users:manage", actor.role)) throw new AppError("forbidden");
  if (actor.id === userId) throw new AppError("transition_not_allowed");
  await setDisabled(ctx.db, userId, disabled ? ctx.now : null, {
    action: disabled ? "account-disabled" : "account-enabled",
    actorId: actor.id,
    subjectUserId: userId,
    ip: ctx.clientIp,
    at: ctx.now,
  });
}

export const COLLEGE_ROLES = ["admin", "staff", "teacher"] as const;

export async function changeRole(ctx: AccountContext, actor: { id: number; role: Role }, userId: number, role: string): Promise<void> {
  if (!allows("users:manage", actor.role)) throw new AppError("forbidden");
  // An admin cannot demote themselves: the portal must never be left without one by accident.
  if (actor.id === userId) throw new AppError("transition_not_allowed");
  const next = COLLEGE_ROLES.find((r) => r === role);
  if (!next) throw new AppError("validation", [{ field: "role", code: "invalid_choice" }]);
  const changed = await setCollegeRole(ctx.db, userId, next, { action: "role-changed", actorId: actor.id, subjectUserId: userId, detail: { role: next }, ip: ctx.clientIp, at: ctx.now });
  if (!changed) throw new AppError("transition_not_allowed");
}

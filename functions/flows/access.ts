/**
 * Getting an account and a password: invitations for staff, teachers and enterprise users,
 * printed activation codes for students (many read no email), password-reset links, and staff
 * resetting a student's password by hand (a fresh activation code). Every secret is single-use
 * and expires; using one ends the account's other sessions.
 */
import { sha256Hex } from "../auth/secret-encoding.ts";
import { ACTIVATION_LIFETIME_MS, canonicalCode, INVITATION_LIFETIME_MS, newActivationCode, newLinkToken, RESET_LIFETIME_MS } from "../auth/access-code.ts";
import { hashPassword } from "../auth/password.ts";
import { acceptNewPassword } from "../auth/password-policy.ts";
import type { Role } from "../auth/roles.ts";
import type { PortalConfig } from "../config.ts";
import type { Database } from "../db/client.ts";
import { outboxInsert } from "../db/outbox.ts";
import {
  enabledAccountByEmail,
  inviteAccount,
  liveToken,
  redeemToken,
  replaceActivationCodes,
  studentsOfCohort,
  tokenInsert,
  type TokenTarget,
} from "../db/one-time-tokens.ts";
import { accountForSignIn } from "../db/users.ts";
import { type Locale, prefixOfLocale } from "../domain/locale.ts";
import { contactEmail, type FieldError } from "../domain/proposal-input.ts";
import { normalizeProse, normalizeText } from "../domain/text.ts";
import { AppError } from "../http/app-error.ts";
import { translate } from "../../src/i18n/messages.ts";

interface Ctx {
  db: Database;
  config: PortalConfig;
  now: number;
  clientIp: string | null;
}

export type InvitableRole = Extract<Role, "staff" | "teacher" | "enterprise">;
export const INVITABLE_ROLES: readonly InvitableRole[] = ["staff", "teacher", "enterprise"];

export function accessPath(locale: Locale, token: string): string {
  return `/${prefixOfLocale(locale)}/access/${token}`;
}

export async function inviteUser(
  ctx: Ctx,
  actor: { id: number; name: string },
  input: { name: string; email: string; role: string; partnerId: number | null; locale: Locale },
): Promise<void> {
  const name = normalizeProse(input.name).slice(0, 50);
  const email = contactEmail.safeParse(input.email);
  const role = (INVITABLE_ROLES as readonly string[]).includes(input.role) ? (input.role as InvitableRole) : null;
  const errors: FieldError[] = [
    ...(name ? [] : [{ field: "name", code: "required" }]),
    ...(email.success ? [] : [{ field: "email", code: "invalid_email" }]),
    ...(role ? [] : [{ field: "role", code: "invalid_choice" }]),
    ...(role === "enterprise" && input.partnerId === null ? [{ field: "partnerId", code: "partner_required" }] : []),
  ];
  if (errors.length || !email.success || !role) throw new AppError("validation", errors);
  if (await accountForSignIn(ctx.db, email.data)) throw new AppError("validation", [{ field: "email", code: "email_in_use" }]);
  const token = newLinkToken();
  const locale = input.locale;
  const college = ctx.config.college[locale];
  await inviteAccount(
    ctx.db,
    { role, name, email: email.data, partnerId: role === "enterprise" ? input.partnerId : null, locale, now: ctx.now },
    { hash: await sha256Hex(token), createdBy: actor.id, expiresAt: ctx.now + INVITATION_LIFETIME_MS },
    {
      kind: "account-invitation",
      toAddress: email.data,
      locale,
      subject: translate(locale, "email.invitation.subject", { college }),
      bodyText: [
        translate(locale, "email.greeting", { name }),
        "",
        translate(locale, "email.invitation.body", { inviter: actor.name, college, role: translate(locale, `role.${role}`), url: ctx.config.publicOrigin + accessPath(locale, token) }),
        "",
        translate(locale, "email.signature", { college }),
      ].join("\n"),
    },
    { action: "invitation-sent", actorId: actor.id, detail: { role }, ip: ctx.clientIp, at: ctx.now },
  );
}

/** The same answer whether or not the address has an account. */
export async function requestPasswordReset(ctx: Ctx & { limiter: RateLimit }, rawEmail: string): Promise<void> {
  const { success } = await ctx.limiter.limit({ key: `reset:${ctx.clientIp ?? "unknown"}` });
  if (!success) throw new AppError("rate_limited");
  const email = contactEmail.safeParse(rawEmail);
  if (!email.success) throw new AppError("validation", [{ field: "email", code: "invalid_email" }]);
  const account = await enabledAccountByEmail(ctx.db, email.data);
  if (!account) return;
  const token = newLinkToken();
  const college = ctx.config.college[account.locale];
  // The token and its email land together, or neither does.
  await ctx.db.batch([
    tokenInsert(ctx.db, { purpose: "password-reset", hash: await sha256Hex(token), userId: account.id, createdBy: null, now: ctx.now, expiresAt: ctx.now + RESET_LIFETIME_MS }),
    outboxInsert(
      ctx.db,
      {
        kind: "password-reset",
        toAddress: email.data,
        locale: account.locale,
        subject: translate(account.locale, "email.reset.subject"),
        bodyText: [
          translate(account.locale, "email.greeting", { name: account.name }),
          "",
          translate(account.locale, "email.reset.body", { college, url: ctx.config.publicOrigin + accessPath(account.locale, token) }),
          "",
          translate(account.locale, "email.signature", { college }),
        ].join("\n"),
      },
      ctx.now,
    ),
  ]);
}

/** What an invitation or reset link leads to, if it is still good. */
export async function linkTarget(ctx: Pick<Ctx, "db" | "now">, token: string): Promise<TokenTarget | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return liveToken(ctx.db, await sha256Hex(token), ["invitation", "password-reset"], ctx.now);
}

export async function setPasswordWithLink(ctx: Ctx, token: string, password: string): Promise<TokenTarget> {
  const target = await linkTarget(ctx, token);
  if (!target) throw new AppError("not_found");
  const hash = await hashPassword(acceptNewPassword(password, "password"));
  const action = target.purpose === "invitation" ? "account-created" : "password-reset";
  const redeemed = await redeemToken(ctx.db, target.tokenId, target.userId, hash, { action, actorId: target.userId, subjectUserId: target.userId, ip: ctx.clientIp, at: ctx.now });
  if (!redeemed) throw new AppError("not_found");
  return target;
}

/** A student's first password, from their student number and a printed code. */
export async function activateStudent(ctx: Ctx, input: { studentNumber: string; code: string; password: string }): Promise<void> {
  const number = normalizeText(input.studentNumber);
  const target = await liveToken(ctx.db, await sha256Hex(canonicalCode(input.code)), ["activation"], ctx.now);
  // The code must belong to this student number: a code alone is not enough.
  if (!target || target.studentNumber !== number) throw new AppError("validation", [{ field: "code", code: "activation_invalid" }]);
  const hash = await hashPassword(acceptNewPassword(input.password, "password"));
  const redeemed = await redeemToken(ctx.db, target.tokenId, target.userId, hash, { action: "password-reset", actorId: target.userId, subjectUserId: target.userId, detail: { via: "activation-code" }, ip: ctx.clientIp, at: ctx.now });
  if (!redeemed) throw new AppError("validation", [{ field: "code", code: "activation_invalid" }]);
}

export interface PrintedCode {
  studentNumber: string;
  name: string;
  code: string;
}

/**
 * Fresh codes for every enabled student of a class, for a printed sheet (shown once, never
 * stored in clear). Earlier unused codes of those students stop working.
 */
export async function activationSheet(ctx: Ctx, actorId: number, cohort: string, onlyStudentId?: number): Promise<{ codes: PrintedCode[]; expiresAt: number }> {
  const students = (await studentsOfCohort(ctx.db, cohort)).filter((s) => onlyStudentId === undefined || s.id === onlyStudentId);
  const codes = students.map((s) => ({ userId: s.id, studentNumber: s.studentNumber ?? "", name: s.name, code: newActivationCode() }));
  const expiresAt = ctx.now + ACTIVATION_LIFETIME_MS;
  await replaceActivationCodes(
    ctx.db,
    await Promise.all(codes.map(async (c) => ({ userId: c.userId, hash: await sha256Hex(canonicalCode(c.code)) }))),
    actorId,
    ctx.now,
    expiresAt,
    { action: onlyStudentId === undefined ? "invitation-sent" : "password-reset", actorId, subjectUserId: onlyStudentId ?? null, detail: { cohort, activationCodes: codes.length }, ip: ctx.clientIp, at: ctx.now },
  );
  return { codes: codes.map(({ userId: _id, ...printed }) => printed), expiresAt };
}

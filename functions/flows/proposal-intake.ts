/**
 * Proposal intake: submit, confirm by email, withdraw, and resend links. The HTML form pages and
 * the JSON API call these same functions, so both paths share validation, spam defences and
 * the atomic writes. Each function takes what it needs as arguments (no globals), so tests can
 * drive it with a fixed clock and a stubbed siteverify.
 */
import { sha256Hex } from "../auth/secret-encoding.ts";
import { linkToken } from "../auth/link-token.ts";
import type { PortalConfig } from "../config.ts";
import type { Database } from "../db/client.ts";
import { type OutboxMessage, queueEmail } from "../db/outbox.ts";
import {
  insertProposal,
  intakeFacts,
  isUniqueViolation,
  proposalByConfirmHash,
  REFERENCE_PLACEHOLDER,
  proposalByStatusHash,
  proposalsByContactEmail,
  transitionProposal,
  type ProposalRecord,
  type ProposalView,
} from "../db/proposals.ts";
import { type Locale, prefixOfLocale } from "../domain/locale.ts";
import { confirmEmail, receivedEmail, staffNotificationEmail, statusLinksEmail } from "../domain/proposal-emails.ts";
import { contactEmail, type FieldError, fieldErrors, parseProposalInput, type ProposalInput } from "../domain/proposal-input.ts";
import { effectiveStatus, nextStatus, UNCONFIRMED_LIFETIME_MS, type ProposalStatus } from "../domain/proposal-status.ts";
import { shanghaiYear } from "../domain/proposal-reference.ts";
import { AppError } from "../http/app-error.ts";
import { verifyTurnstile } from "../http/turnstile.ts";

export interface IntakeContext {
  db: Database;
  config: PortalConfig;
  now: number;
  clientIp: string | null;
  limiter: RateLimit;
  fetcher?: typeof fetch;
}

export interface SubmitMeta {
  idempotencyKey: string;
  /** Absent without JavaScript, when Turnstile could not load, or for API clients. */
  turnstileToken: string | undefined;
  /** The hidden field bots fill in. Such a proposal is kept but must be confirmed by email. */
  honeypotFilled: boolean;
  locale: Locale;
}

export type Confirmation = "not-needed" | "sent" | "limited";

export interface SubmitResult {
  reference: string;
  status: ProposalStatus;
  statusToken: string;
  confirmation: Confirmation;
  contactEmail: string;
  replayed: boolean;
}

/** Confirmation (and link) emails one address may receive in a day. */
export const CONFIRMATIONS_PER_DAY = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export function statusPath(locale: Locale, token: string): string {
  return `/${prefixOfLocale(locale)}/proposals/${token}`;
}

export function confirmPath(locale: Locale, token: string): string {
  return `/${prefixOfLocale(locale)}/proposals/confirm/${token}`;
}

async function enforceRateLimit(limiter: RateLimit, key: string): Promise<void> {
  const { success } = await limiter.limit({ key });
  if (!success) throw new AppError("rate_limited");
}

export async function submitProposal(ctx: IntakeContext, raw: unknown, meta: SubmitMeta): Promise<SubmitResult> {
  const parsed = parseProposalInput(raw);
  if (!parsed.success) throw new AppError("validation", fieldErrors(parsed.error));
  const input = parsed.data;
  // Counted after validation: someone correcting a form is not slowed down, writes are.
  await enforceRateLimit(ctx.limiter, `proposal:${ctx.clientIp ?? "unknown"}`);

  const facts = await intakeFacts(ctx.db, {
    idempotencyKey: meta.idempotencyKey,
    industry: input.industry,
    majors: input.majors,
    email: input.contactEmail,
    since: ctx.now - DAY_MS,
  });
  if (facts.existing) return replay(ctx, facts.existing);
  const unknown: FieldError[] = [
    ...(facts.unknownIndustry ? [{ field: "industry", code: "unknown_code" }] : []),
    ...(facts.unknownMajors.length ? [{ field: "majors", code: "unknown_code" }] : []),
  ];
  if (unknown.length) throw new AppError("validation", unknown);

  const verdict =
    meta.turnstileToken && !meta.honeypotFilled
      ? await verifyTurnstile(
          { secret: ctx.config.turnstile.secret, token: meta.turnstileToken, remoteIp: ctx.clientIp, idempotencyKey: meta.idempotencyKey, timeoutMs: ctx.config.turnstile.timeoutMs },
          ctx.fetcher,
        )
      : "unavailable";
  if (verdict === "failed") throw new AppError("turnstile_failed", [{ field: "turnstile", code: "turnstile_failed" }]);
  const confirmed = verdict === "passed";

  const statusToken = await linkToken(ctx.config.tokenSecret, "status", meta.idempotencyKey);
  const confirmToken = confirmed ? null : await linkToken(ctx.config.tokenSecret, "confirm", meta.idempotencyKey);
  const confirmation: Confirmation = confirmed ? "not-needed" : facts.confirmationsToday < CONFIRMATIONS_PER_DAY ? "sent" : "limited";
  const emails = intakeEmails(ctx, input, meta.locale, REFERENCE_PLACEHOLDER, statusToken, confirmToken, confirmation);

  let reference: string;
  try {
    reference = await insertProposal(
      ctx.db,
      {
        year: shanghaiYear(ctx.now),
        input,
        status: confirmed ? "submitted" : "unconfirmed",
        confirmedVia: confirmed ? "turnstile" : null,
        locale: meta.locale,
        idempotencyKey: meta.idempotencyKey,
        statusTokenHash: await sha256Hex(statusToken),
        confirmTokenHash: confirmToken ? await sha256Hex(confirmToken) : null,
        now: ctx.now,
        expiresAt: confirmed ? null : ctx.now + UNCONFIRMED_LIFETIME_MS,
      },
      emails,
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same form arrived twice at once, and the other copy was stored first: answer with it.
    const again = await intakeFacts(ctx.db, { idempotencyKey: meta.idempotencyKey, industry: input.industry, majors: [], email: input.contactEmail, since: ctx.now - DAY_MS });
    if (!again.existing) throw error;
    return replay(ctx, again.existing);
  }
  return { reference, status: confirmed ? "submitted" : "unconfirmed", statusToken, confirmation, contactEmail: input.contactEmail, replayed: false };
}

async function replay(ctx: IntakeContext, existing: ProposalRecord): Promise<SubmitResult> {
  return {
    reference: existing.reference,
    status: effectiveStatus(existing.status, existing.expiresAt, ctx.now),
    statusToken: await linkToken(ctx.config.tokenSecret, "status", existing.idempotencyKey),
    confirmation: existing.status === "unconfirmed" ? "sent" : "not-needed",
    contactEmail: existing.contactEmail,
    replayed: true,
  };
}

function intakeEmails(
  ctx: IntakeContext,
  input: ProposalInput,
  locale: Locale,
  reference: string,
  statusToken: string,
  confirmToken: string | null,
  confirmation: Confirmation,
): OutboxMessage[] {
  const origin = ctx.config.publicOrigin;
  const common = { locale, college: ctx.config.college[locale], reference, org: input.orgName, contactName: input.contactName };
  const statusUrl = origin + statusPath(locale, statusToken);
  if (confirmToken === null) {
    return [
      { kind: "proposal-received", toAddress: input.contactEmail, locale, ...receivedEmail({ ...common, statusUrl }) },
      staffNote(ctx.config, input, reference, "turnstile"),
    ];
  }
  if (confirmation === "limited") return [];
  return [{ kind: "proposal-confirm", toAddress: input.contactEmail, locale, ...confirmEmail({ ...common, statusUrl, confirmUrl: origin + confirmPath(locale, confirmToken) }) }];
}

function staffNote(
  config: PortalConfig,
  p: Pick<ProposalInput, "orgName" | "cooperationTypes" | "contactName" | "contactEmail" | "contactPhone" | "description">,
  reference: string,
  via: "turnstile" | "email",
): OutboxMessage {
  const note = staffNotificationEmail({
    reference,
    org: p.orgName,
    types: p.cooperationTypes,
    contactName: p.contactName,
    email: p.contactEmail,
    phone: p.contactPhone,
    via,
    description: p.description,
  });
  return { kind: "staff-proposal-submitted", toAddress: config.staffNotifyEmail, locale: note.locale, subject: note.subject, bodyText: note.bodyText };
}

export type ConfirmOutcome = { result: "confirmed"; reference: string } | { result: "not-needed"; reference: string; status: ProposalStatus } | { result: "invalid" };

/** What the confirmation page shows before the visitor presses the button. */
export async function confirmationTarget(ctx: Pick<IntakeContext, "db" | "now">, token: string): Promise<ConfirmOutcome | { result: "pending"; reference: string }> {
  const proposal = await proposalByConfirmHash(ctx.db, await sha256Hex(token));
  if (!proposal) return { result: "invalid" };
  const status = effectiveStatus(proposal.status, proposal.expiresAt, ctx.now);
  if (status === "expired") return { result: "invalid" };
  return status === "unconfirmed" ? { result: "pending", reference: proposal.reference } : { result: "not-needed", reference: proposal.reference, status };
}

/**
 * Confirms an unconfirmed proposal from its emailed link (a POST from the confirmation page, so
 * mail scanners that prefetch links confirm nothing). Submitted now, the staff are notified in
 * the same batch.
 */
export async function confirmProposal(ctx: Pick<IntakeContext, "db" | "now" | "config">, token: string): Promise<ConfirmOutcome> {
  const proposal = await proposalByConfirmHash(ctx.db, await sha256Hex(token));
  if (!proposal) return { result: "invalid" };
  const current = effectiveStatus(proposal.status, proposal.expiresAt, ctx.now);
  const step = nextStatus(current, "confirm");
  if (current === "expired") return { result: "invalid" };
  if (!step.ok) return { result: "not-needed", reference: proposal.reference, status: current };
  const applied = await transitionProposal(
    ctx.db,
    { id: proposal.id, from: proposal.status, to: step.to, actor: "enterprise", now: ctx.now, confirmedVia: "email" },
    [staffNote(ctx.config, proposal, proposal.reference, "email")],
  );
  return applied ? { result: "confirmed", reference: proposal.reference } : { result: "not-needed", reference: proposal.reference, status: current };
}

/** The status page's data, with an overdue unconfirmed proposal shown as expired. */
export async function proposalStatus(ctx: Pick<IntakeContext, "db" | "now">, token: string): Promise<ProposalView | undefined> {
  const view = await proposalByStatusHash(ctx.db, await sha256Hex(token));
  return view && { ...view, status: effectiveStatus(view.status, view.expiresAt, ctx.now) };
}

export async function withdrawProposal(ctx: Pick<IntakeContext, "db" | "now">, token: string): Promise<ProposalView> {
  const view = await proposalByStatusHash(ctx.db, await sha256Hex(token));
  if (!view) throw new AppError("not_found");
  const current = effectiveStatus(view.status, view.expiresAt, ctx.now);
  const step = nextStatus(current, "withdraw");
  if (!step.ok) throw new AppError("transition_not_allowed");
  const applied = await transitionProposal(ctx.db, { id: view.id, from: view.status, to: step.to, actor: "enterprise", now: ctx.now });
  if (!applied) throw new AppError("transition_not_allowed");
  return { ...view, status: step.to };
}

/**
 * Mails the status links of every proposal made with an address. The answer never says whether
 * the address is known; the rate limit keeps it from being used to flood someone's inbox.
 */
export async function resendStatusLinks(ctx: IntakeContext, rawEmail: unknown, locale: Locale): Promise<void> {
  await enforceRateLimit(ctx.limiter, `links:${ctx.clientIp ?? "unknown"}`);
  const parsed = contactEmail.safeParse(rawEmail);
  if (!parsed.success) throw new AppError("validation", [{ field: "email", code: "invalid_email" }]);
  const email = parsed.data;
  const { proposals: found, sentToday } = await proposalsByContactEmail(ctx.db, email, ctx.now - DAY_MS);
  if (found.length === 0 || sentToday >= CONFIRMATIONS_PER_DAY) return;
  const origin = ctx.config.publicOrigin;
  const links = await Promise.all(
    found.map(async (p) => {
      const live = effectiveStatus(p.status, p.expiresAt, ctx.now);
      return {
        reference: p.reference,
        org: p.orgName,
        statusUrl: origin + statusPath(locale, await linkToken(ctx.config.tokenSecret, "status", p.idempotencyKey)),
        confirmUrl: live === "unconfirmed" ? origin + confirmPath(locale, await linkToken(ctx.config.tokenSecret, "confirm", p.idempotencyKey)) : null,
      };
    }),
  );
  const latest = found.at(-1);
  const mail = statusLinksEmail({ locale, college: ctx.config.college[locale], contactName: latest?.contactName ?? "", links });
  await queueEmail(ctx.db, { kind: "proposal-status-link", toAddress: email, locale, ...mail }, ctx.now);
}

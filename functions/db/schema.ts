/**
 * The D1 schema, as drizzle tables. `npm run db:generate` turns changes here into SQL under
 * migrations/. Invariants live here as CHECKs and unique indexes, so no code path can break them.
 *
 * Times are integers in milliseconds since the epoch (UTC); calendar dates are ISO `YYYY-MM-DD`
 * text and months `YYYY-MM`, which sort and compare correctly as text.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { COOPERATION_TYPES } from "../domain/cooperation-type.ts";
import { PROPOSAL_STATUSES } from "../domain/proposal-status.ts";
import { ORGANIZATION_SIZES } from "../domain/organization-size.ts";
import { LOCALES } from "../domain/locale.ts";
import { ROLES } from "../auth/roles.ts";

/** `'a', 'b', 'c'` for a CHECK … IN (…) built from one of the domain's enums. */
function sqlList(values: readonly string[]) {
  return sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", "));
}

// Reference data: stable ASCII codes, names in both languages.
export const majors = sqliteTable("majors", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});

export const industries = sqliteTable("industries", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});

export const cities = sqliteTable("cities", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});

/** An enterprise the college cooperates with. A proposal's organization becomes one once accepted. */
export const partners = sqliteTable(
  "partners",
  {
    id: integer("id").primaryKey(),
    slug: text("slug").notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    industryCode: text("industry_code").notNull().references(() => industries.code),
    cityCode: text("city_code").notNull().references(() => cities.code),
    size: text("size").notNull(),
    website: text("website"),
    summaryZh: text("summary_zh").notNull(),
    summaryEn: text("summary_en").notNull(),
    sinceYear: integer("since_year").notNull(),
    creditCode: text("credit_code"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("partners_slug_unique").on(t.slug),
    uniqueIndex("partners_credit_code_unique").on(t.creditCode),
    index("partners_industry_idx").on(t.industryCode),
    check("partners_size_check", sql`${t.size} IN (${sqlList(ORGANIZATION_SIZES)})`),
    check("partners_slug_check", sql`${t.slug} GLOB '[a-z0-9]*' AND ${t.slug} NOT GLOB '*[^a-z0-9-]*'`),
  ],
);

export const PROGRAM_STATUSES = ["draft", "open", "closed"] as const;

/** A cooperation program offered with a partner: an internship, an order class, a joint lab … */
export const programs = sqliteTable(
  "programs",
  {
    id: integer("id").primaryKey(),
    slug: text("slug").notNull(),
    partnerId: integer("partner_id").notNull().references(() => partners.id),
    type: text("type").notNull(),
    titleZh: text("title_zh").notNull(),
    titleEn: text("title_en").notNull(),
    summaryZh: text("summary_zh").notNull(),
    summaryEn: text("summary_en").notNull(),
    descriptionZh: text("description_zh").notNull(),
    descriptionEn: text("description_en").notNull(),
    seats: integer("seats").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    cityCode: text("city_code").notNull().references(() => cities.code),
    status: text("status").notNull(),
    featured: integer("featured", { mode: "boolean" }).notNull().default(false),
    /** Lower-cased NFKC text of titles, summaries, partner and major names in both languages: keyword search runs `instr()` over it. */
    searchText: text("search_text").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("programs_slug_unique").on(t.slug),
    index("programs_status_type_idx").on(t.status, t.type),
    index("programs_partner_idx").on(t.partnerId),
    check("programs_type_check", sql`${t.type} IN (${sqlList(COOPERATION_TYPES)})`),
    check("programs_status_check", sql`${t.status} IN (${sqlList(PROGRAM_STATUSES)})`),
    check("programs_seats_check", sql`${t.seats} > 0`),
    check("programs_period_check", sql`${t.endsOn} >= ${t.startsOn}`),
    check("programs_slug_check", sql`${t.slug} GLOB '[a-z0-9]*' AND ${t.slug} NOT GLOB '*[^a-z0-9-]*'`),
  ],
);

export const programMajors = sqliteTable(
  "program_majors",
  {
    programId: integer("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    majorCode: text("major_code").notNull().references(() => majors.code),
  },
  (t) => [primaryKey({ columns: [t.programId, t.majorCode] }), index("program_majors_major_idx").on(t.majorCode)],
);

/** A cooperation proposal submitted by an organization through the public form or the API. */
export const proposals = sqliteTable(
  "proposals",
  {
    id: integer("id").primaryKey(),
    reference: text("reference").notNull(),
    status: text("status").notNull(),
    confirmedVia: text("confirmed_via"),
    orgName: text("org_name").notNull(),
    creditCode: text("credit_code"),
    registrationNumber: text("registration_number"),
    industryCode: text("industry_code").notNull().references(() => industries.code),
    size: text("size").notNull(),
    city: text("city").notNull(),
    website: text("website"),
    contactName: text("contact_name").notNull(),
    contactRole: text("contact_role"),
    contactEmail: text("contact_email").notNull(),
    contactPhone: text("contact_phone").notNull(),
    seats: integer("seats"),
    periodStart: text("period_start"),
    periodEnd: text("period_end"),
    description: text("description").notNull(),
    locale: text("locale").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    statusTokenHash: text("status_token_hash").notNull(),
    confirmTokenHash: text("confirm_token_hash"),
    consentedAt: integer("consented_at").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** When an unconfirmed proposal lapses; null once confirmed. */
    expiresAt: integer("expires_at"),
  },
  (t) => [
    uniqueIndex("proposals_reference_unique").on(t.reference),
    uniqueIndex("proposals_idempotency_key_unique").on(t.idempotencyKey),
    uniqueIndex("proposals_status_token_unique").on(t.statusTokenHash),
    uniqueIndex("proposals_confirm_token_unique").on(t.confirmTokenHash),
    index("proposals_status_expires_idx").on(t.status, t.expiresAt),
    index("proposals_contact_email_idx").on(t.contactEmail),
    check("proposals_status_check", sql`${t.status} IN (${sqlList(PROPOSAL_STATUSES)})`),
    check("proposals_confirmed_via_check", sql`${t.confirmedVia} IS NULL OR ${t.confirmedVia} IN ('turnstile', 'email')`),
    check("proposals_confirmed_when_submitted", sql`${t.status} <> 'submitted' OR ${t.confirmedVia} IS NOT NULL`),
    check("proposals_unconfirmed_not_confirmed", sql`${t.status} <> 'unconfirmed' OR (${t.confirmedVia} IS NULL AND ${t.expiresAt} IS NOT NULL)`),
    check("proposals_one_registration", sql`(${t.creditCode} IS NULL) <> (${t.registrationNumber} IS NULL)`),
    check("proposals_size_check", sql`${t.size} IN (${sqlList(ORGANIZATION_SIZES)})`),
    check("proposals_locale_check", sql`${t.locale} IN (${sqlList(LOCALES)})`),
    check("proposals_seats_check", sql`${t.seats} IS NULL OR ${t.seats} BETWEEN 1 AND 10000`),
    check("proposals_period_check", sql`${t.periodEnd} IS NULL OR ${t.periodStart} IS NULL OR ${t.periodEnd} >= ${t.periodStart}`),
  ],
);

export const proposalCooperationTypes = sqliteTable(
  "proposal_cooperation_types",
  {
    proposalId: integer("proposal_id").notNull().references(() => proposals.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.type] }),
    check("proposal_cooperation_types_type_check", sql`${t.type} IN (${sqlList(COOPERATION_TYPES)})`),
  ],
);

export const proposalMajors = sqliteTable(
  "proposal_majors",
  {
    proposalId: integer("proposal_id").notNull().references(() => proposals.id, { onDelete: "cascade" }),
    majorCode: text("major_code").notNull().references(() => majors.code),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.majorCode] })],
);

/** Status history: one row per transition, written in the same batch as the change. */
export const proposalEvents = sqliteTable(
  "proposal_events",
  {
    id: integer("id").primaryKey(),
    proposalId: integer("proposal_id").notNull().references(() => proposals.id, { onDelete: "cascade" }),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actor: text("actor").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [
    index("proposal_events_proposal_idx").on(t.proposalId, t.at),
    check("proposal_events_actor_check", sql`${t.actor} IN ('enterprise', 'system', 'staff')`),
    check("proposal_events_to_status_check", sql`${t.toStatus} IN (${sqlList(PROPOSAL_STATUSES)})`),
  ],
);

export const OUTBOX_KINDS = ["proposal-received", "proposal-confirm", "proposal-status-link", "staff-proposal-submitted", "account-invitation", "password-reset"] as const;

/** Emails waiting to be delivered by `scheduled()`, rendered in the recipient's language. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey(),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    locale: text("locale").notNull(),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [
    index("outbox_pending_idx").on(t.sentAt, t.createdAt),
    index("outbox_recipient_idx").on(t.toAddress, t.kind, t.createdAt),
    check("outbox_kind_check", sql`${t.kind} IN (${sqlList(OUTBOX_KINDS)})`),
    check("outbox_locale_check", sql`${t.locale} IN (${sqlList(LOCALES)})`),
  ],
);

/**
 * An account. Students are known by their student number (many read no email), everyone else by
 * email. No password until the account is activated (invitation, activation code or setup).
 */
export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey(),
    role: text("role").notNull(),
    name: text("name").notNull(),
    email: text("email"),
    studentNumber: text("student_number"),
    partnerId: integer("partner_id").references(() => partners.id),
    majorCode: text("major_code").references(() => majors.code),
    cohort: text("cohort"),
    phone: text("phone"),
    locale: text("locale").notNull().default("zh-CN"),
    passwordHash: text("password_hash"),
    disabledAt: integer("disabled_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_student_number_unique").on(t.studentNumber),
    index("users_role_idx").on(t.role),
    index("users_partner_idx").on(t.partnerId),
    check("users_role_check", sql`${t.role} IN (${sqlList(ROLES)})`),
    check("users_locale_check", sql`${t.locale} IN (${sqlList(LOCALES)})`),
    check("users_enterprise_has_partner", sql`(${t.role} = 'enterprise') = (${t.partnerId} IS NOT NULL)`),
    check("users_student_has_number", sql`(${t.role} = 'student') = (${t.studentNumber} IS NOT NULL)`),
    check("users_can_sign_in", sql`${t.email} IS NOT NULL OR ${t.studentNumber} IS NOT NULL`),
    check("users_email_lower", sql`${t.email} IS NULL OR ${t.email} = lower(${t.email})`),
  ],
);

/**
 * A signed-in browser (Lucia style): the cookie holds `id.secret`; only SHA-256(secret) is kept.
 * Sliding expiry: 10 days from the last renewal, renewed at most hourly. A session started on a
 * shared computer also ends after 30 minutes without a request.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    secretHash: text("secret_hash").notNull(),
    sharedComputer: integer("shared_computer", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed sign-ins, counted per account and per client address to slow down guessing. */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey(),
    /** `account:<identifier>` (known or not, alike) or `address:<ip>`. */
    key: text("key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("sign_in_failures_key_idx").on(t.key, t.at)],
);

export const ONE_TIME_PURPOSES = ["invitation", "activation", "password-reset"] as const;

/**
 * Single-use secrets that let someone set a password: invitations (7 days), activation codes
 * printed for students (14 days), password-reset links (1 hour). Only a hash is stored.
 */
export const oneTimeTokens = sqliteTable(
  "one_time_tokens",
  {
    id: integer("id").primaryKey(),
    purpose: text("purpose").notNull(),
    tokenHash: text("token_hash").notNull(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [
    uniqueIndex("one_time_tokens_hash_unique").on(t.tokenHash),
    index("one_time_tokens_user_idx").on(t.userId, t.purpose),
    check("one_time_tokens_purpose_check", sql`${t.purpose} IN (${sqlList(ONE_TIME_PURPOSES)})`),
  ],
);

export const AUDIT_ACTIONS = [
  "sign-in",
  "sign-in-failed",
  "sign-out",
  "sign-out-everywhere",
  "permission-denied",
  "account-created",
  "account-disabled",
  "account-enabled",
  "role-changed",
  "password-changed",
  "password-reset",
  "invitation-sent",
  "roster-imported",
  "student-record-viewed",
] as const;

/** Append-only: nothing updates or deletes a row (no code path does, and triggers refuse it). */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey(),
    at: integer("at").notNull(),
    action: text("action").notNull(),
    actorId: integer("actor_id").references(() => users.id),
    subjectUserId: integer("subject_user_id").references(() => users.id),
    detail: text("detail"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_subject_idx").on(t.subjectUserId, t.at),
    index("audit_log_action_idx").on(t.action, t.at),
    check("audit_log_action_check", sql`${t.action} IN (${sqlList(AUDIT_ACTIONS)})`),
  ],
);

/**
 * A checked roster waiting for staff to confirm it: the valid rows and the report of bad ones,
 * kept server-side (not in a hidden form field) for an hour, so what is imported is exactly
 * what was previewed.
 */
export const rosterPreviews = sqliteTable(
  "roster_previews",
  {
    id: text("id").primaryKey(),
    createdBy: integer("created_by").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** JSON: the accepted rows, as the import will write them. */
    rows: text("rows").notNull(),
    /** JSON: the whole report (encoding, file errors, bad rows with their reasons). */
    report: text("report").notNull(),
    importedAt: integer("imported_at"),
  },
  (t) => [index("roster_previews_expires_idx").on(t.expiresAt)],
);

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

export const OUTBOX_KINDS = ["proposal-received", "proposal-confirm", "proposal-status-link", "staff-proposal-submitted"] as const;

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

/**
 * Queries for cooperation proposals. Every change is one `db.batch()`: the proposal row, its
 * status event and the emails it triggers land together or not at all.
 */
import { and, desc, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { CooperationType } from "../domain/cooperation-type.ts";
import type { Locale } from "../domain/locale.ts";
import type { ProposalInput } from "../domain/proposal-input.ts";
import type { ProposalStatus } from "../domain/proposal-status.ts";
import type { Database } from "./client.ts";
import { emailCountQuery, type OutboxMessage, outboxInsert } from "./outbox.ts";
import { industries, majors, proposalCooperationTypes, proposalEvents, proposalMajors, proposals } from "./schema.ts";

export type ConfirmedVia = "turnstile" | "email";
export type Actor = "enterprise" | "system" | "staff";

export interface ProposalRecord {
  id: number;
  cooperationTypes: CooperationType[];
  contactPhone: string;
  description: string;
  reference: string;
  status: ProposalStatus;
  confirmedVia: ConfirmedVia | null;
  orgName: string;
  contactName: string;
  contactEmail: string;
  locale: Locale;
  idempotencyKey: string;
  createdAt: number;
  expiresAt: number | null;
}

const record = {
  id: proposals.id,
  cooperationTypes: sql<CooperationType[]>`(SELECT json_group_array(${proposalCooperationTypes.type}) FROM ${proposalCooperationTypes} WHERE ${proposalCooperationTypes.proposalId} = ${proposals}.id)`.mapWith((v: string) => JSON.parse(v) as CooperationType[]),
  contactPhone: proposals.contactPhone,
  description: proposals.description,
  reference: proposals.reference,
  status: sql<ProposalStatus>`${proposals.status}`,
  confirmedVia: sql<ConfirmedVia | null>`${proposals.confirmedVia}`,
  orgName: proposals.orgName,
  contactName: proposals.contactName,
  contactEmail: proposals.contactEmail,
  locale: sql<Locale>`${proposals.locale}`,
  idempotencyKey: proposals.idempotencyKey,
  createdAt: proposals.createdAt,
  expiresAt: proposals.expiresAt,
};

export async function proposalByConfirmHash(db: Database, hash: string): Promise<ProposalRecord | undefined> {
  const [row] = await db.select(record).from(proposals).where(eq(proposals.confirmTokenHash, hash));
  return row;
}

export interface ProposalView extends ProposalRecord {
  events: { fromStatus: ProposalStatus | null; toStatus: ProposalStatus; actor: Actor; at: number }[];
}

/** The status page: the proposal and its history, in one round trip. */
export async function proposalByStatusHash(db: Database, hash: string): Promise<ProposalView | undefined> {
  const byHash = eq(proposals.statusTokenHash, hash);
  const [rows, events] = await db.batch([
    db.select(record).from(proposals).where(byHash),
    db
      .select({
        fromStatus: sql<ProposalStatus | null>`${proposalEvents.fromStatus}`.as("from_status"),
        toStatus: sql<ProposalStatus>`${proposalEvents.toStatus}`.as("to_status"),
        actor: sql<Actor>`${proposalEvents.actor}`.as("actor"),
        at: proposalEvents.at,
      })
      .from(proposalEvents)
      .innerJoin(proposals, eq(proposals.id, proposalEvents.proposalId))
      .where(byHash)
      .orderBy(proposalEvents.at, proposalEvents.id),
  ]);
  const row = rows[0];
  return row ? { ...row, events } : undefined;
}

/** The proposals made with an address, and how many link emails it got since a time. */
export async function proposalsByContactEmail(db: Database, email: string, since: number): Promise<{ proposals: ProposalRecord[]; sentToday: number }> {
  const [rows, sent] = await db.batch([
    db.select(record).from(proposals).where(eq(proposals.contactEmail, email)).orderBy(proposals.createdAt).limit(20),
    emailCountQuery(db, email, "proposal-status-link", since),
  ]);
  return { proposals: rows, sentToday: sent[0]?.n ?? 0 };
}

export interface IntakeFacts {
  existing: ProposalRecord | undefined;
  unknownIndustry: boolean;
  unknownMajors: string[];
  confirmationsToday: number;
}

/**
 * Everything the intake needs to know before it writes, in one round trip: a proposal already
 * stored under this idempotency key, codes the reference tables do not have, and how many
 * confirmation emails the address got in the last day.
 */
export async function intakeFacts(
  db: Database,
  q: { idempotencyKey: string; industry: string; majors: string[]; email: string; since: number },
): Promise<IntakeFacts> {
  const [existing, codes, sent] = await db.batch([
    db.select(record).from(proposals).where(eq(proposals.idempotencyKey, q.idempotencyKey)),
    db
      .select({ kind: sql<string>`'industry'`, code: industries.code })
      .from(industries)
      .where(eq(industries.code, q.industry))
      .unionAll(db.select({ kind: sql<string>`'major'`, code: majors.code }).from(majors).where(inArray(majors.code, q.majors.length ? q.majors : [""]))),
    emailCountQuery(db, q.email, "proposal-confirm", q.since),
  ]);
  const found = new Set(codes.map((r) => `${r.kind}:${r.code}`));
  return {
    existing: existing[0],
    unknownIndustry: !found.has(`industry:${q.industry}`),
    unknownMajors: q.majors.filter((m) => !found.has(`major:${m}`)),
    confirmationsToday: sent[0]?.n ?? 0,
  };
}

export interface NewProposal {
  input: ProposalInput;
  status: "submitted" | "unconfirmed";
  confirmedVia: ConfirmedVia | null;
  locale: Locale;
  idempotencyKey: string;
  statusTokenHash: string;
  confirmTokenHash: string | null;
  /** The year in the reference, XQ-<year>-<id>. */
  year: number;
  now: number;
  expiresAt: number | null;
}

/** Stands for the reference in emails written before it exists; the batch puts the real one in. */
export const REFERENCE_PLACEHOLDER = "\u{E000}reference\u{E000}";

/**
 * Stores a proposal with its types, majors, first event and emails in one atomic batch, and
 * returns its reference. SQLite allocates the id, so concurrent proposals never compete for one;
 * the reference is derived from it inside the batch (the row briefly holds a provisional one),
 * and the emails get it by replacing REFERENCE_PLACEHOLDER as they are copied in.
 * A second submit with the same idempotency key fails its unique index and rolls everything back.
 */
export async function insertProposal(db: Database, p: NewProposal, emails: OutboxMessage[]): Promise<string> {
  const { input } = p;
  const byKey = eq(proposals.idempotencyKey, p.idempotencyKey);
  const proposalId = sql<number>`(SELECT ${proposals.id} FROM ${proposals} WHERE ${proposals.idempotencyKey} = ${p.idempotencyKey})`;
  const insert = db.insert(proposals).values({
    reference: `provisional:${p.idempotencyKey}`,
    status: p.status,
    confirmedVia: p.confirmedVia,
    orgName: input.orgName,
    creditCode: input.creditCode ?? null,
    registrationNumber: input.registrationNumber ?? null,
    industryCode: input.industry,
    size: input.size,
    city: input.city,
    website: input.website ?? null,
    contactName: input.contactName,
    contactRole: input.contactRole ?? null,
    contactEmail: input.contactEmail,
    contactPhone: input.contactPhone,
    seats: input.seats ?? null,
    periodStart: input.periodStart ?? null,
    periodEnd: input.periodEnd ?? null,
    description: input.description,
    locale: p.locale,
    idempotencyKey: p.idempotencyKey,
    statusTokenHash: p.statusTokenHash,
    confirmTokenHash: p.confirmTokenHash,
    consentedAt: p.now,
    createdAt: p.now,
    updatedAt: p.now,
    expiresAt: p.expiresAt,
  });
  const reference = db
    .update(proposals)
    .set({ reference: sql`printf('XQ-%d-%06d', ${p.year}, ${proposals.id})` })
    .where(byKey);
  const types = db.insert(proposalCooperationTypes).values(input.cooperationTypes.map((type) => ({ proposalId, type })));
  const event = db.insert(proposalEvents).values({ proposalId, fromStatus: null, toStatus: p.status, actor: "enterprise", at: p.now });
  const majorRows = input.majors.length ? [db.insert(proposalMajors).values(input.majors.map((majorCode) => ({ proposalId, majorCode })))] : [];
  const mails = emails.map((m) => outboxInsert(db, m, p.now, byKey, { placeholder: REFERENCE_PLACEHOLDER, value: proposals.reference }));
  const readBack = db.select({ reference: proposals.reference }).from(proposals).where(byKey);
  const results = await db.batch([insert, reference, types, event, ...majorRows, ...mails, readBack]);
  const stored = (results.at(-1) as { reference: string }[])[0]?.reference;
  if (!stored) throw new Error("the proposal batch returned no reference");
  return stored;
}

/** True when a D1 error is a unique-index violation (a replayed key or a lost race). */
export function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return text.includes("UNIQUE constraint failed");
}

/**
 * A status event for each proposal the condition picks, as an INSERT … SELECT (drizzle wants
 * every column, in table order). Built with the query builder rather than `db.run(sql)`:
 * drizzle's D1 batch cannot bind a raw statement's parameters (drizzle-orm#2277).
 */
function eventsWhere(db: Database, where: SQL | undefined, e: { from: ProposalStatus; to: ProposalStatus; actor: Actor; now: number }) {
  return db.insert(proposalEvents).select(
    db
      .select({
        id: sql<number>`NULL`.as("id"),
        proposalId: proposals.id,
        fromStatus: sql<string>`${e.from}`.as("from_status"),
        toStatus: sql<string>`${e.to}`.as("to_status"),
        actor: sql<string>`${e.actor}`.as("actor"),
        at: sql<number>`${e.now}`.as("at"),
      })
      .from(proposals)
      .where(where),
  );
}

/**
 * Moves a proposal from one status to another with its event and emails, atomically. Event and
 * emails are selected from the proposal row while it is still in the status the caller read,
 * and the guarded UPDATE runs last: inside the batch's transaction all of them apply or, if a
 * racing request got there first, none do.
 */
export async function transitionProposal(
  db: Database,
  change: { id: number; from: ProposalStatus; to: ProposalStatus; actor: Actor; now: number; confirmedVia?: ConfirmedVia },
  emails: OutboxMessage[] = [],
): Promise<boolean> {
  const guard = and(eq(proposals.id, change.id), eq(proposals.status, change.from));
  const update = db
    .update(proposals)
    .set({
      status: change.to,
      updatedAt: change.now,
      ...(change.confirmedVia ? { confirmedVia: change.confirmedVia } : {}),
      ...(change.to !== "unconfirmed" ? { expiresAt: null } : {}),
    })
    .where(guard)
    .returning({ id: proposals.id });
  const results = await db.batch([eventsWhere(db, guard, change), ...emails.map((m) => outboxInsert(db, m, change.now, guard)), update]);
  const updated = results.at(-1) as { id: number }[];
  return updated.length === 1;
}

/** Expires every lapsed unconfirmed proposal, with a "system" event each, in one batch (the cron's job). */
export async function expireLapsed(db: Database, now: number): Promise<number> {
  const lapsed = and(eq(proposals.status, "unconfirmed"), lte(proposals.expiresAt, now));
  const [, updated] = await db.batch([
    eventsWhere(db, lapsed, { from: "unconfirmed", to: "expired", actor: "system", now }),
    db.update(proposals).set({ status: "expired", expiresAt: null, updatedAt: now }).where(lapsed).returning({ id: proposals.id }),
  ]);
  return updated.length;
}

/** The newest proposals for the cooperation office's home page. */
export async function latestProposals(db: Database, limit = 20) {
  return db
    .select({
      reference: proposals.reference,
      orgName: proposals.orgName,
      status: sql<ProposalStatus>`${proposals.status}`,
      confirmedVia: sql<ConfirmedVia | null>`${proposals.confirmedVia}`,
      createdAt: proposals.createdAt,
    })
    .from(proposals)
    .orderBy(desc(proposals.id))
    .limit(limit);
}

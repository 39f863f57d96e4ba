/**
 * Single-use tokens (invitations, activation codes, password resets) and the password they set.
 * Using one is one batch guarded by `used_at IS NULL`: the password, the token's use, the end of
 * every other session and the audit entry land together, and a replayed token changes nothing.
 */
import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Role } from "../auth/roles.ts";
import type { Locale } from "../domain/locale.ts";
import { auditInsert, type AuditEntry } from "./audit.ts";
import type { Database } from "./client.ts";
import { type OutboxMessage, outboxInsert } from "./outbox.ts";
import { ONE_TIME_PURPOSES, oneTimeTokens, sessions, users } from "./schema.ts";

export type OneTimePurpose = (typeof ONE_TIME_PURPOSES)[number];

export interface TokenTarget {
  tokenId: number;
  purpose: OneTimePurpose;
  userId: number;
  name: string;
  role: Role;
  email: string | null;
  studentNumber: string | null;
  locale: Locale;
}

/** A token that is unused, unexpired, of one of these purposes, for an enabled account. */
export async function liveToken(db: Database, hash: string, purposes: OneTimePurpose[], now: number): Promise<TokenTarget | undefined> {
  const [row] = await db
    .select({
      tokenId: oneTimeTokens.id,
      purpose: sql<OneTimePurpose>`${oneTimeTokens.purpose}`,
      userId: users.id,
      name: users.name,
      role: sql<Role>`${users.role}`,
      email: users.email,
      studentNumber: users.studentNumber,
      locale: sql<Locale>`${users.locale}`,
    })
    .from(oneTimeTokens)
    .innerJoin(users, eq(users.id, oneTimeTokens.userId))
    .where(
      and(
        eq(oneTimeTokens.tokenHash, hash),
        inArray(oneTimeTokens.purpose, purposes),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
        isNull(users.disabledAt),
      ),
    );
  return row;
}

/** Uses a token to set the password: all or nothing, and only once. */
export async function redeemToken(db: Database, tokenId: number, userId: number, passwordHash: string, audit: AuditEntry): Promise<boolean> {
  const unused = and(eq(oneTimeTokens.id, tokenId), isNull(oneTimeTokens.usedAt));
  const claimed = sql`EXISTS (SELECT 1 FROM ${oneTimeTokens} WHERE ${oneTimeTokens.id} = ${tokenId} AND ${oneTimeTokens.usedAt} = ${audit.at})`;
  const results = await db.batch([
    db.update(oneTimeTokens).set({ usedAt: audit.at }).where(unused).returning({ id: oneTimeTokens.id }),
    db.update(users).set({ passwordHash, updatedAt: audit.at }).where(and(eq(users.id, userId), claimed)),
    db.delete(sessions).where(and(eq(sessions.userId, userId), claimed)),
    // Other unused tokens for the same account lapse with it.
    db.update(oneTimeTokens).set({ usedAt: audit.at }).where(and(eq(oneTimeTokens.userId, userId), isNull(oneTimeTokens.usedAt), claimed)),
    auditInsert(db, audit),
  ]);
  return (results[0] as { id: number }[]).length === 1;
}

export function tokenInsert(db: Database, t: { purpose: OneTimePurpose; hash: string; userId: number; createdBy: number | null; now: number; expiresAt: number }) {
  return db.insert(oneTimeTokens).values({ purpose: t.purpose, tokenHash: t.hash, userId: t.userId, createdBy: t.createdBy, createdAt: t.now, expiresAt: t.expiresAt });
}

/**
 * A new account without a password, its invitation token and email, and the audit entry, in
 * one batch. The account's id is found by its (unique) email inside the batch.
 */
export async function inviteAccount(
  db: Database,
  a: { role: Role; name: string; email: string; partnerId: number | null; locale: Locale; now: number },
  token: { hash: string; createdBy: number; expiresAt: number },
  email: OutboxMessage,
  audit: AuditEntry,
): Promise<void> {
  const userId = sql<number>`(SELECT ${users.id} FROM ${users} WHERE ${users.email} = ${a.email})`;
  await db.batch([
    db.insert(users).values({ role: a.role, name: a.name, email: a.email, partnerId: a.partnerId, locale: a.locale, createdAt: a.now, updatedAt: a.now }),
    db.insert(oneTimeTokens).values({ purpose: "invitation", tokenHash: token.hash, userId, createdBy: token.createdBy, createdAt: a.now, expiresAt: token.expiresAt }),
    outboxInsert(db, email, a.now),
    auditInsert(db, { ...audit, subjectUserId: null, detail: { ...audit.detail, email: a.email } }),
  ]);
}

/** Students of a class (cohort), for activation sheets. */
export async function studentsOfCohort(db: Database, cohort: string) {
  return db
    .select({ id: users.id, name: users.name, studentNumber: users.studentNumber, hasPassword: sql<boolean>`${users.passwordHash} IS NOT NULL` })
    .from(users)
    .where(and(eq(users.role, "student"), eq(users.cohort, cohort), isNull(users.disabledAt)))
    .orderBy(users.studentNumber);
}

export async function cohorts(db: Database): Promise<{ cohort: string; students: number; activated: number }[]> {
  return db
    .select({ cohort: sql<string>`${users.cohort}`, students: sql<number>`count(*)`, activated: sql<number>`sum(${users.passwordHash} IS NOT NULL)` })
    .from(users)
    .where(and(eq(users.role, "student"), sql`${users.cohort} IS NOT NULL`))
    .groupBy(users.cohort)
    .orderBy(users.cohort);
}

/** Rows per INSERT: 6 bound values a row, and D1 allows 100 per statement. */
const CODES_PER_INSERT = 16;

/** New activation codes for these students; their older unused codes lapse (one batch). */
export async function replaceActivationCodes(db: Database, codes: { userId: number; hash: string }[], createdBy: number, now: number, expiresAt: number, audit: AuditEntry): Promise<void> {
  const [first, ...rest] = chunks(codes, CODES_PER_INSERT).map((chunk) =>
    db.insert(oneTimeTokens).values(chunk.map((c) => ({ purpose: "activation", tokenHash: c.hash, userId: c.userId, createdBy, createdAt: now, expiresAt }))),
  );
  if (!first) return;
  const lapse = chunks(codes, 90).map((chunk) =>
    db
      .update(oneTimeTokens)
      .set({ usedAt: now })
      .where(and(inArray(oneTimeTokens.userId, chunk.map((c) => c.userId)), eq(oneTimeTokens.purpose, "activation"), isNull(oneTimeTokens.usedAt))),
  );
  await db.batch([auditInsert(db, audit), ...lapse, first, ...rest]);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function enabledAccountByEmail(db: Database, email: string) {
  const [row] = await db
    .select({ id: users.id, name: users.name, locale: sql<Locale>`${users.locale}` })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.disabledAt)));
  return row;
}

/** A student's record as staff see it. */
export async function studentRecord(db: Database, id: number) {
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      studentNumber: users.studentNumber,
      majorCode: users.majorCode,
      cohort: users.cohort,
      email: users.email,
      phone: users.phone,
      activated: sql<boolean>`${users.passwordHash} IS NOT NULL`,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(and(eq(users.id, id), eq(users.role, "student")));
  return row;
}

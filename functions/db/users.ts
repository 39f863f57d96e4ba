/**
 * Accounts and their sessions. Disabling an account ends its sessions in the same batch, with
 * the audit entry.
 */
import { and, count, desc, eq, gte, isNull, or, sql } from "drizzle-orm";
import type { Role } from "../auth/roles.ts";
import type { Locale } from "../domain/locale.ts";
import { auditInsert, type AuditEntry } from "./audit.ts";
import type { Database } from "./client.ts";
import { sessions, signInFailures, users } from "./schema.ts";

export interface SessionUser {
  id: number;
  role: Role;
  name: string;
  email: string | null;
  studentNumber: string | null;
  partnerId: number | null;
  locale: Locale;
}

const sessionUser = {
  id: users.id,
  role: sql<Role>`${users.role}`,
  name: users.name,
  email: users.email,
  studentNumber: users.studentNumber,
  partnerId: users.partnerId,
  locale: sql<Locale>`${users.locale}`,
};

/** An account found by what people type to sign in: an email, or a student number. */
export async function accountForSignIn(db: Database, identifier: string) {
  const [row] = await db
    .select({ ...sessionUser, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(or(eq(users.email, identifier.toLowerCase()), eq(users.studentNumber, identifier)));
  return row;
}

export async function adminCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(and(eq(users.role, "admin"), isNull(users.disabledAt)));
  return row?.n ?? 0;
}

export interface NewAccount {
  role: Role;
  name: string;
  email?: string | null;
  studentNumber?: string | null;
  partnerId?: number | null;
  locale: Locale;
  passwordHash?: string | null;
  now: number;
}

export function accountInsert(db: Database, a: NewAccount) {
  return db
    .insert(users)
    .values({
      role: a.role,
      name: a.name,
      email: a.email ?? null,
      studentNumber: a.studentNumber ?? null,
      partnerId: a.partnerId ?? null,
      locale: a.locale,
      passwordHash: a.passwordHash ?? null,
      createdAt: a.now,
      updatedAt: a.now,
    })
    .returning({ id: users.id });
}

export interface SessionRow {
  id: string;
  secretHash: string;
  sharedComputer: boolean;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  userAgent: string | null;
}

/** A session and its account (enabled accounts only), in one query. */
export async function sessionWithUser(db: Database, sessionId: string): Promise<{ session: SessionRow; user: SessionUser } | undefined> {
  const [row] = await db
    .select({
      session: {
        id: sessions.id,
        secretHash: sessions.secretHash,
        sharedComputer: sessions.sharedComputer,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        userAgent: sessions.userAgent,
      },
      user: sessionUser,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), isNull(users.disabledAt)));
  return row;
}

export function sessionInsert(db: Database, s: Omit<SessionRow, "userAgent"> & { userId: number; userAgent: string | null }) {
  return db.insert(sessions).values(s);
}

export async function touchSession(db: Database, id: string, times: { lastSeenAt: number; expiresAt: number }): Promise<void> {
  await db.update(sessions).set(times).where(eq(sessions.id, id));
}

export async function deleteSession(db: Database, id: string, audit?: AuditEntry): Promise<void> {
  const remove = db.delete(sessions).where(eq(sessions.id, id));
  if (audit) await db.batch([remove, auditInsert(db, audit)]);
  else await remove;
}

/** Ends every session of an account ("sign out everywhere"), with its audit entry. */
export async function deleteUserSessions(db: Database, userId: number, audit: AuditEntry): Promise<void> {
  await db.batch([db.delete(sessions).where(eq(sessions.userId, userId)), auditInsert(db, audit)]);
}

export async function userSessions(db: Database, userId: number) {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, sharedComputer: sessions.sharedComputer, userAgent: sessions.userAgent })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Disables (or enables) an account; disabling ends its sessions at once. */
export async function setDisabled(db: Database, userId: number, disabledAt: number | null, audit: AuditEntry): Promise<void> {
  const update = db.update(users).set({ disabledAt, updatedAt: audit.at }).where(eq(users.id, userId));
  if (disabledAt === null) await db.batch([update, auditInsert(db, audit)]);
  else await db.batch([update, db.delete(sessions).where(eq(sessions.userId, userId)), auditInsert(db, audit)]);
}

/** Sets a password and ends the account's other sessions (whoever knew the old one is out). */
export async function setPassword(db: Database, userId: number, passwordHash: string, keepSessionId: string | null, audit: AuditEntry): Promise<void> {
  await db.batch([
    db.update(users).set({ passwordHash, updatedAt: audit.at }).where(eq(users.id, userId)),
    db.delete(sessions).where(keepSessionId ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${keepSessionId}`) : eq(sessions.userId, userId)),
    auditInsert(db, audit),
  ]);
}

export async function passwordHashOf(db: Database, userId: number): Promise<string | null> {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row?.passwordHash ?? null;
}

export async function listUsers(db: Database) {
  return db
    .select({ id: users.id, role: sql<Role>`${users.role}`, name: users.name, email: users.email, studentNumber: users.studentNumber, disabledAt: users.disabledAt, createdAt: users.createdAt })
    .from(users)
    .orderBy(users.role, users.name);
}

/**
 * Failed sign-ins for each key within its own window (an account's day, an address's 15
 * minutes): count and latest, for all keys in one query.
 */
export async function recentFailures(db: Database, windows: { key: string; since: number }[]): Promise<Map<string, { count: number; last: number }>> {
  const rows = await db
    .select({ key: signInFailures.key, n: count(), last: sql<number>`max(${signInFailures.at})` })
    .from(signInFailures)
    .where(or(...windows.map((w) => and(eq(signInFailures.key, w.key), gte(signInFailures.at, w.since)))))
    .groupBy(signInFailures.key);
  return new Map(rows.map((r) => [r.key, { count: r.n, last: r.last }]));
}

export function failureInserts(db: Database, keys: string[], at: number) {
  return db.insert(signInFailures).values(keys.map((key) => ({ key, at })));
}

/** Forgets an identifier's failures once its owner signs in, so old typos do not linger. */
export function failureClear(db: Database, key: string) {
  return db.delete(signInFailures).where(eq(signInFailures.key, key));
}

/**
 * Changes a college account's role (admin, staff, teacher) and ends its sessions, so the new
 * role applies at once. Students and enterprise users keep theirs: their roles carry records
 * (a student number, a partner) that the CHECKs tie to them.
 */
export async function setCollegeRole(db: Database, userId: number, role: "admin" | "staff" | "teacher", audit: AuditEntry): Promise<boolean> {
  const [current] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId));
  if (!current || !["admin", "staff", "teacher"].includes(current.role)) return false;
  await db.batch([
    db.update(users).set({ role, updatedAt: audit.at }).where(eq(users.id, userId)),
    db.delete(sessions).where(eq(sessions.userId, userId)),
    auditInsert(db, audit),
  ]);
  return true;
}

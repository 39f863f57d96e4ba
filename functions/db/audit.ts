/**
 * The append-only audit log: sign-ins, failures, denials, account changes, views of a student's
 * record. Entries go into the same batch as the change they record where there is one.
 */
import { and, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import type { Database } from "./client.ts";
import { AUDIT_ACTIONS, auditLog, users } from "./schema.ts";

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  actorId: number | null;
  subjectUserId?: number | null;
  detail?: Record<string, string | number | boolean | null>;
  ip?: string | null;
  at: number;
}

/** The INSERT, for a batch. */
export function auditInsert(db: Database, entry: AuditEntry) {
  return db.insert(auditLog).values({
    at: entry.at,
    action: entry.action,
    actorId: entry.actorId,
    subjectUserId: entry.subjectUserId ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    ip: entry.ip ?? null,
  });
}

export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await auditInsert(db, entry);
}

export interface AuditFilter {
  action?: AuditAction;
  actorId?: number;
  subjectUserId?: number;
  from?: number;
  to?: number;
}

export async function auditEntries(db: Database, filter: AuditFilter, limit = 100) {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.actorId !== undefined) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.subjectUserId !== undefined) conditions.push(eq(auditLog.subjectUserId, filter.subjectUserId));
  if (filter.from !== undefined) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to !== undefined) conditions.push(lte(auditLog.at, filter.to));
  return db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, actorId: auditLog.actorId, actorName: users.name, subjectUserId: auditLog.subjectUserId, detail: auditLog.detail, ip: auditLog.ip })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

/** Who looked at a student's record (for the student's own page). */
export async function recordViews(db: Database, studentId: number, limit = 50) {
  return db
    .select({ at: auditLog.at, viewer: users.name, role: users.role })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.subjectUserId, studentId), eq(auditLog.action, "student-record-viewed")))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

/**
 * The email outbox. Messages are written in the same batch as the change they report and
 * delivered later by `scheduled()`, so a failed send never loses or undoes the change.
 */
import { and, type AnyColumn, asc, count, desc, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Locale } from "../domain/locale.ts";
import type { Database } from "./client.ts";
import { OUTBOX_KINDS, outbox, proposals } from "./schema.ts";

export interface OutboxMessage {
  kind: (typeof OUTBOX_KINDS)[number];
  toAddress: string;
  locale: Locale;
  subject: string;
  bodyText: string;
}

/**
 * An INSERT for a batch. With a guard (a condition on a proposal row), the email is written
 * only while the guard holds, so it lands exactly when the change it reports does. The guarded
 * one is an INSERT … SELECT through the query builder, not `db.run(sql)`: drizzle's D1 batch
 * cannot bind a raw statement's parameters (drizzle-orm#2277).
 */
export function outboxInsert(db: Database, m: OutboxMessage, now: number, guard?: SQL, fill?: { placeholder: string; value: AnyColumn }) {
  if (!guard) return db.insert(outbox).values({ ...m, createdAt: now });
  // With `fill`, a placeholder in subject and body becomes a value of the guarded proposal row.
  const text = (value: string) => (fill ? sql<string>`replace(${value}, ${fill.placeholder}, ${fill.value})` : sql<string>`${value}`);
  return db.insert(outbox).select(
    db
      // Every column, in table order: drizzle's INSERT … SELECT wants exactly that.
      .select({
        id: sql<number>`NULL`.as("id"),
        kind: sql<string>`${m.kind}`.as("kind"),
        toAddress: sql<string>`${m.toAddress}`.as("to_address"),
        locale: sql<string>`${m.locale}`.as("locale"),
        subject: text(m.subject).as("subject"),
        bodyText: text(m.bodyText).as("body_text"),
        createdAt: sql<number>`${now}`.as("created_at"),
        sentAt: sql<number | null>`NULL`.as("sent_at"),
        attempts: sql<number>`0`.as("attempts"),
        lastError: sql<string | null>`NULL`.as("last_error"),
      })
      .from(proposals)
      .where(guard),
  );
}

/** Queues one email on its own (when no other change goes with it). */
export async function queueEmail(db: Database, m: OutboxMessage, now: number): Promise<void> {
  await db.insert(outbox).values({ ...m, createdAt: now });
}

/** Counts emails of a kind sent to an address since a time (caps what one address receives). */
export function emailCountQuery(db: Database, address: string, kind: OutboxMessage["kind"], since: number) {
  return db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.toAddress, address), eq(outbox.kind, kind), gte(outbox.createdAt, since)));
}

export interface PendingEmail extends OutboxMessage {
  id: number;
  attempts: number;
}

const MAX_ATTEMPTS = 5;

export async function pendingEmails(db: Database, limit: number): Promise<PendingEmail[]> {
  const rows = await db
    .select({ id: outbox.id, kind: outbox.kind, toAddress: outbox.toAddress, locale: outbox.locale, subject: outbox.subject, bodyText: outbox.bodyText, attempts: outbox.attempts })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), lt(outbox.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(outbox.createdAt))
    .limit(limit);
  return rows as PendingEmail[];
}

export async function markSent(db: Database, id: number, now: number): Promise<void> {
  await db.update(outbox).set({ sentAt: now }).where(eq(outbox.id, id));
}

export async function markFailed(db: Database, id: number, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error.slice(0, 500) })
    .where(eq(outbox.id, id));
}

/** The newest messages, for the local development outbox page. */
export async function recentEmails(db: Database, limit = 50) {
  return db
    .select({ id: outbox.id, kind: outbox.kind, toAddress: outbox.toAddress, subject: outbox.subject, bodyText: outbox.bodyText, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
    .from(outbox)
    .orderBy(desc(outbox.id))
    .limit(limit);
}

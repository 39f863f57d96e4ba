/**
 * Roster previews and the import itself. The import writes up to 5,000 students atomically: one
 * D1 batch whose statements each take one JSON parameter of up to 1,000 rows and expand it with
 * json_each (D1 allows 100 bound parameters per statement, so rows cannot be bound one by one).
 * These statements are plain D1 prepared statements: drizzle cannot bind raw SQL in a batch.
 * Importing again updates students by student number and never duplicates them.
 */
import { and, eq, gt, lte } from "drizzle-orm";
import type { RosterReport, RosterRow } from "../domain/roster-csv.ts";
import type { Database } from "./client.ts";
import { rosterPreviews } from "./schema.ts";

const ROWS_PER_STATEMENT = 1000;

export interface StudentCensus {
  /** Student numbers already on file (the import will update them). */
  existing: Set<string>;
  /** Emails already used by another account, by email. */
  emailOwners: Map<string, string | null>;
}

/** Which of the roster's student numbers and emails the database already knows: one round trip. */
export async function studentCensus(db: Database, rows: RosterRow[]): Promise<StudentCensus> {
  const d1 = db.$client;
  const numbers = JSON.stringify(rows.map((r) => r.studentNumber));
  const emails = JSON.stringify(rows.flatMap((r) => (r.email ? [r.email] : [])));
  const [known, owners] = await d1.batch<{ student_number: string | null; email: string | null }>([
    d1.prepare("SELECT student_number, NULL AS email FROM users WHERE student_number IN (SELECT value FROM json_each(?1))").bind(numbers),
    d1.prepare("SELECT student_number, email FROM users WHERE email IN (SELECT value FROM json_each(?1))").bind(emails),
  ]);
  return {
    existing: new Set((known?.results ?? []).flatMap((r) => (r.student_number ? [r.student_number] : []))),
    emailOwners: new Map((owners?.results ?? []).flatMap((r) => (r.email ? [[r.email, r.student_number] as const] : []))),
  };
}

export interface PreviewSummary {
  report: RosterReport;
  /** Students the import will create, and those it will update (known student numbers). */
  toCreate: number;
  toUpdate: number;
}

export async function savePreview(db: Database, p: { id: string; createdBy: number; now: number; expiresAt: number; rows: RosterRow[]; summary: PreviewSummary }): Promise<void> {
  await db.insert(rosterPreviews).values({ id: p.id, createdBy: p.createdBy, createdAt: p.now, expiresAt: p.expiresAt, rows: JSON.stringify(p.rows), report: JSON.stringify(p.summary) });
}

export interface StoredPreview extends PreviewSummary {
  rows: RosterRow[];
  importedAt: number | null;
}

/** A preview its creator may still see or import. */
export async function previewOf(db: Database, id: string, userId: number, now: number): Promise<StoredPreview | undefined> {
  const [row] = await db
    .select({ rows: rosterPreviews.rows, report: rosterPreviews.report, importedAt: rosterPreviews.importedAt })
    .from(rosterPreviews)
    .where(and(eq(rosterPreviews.id, id), eq(rosterPreviews.createdBy, userId), gt(rosterPreviews.expiresAt, now)));
  return row && { rows: JSON.parse(row.rows) as RosterRow[], ...(JSON.parse(row.report) as PreviewSummary), importedAt: row.importedAt };
}

/**
 * Writes the previewed students and marks the preview imported, with the audit entry, in one
 * batch. The first statement claims the preview (imported_at IS NULL), and every insert is
 * conditioned on that claim, so a double click imports once.
 */
export async function importStudents(db: Database, p: { previewId: string; rows: RosterRow[]; actorId: number; now: number; ip: string | null }): Promise<boolean> {
  const d1 = db.$client;
  const claimed = "EXISTS (SELECT 1 FROM roster_previews WHERE id = ?2 AND imported_at = ?3)";
  const statements = [d1.prepare("UPDATE roster_previews SET imported_at = ?1 WHERE id = ?2 AND imported_at IS NULL").bind(p.now, p.previewId)];
  for (let start = 0; start < p.rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = JSON.stringify(p.rows.slice(start, start + ROWS_PER_STATEMENT));
    statements.push(
      d1
        .prepare(
          `INSERT INTO users (role, name, student_number, major_code, cohort, email, phone, locale, created_at, updated_at)
           SELECT 'student', json_extract(value, '$.name'), json_extract(value, '$.studentNumber'), json_extract(value, '$.major'),
                  json_extract(value, '$.cohort'), json_extract(value, '$.email'), json_extract(value, '$.phone'), 'zh-CN', ?3, ?3
           FROM json_each(?1) WHERE ${claimed}
           ON CONFLICT (student_number) DO UPDATE SET
             name = excluded.name, major_code = excluded.major_code, cohort = excluded.cohort,
             email = coalesce(excluded.email, users.email), phone = coalesce(excluded.phone, users.phone), updated_at = excluded.updated_at
           WHERE users.role = 'student'`,
        )
        .bind(chunk, p.previewId, p.now),
    );
  }
  statements.push(
    d1
      .prepare(`INSERT INTO audit_log (at, action, actor_id, detail, ip) SELECT ?3, 'roster-imported', ?4, ?1, ?5 WHERE ${claimed}`)
      .bind(JSON.stringify({ rows: p.rows.length, preview: p.previewId }), p.previewId, p.now, p.actorId, p.ip),
  );
  const [claim] = await d1.batch(statements);
  return (claim?.meta.changes ?? 0) === 1;
}

/** Forgets previews past their time, imported or not: they hold students' personal data (the cron's job). */
export async function dropExpiredPreviews(db: Database, now: number): Promise<void> {
  await db.delete(rosterPreviews).where(lte(rosterPreviews.expiresAt, now));
}

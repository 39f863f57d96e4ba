/**
 * Importing students from a roster file, in two steps: a preview that reports every bad row and
 * why before anything is written (kept server-side for an hour), then one atomic import of the
 * good rows. Re-importing a roster updates students by student number.
 */
import { facets } from "../db/catalog.ts";
import type { Database } from "../db/client.ts";
import { importStudents, previewOf, savePreview, studentCensus } from "../db/roster.ts";
import { parseRoster, type RosterReport, type RosterRow } from "../domain/roster-csv.ts";
import { AppError } from "../http/app-error.ts";

export const PREVIEW_LIFETIME_MS = 60 * 60 * 1000;
export const MAX_ROSTER_BYTES = 2 * 1024 * 1024;

interface Ctx {
  db: Database;
  now: number;
  clientIp: string | null;
}

export interface RosterPreview {
  id: string;
  report: RosterReport;
  toCreate: number;
  toUpdate: number;
}

/**
 * Checks a file and keeps what could be imported. Beyond the file itself, an email already used
 * by another account (or twice in the file) is a row error here, since the database would refuse it.
 */
export async function previewRoster(ctx: Ctx, actorId: number, bytes: Uint8Array): Promise<RosterPreview> {
  if (bytes.byteLength > MAX_ROSTER_BYTES) throw new AppError("payload_too_large");
  const { majors } = await facets(ctx.db);
  const report = parseRoster(bytes, majors);
  const census = await studentCensus(ctx.db, report.rows.map((r) => r.value));
  const seenEmails = new Map<string, number>();
  const rows: RosterRow[] = [];
  const kept: RosterReport["rows"] = [];
  for (const row of report.rows) {
    const email = row.value.email;
    const owner = email ? census.emailOwners.get(email) : undefined;
    const firstLine = email ? seenEmails.get(email) : undefined;
    if (email && ((owner !== undefined && owner !== row.value.studentNumber) || firstLine !== undefined)) {
      report.errors.push({ line: row.line, studentNumber: row.value.studentNumber, fields: [{ field: "email", code: firstLine !== undefined ? "duplicate_in_file" : "email_taken", ...(firstLine !== undefined ? { params: { firstLine } } : {}) }] });
      continue;
    }
    if (email) seenEmails.set(email, row.line);
    rows.push(row.value);
    kept.push(row);
  }
  report.rows = kept;
  report.errors.sort((a, b) => a.line - b.line);
  const id = crypto.randomUUID();
  const toUpdate = rows.filter((r) => census.existing.has(r.studentNumber)).length;
  const summary = { report, toCreate: rows.length - toUpdate, toUpdate };
  await savePreview(ctx.db, { id, createdBy: actorId, now: ctx.now, expiresAt: ctx.now + PREVIEW_LIFETIME_MS, rows, summary });
  return { id, ...summary };
}

export async function rosterPreview(ctx: Ctx, actorId: number, id: string) {
  return previewOf(ctx.db, id, actorId, ctx.now);
}

/** Imports a preview's good rows, all or nothing. Returns how many students were written. */
export async function confirmRosterImport(ctx: Ctx, actorId: number, id: string): Promise<number> {
  const preview = await previewOf(ctx.db, id, actorId, ctx.now);
  if (!preview) throw new AppError("not_found");
  if (preview.importedAt !== null || preview.rows.length === 0) return 0;
  const imported = await importStudents(ctx.db, { previewId: id, rows: preview.rows, actorId, now: ctx.now, ip: ctx.clientIp });
  return imported ? preview.rows.length : 0;
}

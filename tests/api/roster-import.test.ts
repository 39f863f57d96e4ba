import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { database } from "../../functions/db/client.ts";
import { countingD1 } from "../../functions/db/query-counter.ts";
import { confirmRosterImport, previewRoster, rosterPreview } from "../../functions/flows/roster-import.ts";
import { AppError } from "../../functions/http/app-error.ts";

const STAFF_ID = 2; // the demo staff account (scripts/demo-accounts.ts)
const encoder = new TextEncoder();

function roster(count: number, first: number, nameOf: (i: number) => string = (i) => `学生${i}`): Uint8Array {
  const lines = ["学号,姓名,专业,班级,邮箱,手机"];
  for (let i = 0; i < count; i++) lines.push(`${first + i},${nameOf(i)},软件技术,软件24${(i % 9) + 1}班,,138${String(first + i).slice(-8)}`);
  return encoder.encode(`\uFEFF${lines.join("\r\n")}\r\n`);
}

async function studentsFrom(first: number, count: number): Promise<{ n: number }> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM users WHERE role = 'student' AND CAST(student_number AS INTEGER) BETWEEN ?1 AND ?2").bind(first, first + count - 1).first<{ n: number }>();
  return { n: row?.n ?? 0 };
}

describe("importing the student roster", () => {
  it("imports 5,000 students at once, within D1's limits, in one batch", async () => {
    const queries = { count: 0 };
    const db = database(countingD1(env.DB, queries));
    const ctx = { db, now: Date.UTC(2026, 8, 1), clientIp: null };
    const preview = await previewRoster(ctx, STAFF_ID, roster(5000, 3100000000));
    expect(preview.report.errors).toEqual([]);
    expect(preview.toCreate).toBe(5000);
    queries.count = 0;
    expect(await confirmRosterImport(ctx, STAFF_ID, preview.id)).toBe(5000);
    // preview lookup + claim + 5 statements of 1,000 rows + audit: far under 50 per request.
    expect(queries.count).toBeLessThanOrEqual(10);
    expect(await studentsFrom(3100000000, 5000)).toEqual({ n: 5000 });
    const audit = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'roster-imported' AND actor_id = ?").bind(STAFF_ID).first<{ n: number }>();
    expect(audit?.n).toBeGreaterThanOrEqual(1);
  });

  it("updates students by student number when a roster is imported again, never duplicating them", async () => {
    const ctx = { db: database(env.DB), now: Date.UTC(2026, 8, 2), clientIp: null };
    const first = await previewRoster(ctx, STAFF_ID, roster(3, 3200000000));
    await confirmRosterImport(ctx, STAFF_ID, first.id);
    const again = await previewRoster(ctx, STAFF_ID, roster(3, 3200000000, (i) => `改名${i}`));
    expect(again.toUpdate).toBe(3);
    expect(again.toCreate).toBe(0);
    await confirmRosterImport(ctx, STAFF_ID, again.id);
    const rows = await env.DB.prepare("SELECT name FROM users WHERE student_number IN ('3200000000','3200000001','3200000002') ORDER BY student_number").all<{ name: string }>();
    expect(rows.results.map((r) => r.name)).toEqual(["改名0", "改名1", "改名2"]);
  });

  it("shows bad rows with their reasons and imports only the good ones", async () => {
    const ctx = { db: database(env.DB), now: Date.UTC(2026, 8, 3), clientIp: null };
    const csv = ["学号,姓名,专业,班级,邮箱", "3300000001,张三,软件技术,软件2401,", "3300000002,,软件技术,软件2401,", "3300000003,王五,考古学,软件2401,", "3300000004,赵六,软件技术,软件2401,staff@qinglan.example.cn"].join("\n");
    const preview = await previewRoster(ctx, STAFF_ID, encoder.encode(csv));
    expect(preview.report.errors.map((e) => [e.line, e.fields.map((f) => `${f.field}:${f.code}`)])).toEqual([
      [3, ["name:required"]],
      [4, ["major:unknown_major"]],
      [5, ["email:email_taken"]],
    ]);
    expect(await confirmRosterImport(ctx, STAFF_ID, preview.id)).toBe(1);
    expect(await studentsFrom(3300000001, 4)).toEqual({ n: 1 });
  });

  it("imports a preview once even if the button is pressed twice", async () => {
    const ctx = { db: database(env.DB), now: Date.UTC(2026, 8, 4), clientIp: null };
    const preview = await previewRoster(ctx, STAFF_ID, roster(2, 3400000000));
    const [a, b] = await Promise.all([confirmRosterImport(ctx, STAFF_ID, preview.id), confirmRosterImport(ctx, STAFF_ID, preview.id)]);
    expect(a + b).toBe(2);
    expect((await rosterPreview(ctx, STAFF_ID, preview.id))?.importedAt).toBe(ctx.now);
  });

  it("keeps a preview from anyone but the staff member who made it, and forgets it after an hour", async () => {
    const ctx = { db: database(env.DB), now: Date.UTC(2026, 8, 5), clientIp: null };
    const preview = await previewRoster(ctx, STAFF_ID, roster(1, 3500000000));
    expect(await rosterPreview(ctx, 1, preview.id)).toBeUndefined();
    await expect(confirmRosterImport({ ...ctx, now: ctx.now + 60 * 60 * 1000 }, STAFF_ID, preview.id)).rejects.toBeInstanceOf(AppError);
  });
});

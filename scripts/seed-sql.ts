/**
 * The demo data as SQL: one statement per line (D1's exec() splits on newlines, so line breaks
 * inside texts become char(10)). INSERT OR IGNORE on stable keys makes seeding idempotent: a
 * second run keeps what is there and adds nothing twice. Used by `npm run seed` and by the
 * workerd tests' setup.
 */
import { hashPasswordSync } from "../functions/auth/password.ts";
import { searchKey } from "../functions/domain/text.ts";
import { DEMO_ACCOUNTS } from "./demo-accounts.ts";
import { cities, industries, majors, partners, programs } from "./demo-data.ts";
import type { DemoNamed } from "./demo-data.types.ts";

type Value = string | number | boolean | null;

function literal(value: Value): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") return String(value);
  return `'${value.replaceAll("'", "''").replaceAll("\n", "' || char(10) || '")}'`;
}

function insert(table: string, row: Record<string, Value>): string {
  const columns = Object.keys(row);
  return `INSERT OR IGNORE INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => literal(row[c] ?? null)).join(", ")});`;
}

/** A fixed time, so a reseed writes identical rows. */
const SEEDED_AT = Date.UTC(2026, 8, 1);

export function seedSql(): string {
  const lines: string[] = [];
  const named = (table: string, rows: DemoNamed[]) =>
    rows.forEach((r, i) => lines.push(insert(table, { code: r.code, name_zh: r.nameZh, name_en: r.nameEn, sort_order: i })));
  named("majors", majors);
  named("industries", industries);
  named("cities", cities);
  const partnerIds = new Map<string, number>();
  partners.forEach((p, i) => {
    partnerIds.set(p.slug, i + 1);
    lines.push(
      insert("partners", {
        id: i + 1,
        slug: p.slug,
        name_zh: p.nameZh,
        name_en: p.nameEn,
        industry_code: p.industry,
        city_code: p.city,
        size: p.size,
        website: p.website,
        summary_zh: p.summaryZh,
        summary_en: p.summaryEn,
        since_year: p.since,
        credit_code: p.creditCode,
        created_at: SEEDED_AT,
      }),
    );
  });
  const partnerBySlug = new Map(partners.map((p) => [p.slug, p]));
  const majorByCode = new Map(majors.map((m) => [m.code, m]));
  programs.forEach((p, i) => {
    const id = i + 1;
    const partner = partnerBySlug.get(p.partner);
    const partnerId = partnerIds.get(p.partner);
    if (!partner || partnerId === undefined) throw new Error(`program ${p.slug}: unknown partner ${p.partner}`);
    const majorNames = p.majors.flatMap((code) => {
      const major = majorByCode.get(code);
      if (!major) throw new Error(`program ${p.slug}: unknown major ${code}`);
      return [major.nameZh, major.nameEn];
    });
    lines.push(
      insert("programs", {
        id,
        slug: p.slug,
        partner_id: partnerId,
        type: p.type,
        title_zh: p.titleZh,
        title_en: p.titleEn,
        summary_zh: p.summaryZh,
        summary_en: p.summaryEn,
        description_zh: p.descriptionZh,
        description_en: p.descriptionEn,
        seats: p.seats,
        starts_on: p.startsOn,
        ends_on: p.endsOn,
        city_code: p.city,
        status: p.status,
        featured: p.featured,
        search_text: programSearchText([p.titleZh, p.titleEn, p.summaryZh, p.summaryEn, partner.nameZh, partner.nameEn, ...majorNames]),
        created_at: SEEDED_AT,
        updated_at: SEEDED_AT,
      }),
    );
    for (const code of p.majors) lines.push(insert("program_majors", { program_id: id, major_code: code }));
  });
  DEMO_ACCOUNTS.forEach((a, i) => {
    const partnerId = a.partnerSlug ? partnerIds.get(a.partnerSlug) : null;
    if (partnerId === undefined) throw new Error(`demo account ${a.signIn}: unknown partner ${a.partnerSlug}`);
    lines.push(
      insert("users", {
        id: i + 1,
        role: a.role,
        name: a.name,
        email: a.email,
        student_number: a.studentNumber,
        partner_id: partnerId,
        major_code: a.majorCode,
        cohort: a.cohort,
        locale: "zh-CN",
        password_hash: hashPasswordSync(a.password),
        created_at: SEEDED_AT,
        updated_at: SEEDED_AT,
      }),
    );
  });
  return `${lines.join("\n")}\n`;
}

/** What keyword search looks in: see functions/db/catalog.ts. */
export function programSearchText(parts: string[]): string {
  return parts.map(searchKey).join(" | ");
}

/**
 * Read queries for the public catalog: programs, partners and the reference data used as filter
 * facets. A catalog page costs two statements sent in one batch (one round trip): the page of
 * programs with its total (a window function), and all facets in one UNION ALL.
 */
import { type AnyColumn, and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { CATALOG_PAGE_SIZE, type CatalogQuery } from "../domain/catalog-query.ts";
import type { CooperationType } from "../domain/cooperation-type.ts";
import { searchKey } from "../domain/text.ts";
import type { Database } from "./client.ts";
import { cities, industries, majors, partners, programMajors, programs } from "./schema.ts";

export interface Named {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface Facets {
  majors: Named[];
  industries: Named[];
  cities: Named[];
}

/**
 * A column under a name of its own. D1 returns a batch's rows as objects keyed by column name,
 * and drizzle maps them back by position; two joined columns with one name (programs.slug and
 * partners.slug) would collapse into one key and shift every later value.
 */
function as<T>(column: AnyColumn | SQL, name: string) {
  return sql<T>`${column}`.as(name);
}

const programCard = {
  slug: programs.slug,
  type: sql<CooperationType>`${programs.type}`,
  titleZh: programs.titleZh,
  titleEn: programs.titleEn,
  summaryZh: programs.summaryZh,
  summaryEn: programs.summaryEn,
  seats: programs.seats,
  startsOn: programs.startsOn,
  endsOn: programs.endsOn,
  status: sql<"open" | "closed">`${programs.status}`,
  featured: programs.featured,
  cityCode: programs.cityCode,
  partnerSlug: as<string>(partners.slug, "partner_slug"),
  partnerNameZh: as<string>(partners.nameZh, "partner_name_zh"),
  partnerNameEn: as<string>(partners.nameEn, "partner_name_en"),
  majorCodes: sql<string>`(SELECT json_group_array(${programMajors.majorCode}) FROM ${programMajors} WHERE ${programMajors.programId} = ${programs}.id)`,
};

type ProgramCardRow = Omit<Awaited<ReturnType<typeof programPageQuery>>[number], "total">;
export type ProgramCard = Omit<ProgramCardRow, "majorCodes"> & { majorCodes: string[] };

function toCard(row: ProgramCardRow): ProgramCard {
  return { ...row, majorCodes: JSON.parse(row.majorCodes) as string[] };
}

function filters(query: CatalogQuery): SQL | undefined {
  const conditions: SQL[] = [sql`${programs.status} <> 'draft'`];
  if (query.type) conditions.push(eq(programs.type, query.type));
  if (query.city) conditions.push(eq(programs.cityCode, query.city));
  if (query.industry) conditions.push(eq(partners.industryCode, query.industry));
  if (query.major) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${programMajors} WHERE ${programMajors.programId} = ${programs.id} AND ${programMajors.majorCode} = ${query.major})`,
    );
  }
  // instr() rather than LIKE: D1 caps LIKE patterns at 50 bytes (16 Chinese characters), and a
  // scan of one college's programs is cheap. search_text is lower-cased NFKC, like the keyword.
  if (query.q) conditions.push(sql`instr(${programs.searchText}, ${searchKey(query.q)}) > 0`);
  return and(...conditions);
}

function programPageQuery(db: Database, query: CatalogQuery) {
  return db
    .select({ ...programCard, total: sql<number>`count(*) OVER ()` })
    .from(programs)
    .innerJoin(partners, eq(partners.id, programs.partnerId))
    .where(filters(query))
    .orderBy(sql`${programs.status} = 'open' DESC`, desc(programs.featured), desc(programs.startsOn), asc(programs.slug))
    .limit(CATALOG_PAGE_SIZE)
    .offset((query.page - 1) * CATALOG_PAGE_SIZE);
}

function facetsQuery(db: Database) {
  const pick = (table: typeof majors | typeof industries | typeof cities, kind: string) =>
    db
      .select({ kind: sql<string>`${kind}`.as("kind"), code: table.code, nameZh: table.nameZh, nameEn: table.nameEn, sortOrder: table.sortOrder })
      .from(table);
  return pick(majors, "major").unionAll(pick(industries, "industry")).unionAll(pick(cities, "city")).orderBy(sql`kind`, sql`sort_order`, sql`code`);
}

function toFacets(rows: { kind: string; code: string; nameZh: string; nameEn: string }[]): Facets {
  const facets: Facets = { majors: [], industries: [], cities: [] };
  for (const { kind, code, nameZh, nameEn } of rows) {
    const list = kind === "major" ? facets.majors : kind === "industry" ? facets.industries : facets.cities;
    list.push({ code, nameZh, nameEn });
  }
  return facets;
}

export interface ProgramPage {
  programs: ProgramCard[];
  total: number;
  facets: Facets;
}

/** One page of the catalog and the facets to filter it, in one round trip. */
export async function programPage(db: Database, query: CatalogQuery): Promise<ProgramPage> {
  const [rows, facetRows] = await db.batch([programPageQuery(db, query), facetsQuery(db)]);
  return { programs: rows.map(({ total: _total, ...row }) => toCard(row)), total: rows[0]?.total ?? (query.page > 1 ? await countPrograms(db, query) : 0), facets: toFacets(facetRows) };
}

/** Only for a page past the end, where the window function has no row to ride on. */
async function countPrograms(db: Database, query: CatalogQuery): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`count(*)` })
    .from(programs)
    .innerJoin(partners, eq(partners.id, programs.partnerId))
    .where(filters(query));
  return row?.total ?? 0;
}

export async function facets(db: Database): Promise<Facets> {
  return toFacets(await facetsQuery(db));
}

export interface ProgramDetail extends ProgramCard {
  descriptionZh: string;
  descriptionEn: string;
  partnerSummaryZh: string;
  partnerSummaryEn: string;
  partnerIndustryCode: string;
}

/** A program with its partner, and the facets to name its majors and city: one round trip. */
export async function programBySlug(db: Database, slug: string): Promise<{ program: ProgramDetail; facets: Facets } | null> {
  const detail = db
    .select({
      ...programCard,
      descriptionZh: programs.descriptionZh,
      descriptionEn: programs.descriptionEn,
      partnerSummaryZh: as<string>(partners.summaryZh, "partner_summary_zh"),
      partnerSummaryEn: as<string>(partners.summaryEn, "partner_summary_en"),
      partnerIndustryCode: as<string>(partners.industryCode, "partner_industry_code"),
    })
    .from(programs)
    .innerJoin(partners, eq(partners.id, programs.partnerId))
    .where(and(eq(programs.slug, slug), sql`${programs.status} <> 'draft'`));
  const [rows, facetRows] = await db.batch([detail, facetsQuery(db)]);
  const row = rows[0];
  if (!row) return null;
  return { program: { ...row, majorCodes: JSON.parse(row.majorCodes) as string[] }, facets: toFacets(facetRows) };
}

export interface PartnerSummary {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  industryCode: string;
  cityCode: string;
  size: string;
  website: string | null;
  summaryZh: string;
  summaryEn: string;
  sinceYear: number;
  programCount: number;
}

const partnerSummary = {
  id: partners.id,
  slug: partners.slug,
  nameZh: partners.nameZh,
  nameEn: partners.nameEn,
  industryCode: partners.industryCode,
  cityCode: partners.cityCode,
  size: partners.size,
  website: partners.website,
  summaryZh: partners.summaryZh,
  summaryEn: partners.summaryEn,
  sinceYear: partners.sinceYear,
  // The partner's id named in full: in a select from one table drizzle leaves columns unqualified,
  // and inside this subquery a bare "id" would be the program's own id.
  programCount: sql<number>`(SELECT count(*) FROM ${programs} WHERE ${programs}.partner_id = ${partners}.id AND ${programs.status} <> 'draft')`,
};

export async function partnerList(db: Database): Promise<{ partners: PartnerSummary[]; facets: Facets }> {
  const list = db.select(partnerSummary).from(partners).orderBy(asc(partners.nameEn));
  const [rows, facetRows] = await db.batch([list, facetsQuery(db)]);
  return { partners: rows, facets: toFacets(facetRows) };
}

export async function partnerBySlug(
  db: Database,
  slug: string,
): Promise<{ partner: PartnerSummary; programs: ProgramCard[]; facets: Facets } | null> {
  const one = db.select(partnerSummary).from(partners).where(eq(partners.slug, slug));
  const theirPrograms = db
    .select(programCard)
    .from(programs)
    .innerJoin(partners, eq(partners.id, programs.partnerId))
    .where(and(eq(partners.slug, slug), sql`${programs.status} <> 'draft'`))
    .orderBy(sql`${programs.status} = 'open' DESC`, desc(programs.startsOn));
  const [rows, programRows, facetRows] = await db.batch([one, theirPrograms, facetsQuery(db)]);
  const partner = rows[0];
  if (!partner) return null;
  return { partner, programs: programRows.map(toCard), facets: toFacets(facetRows) };
}

export interface HomeSummary {
  featured: ProgramCard[];
  figures: { openPrograms: number; partners: number; seats: number; types: number };
}

/** The home page: featured programs and key figures, in one round trip. */
export async function homeSummary(db: Database): Promise<HomeSummary & { facets: Facets }> {
  const featured = db
    .select(programCard)
    .from(programs)
    .innerJoin(partners, eq(partners.id, programs.partnerId))
    .where(and(eq(programs.featured, true), eq(programs.status, "open")))
    .orderBy(desc(programs.startsOn))
    .limit(6);
  const figures = db
    .select({
      openPrograms: sql<number>`(SELECT count(*) FROM ${programs} WHERE ${programs.status} = 'open')`,
      partners: sql<number>`(SELECT count(*) FROM ${partners})`,
      seats: sql<number>`(SELECT coalesce(sum(${programs.seats}), 0) FROM ${programs} WHERE ${programs.status} = 'open')`,
      types: sql<number>`(SELECT count(DISTINCT ${programs.type}) FROM ${programs} WHERE ${programs.status} = 'open')`,
    })
    .from(sql`(SELECT 1)`);
  const [featuredRows, figureRows, facetRows] = await db.batch([featured, figures, facetsQuery(db)]);
  return {
    featured: featuredRows.map(toCard),
    figures: figureRows[0] ?? { openPrograms: 0, partners: 0, seats: 0, types: 0 },
    facets: toFacets(facetRows),
  };
}

/** A partner's programs, for its enterprise users' home page. */
export async function programsOfPartner(db: Database, partnerId: number): Promise<ProgramCard[]> {
  const rows = await db
    .select(programCard)
    .from(programs)
    .innerJoin(partners, eq(partners.id, programs.partnerId))
    .where(and(eq(programs.partnerId, partnerId), sql`${programs.status} <> 'draft'`))
    .orderBy(sql`${programs.status} = 'open' DESC`, desc(programs.startsOn));
  return rows.map(toCard);
}

// The public catalog API (GET /programs, /programs/{slug}, /partners), the OpenAPI document and
// the health check, against the demo data the setup file seeds. Expected answers are worked out
// from scripts/demo-data.ts itself, so the tests follow the data if it changes.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { programPage } from "../../functions/db/catalog.ts";
import { database } from "../../functions/db/client.ts";
import { countingD1, type QueryCounter } from "../../functions/db/query-counter.ts";
import { catalogQuery, CATALOG_PAGE_SIZE } from "../../functions/domain/catalog-query.ts";
import { searchKey } from "../../functions/domain/text.ts";
import { majors, partners, programs } from "../../scripts/demo-data.ts";
import { api, type Problem } from "./helpers.ts";

interface ProgramCard {
  slug: string;
  type: string;
  titleZh: string;
  titleEn: string;
  cityCode: string;
  majorCodes: string[];
  partner: { slug: string; nameZh: string; nameEn: string };
}

interface ProgramPage {
  programs: ProgramCard[];
  total: number;
  page: number;
  pageCount: number;
  facets: { majors: { code: string }[]; industries: { code: string }[]; cities: { code: string }[] };
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return api.request(path, { headers }, env);
}

async function page(search: string): Promise<ProgramPage> {
  const res = await get(`/programs${search}`);
  expect(res.status, `GET /programs${search}`).toBe(200);
  return res.json<ProgramPage>();
}

/** Every slug a filter matches, across all pages. */
async function allSlugs(search: string): Promise<string[]> {
  const first = await page(search);
  const slugs = first.programs.map((p) => p.slug);
  for (let n = 2; n <= first.pageCount; n++) slugs.push(...(await page(`${search}${search ? "&" : "?"}page=${n}`)).programs.map((p) => p.slug));
  expect(slugs).toHaveLength(first.total);
  return slugs.sort();
}

const partnerOf = new Map(partners.map((p) => [p.slug, p]));
const majorOf = new Map(majors.map((m) => [m.code, m]));

/** The slugs of demo programs that satisfy a predicate, sorted. */
function expected(predicate: (p: (typeof programs)[number]) => boolean): string[] {
  const slugs = programs.filter(predicate).map((p) => p.slug).sort();
  expect(slugs.length, "the demo data should have matches for this filter").toBeGreaterThan(0);
  return slugs;
}

/** What a keyword is looked for in: titles, summaries, partner names and major names, both languages. */
function mentions(p: (typeof programs)[number], keyword: string): boolean {
  const partner = partnerOf.get(p.partner);
  const texts = [p.titleZh, p.titleEn, p.summaryZh, p.summaryEn, partner?.nameZh ?? "", partner?.nameEn ?? "", ...p.majors.flatMap((m) => [majorOf.get(m)?.nameZh ?? "", majorOf.get(m)?.nameEn ?? ""])];
  return texts.some((t) => searchKey(t).includes(searchKey(keyword)));
}

describe("browsing the program catalog", () => {
  it("lists the first page of all programs, twelve to a page, with the facets to filter by", async () => {
    const first = await page("");
    expect(first.total).toBe(programs.length);
    expect(first.page).toBe(1);
    expect(first.programs).toHaveLength(CATALOG_PAGE_SIZE);
    expect(first.pageCount).toBe(Math.ceil(programs.length / CATALOG_PAGE_SIZE));
    expect(first.facets.majors.map((m) => m.code)).toEqual(majors.map((m) => m.code));
    expect(first.facets.industries.length).toBeGreaterThan(0);
    expect(first.facets.cities.length).toBeGreaterThan(0);
    const sample = first.programs[0];
    expect(sample?.partner.slug).toBe(programs.find((p) => p.slug === sample?.slug)?.partner);
  });

  it("lists every program once across its pages, open before closed and featured first", async () => {
    const ordered: string[] = [];
    for (let n = 1; n <= Math.ceil(programs.length / CATALOG_PAGE_SIZE); n++) ordered.push(...(await page(`?page=${n}`)).programs.map((p) => p.slug));
    expect([...ordered].sort()).toEqual(programs.map((p) => p.slug).sort());
    const demo = new Map(programs.map((p) => [p.slug, p]));
    const rank = (slug: string) => (demo.get(slug)?.status === "open" ? 0 : 2) + (demo.get(slug)?.featured ? 0 : 1);
    const ranks = ordered.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("pages through the catalog without repeating or skipping a program", async () => {
    const one = await page("?page=1");
    const two = await page("?page=2");
    expect(two.page).toBe(2);
    expect(two.total).toBe(programs.length);
    expect(two.programs).toHaveLength(Math.min(CATALOG_PAGE_SIZE, programs.length - CATALOG_PAGE_SIZE));
    const overlap = two.programs.filter((p) => one.programs.some((q) => q.slug === p.slug));
    expect(overlap).toEqual([]);
  });

  it("answers a page past the end with no programs but the right total", async () => {
    const past = await page("?page=40");
    expect(past.programs).toEqual([]);
    expect(past.total).toBe(programs.length);
    expect(past.page).toBe(40);
  });

  it("filters by cooperation type", async () => {
    expect(await allSlugs("?type=order-class")).toEqual(expected((p) => p.type === "order-class"));
  });

  it("filters by major", async () => {
    expect(await allSlugs("?major=nursing")).toEqual(expected((p) => p.majors.includes("nursing")));
  });

  it("filters by the partner's industry", async () => {
    expect(await allSlugs("?industry=healthcare")).toEqual(expected((p) => partnerOf.get(p.partner)?.industry === "healthcare"));
  });

  it("filters by city", async () => {
    expect(await allSlugs("?city=ningbo")).toEqual(expected((p) => p.city === "ningbo"));
  });

  it.each(["数控", "护理"])("finds programs by the Chinese keyword %s", async (keyword) => {
    expect(await allSlugs(`?q=${encodeURIComponent(keyword)}`)).toEqual(expected((p) => mentions(p, keyword)));
  });

  it("finds programs by an English keyword, whatever its case", async () => {
    const lower = await allSlugs("?q=robot");
    expect(lower).toEqual(expected((p) => mentions(p, "robot")));
    expect(await allSlugs("?q=ROBOT")).toEqual(lower);
    expect(await allSlugs(`?q=${encodeURIComponent("ＲＯＢＯＴ")}`)).toEqual(lower);
  });

  it("combines filters", async () => {
    const combined = await allSlugs("?type=internship&city=hangzhou");
    const want = programs.filter((p) => p.type === "internship" && p.city === "hangzhou").map((p) => p.slug).sort();
    expect(combined).toEqual(want);
    expect(await allSlugs(`?major=industrial-robotics&q=${encodeURIComponent("robot")}`)).toEqual(
      expected((p) => p.majors.includes("industrial-robotics") && mentions(p, "robot")),
    );
  });

  it("finds nothing, rather than failing, for a keyword no program has", async () => {
    const none = await page(`?q=${encodeURIComponent("潜水艇")}`);
    expect(none).toMatchObject({ programs: [], total: 0, pageCount: 1 });
  });

  it.each([
    ["type=spaceship", "type"],
    ["major=Not%20A%20Code", "major"],
    ["page=0", "page"],
    ["page=abc", "page"],
  ])("refuses a malformed filter (%s) with a problem naming it", async (search, field) => {
    const res = await get(`/programs?${search}`, { "accept-language": "en" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = await res.json<Problem>();
    expect(problem.code).toBe("validation");
    expect(problem.errors?.map((e) => e.field)).toContain(field);
  });
});

describe("one program", () => {
  it("shows a program with its partner and full description", async () => {
    const demo = programs[0];
    if (!demo) throw new Error("no demo programs");
    const res = await get(`/programs/${demo.slug}`);
    expect(res.status).toBe(200);
    const program = await res.json<ProgramCard & { descriptionZh: string; descriptionEn: string; partner: { industryCode: string } }>();
    expect(program).toMatchObject({ slug: demo.slug, type: demo.type, titleZh: demo.titleZh, titleEn: demo.titleEn, descriptionZh: demo.descriptionZh, descriptionEn: demo.descriptionEn, cityCode: demo.city });
    expect(program.majorCodes.sort()).toEqual([...demo.majors].sort());
    expect(program.partner).toMatchObject({ slug: demo.partner, industryCode: partnerOf.get(demo.partner)?.industry });
  });

  it("answers 404 with a problem for a program that does not exist", async () => {
    const res = await get("/programs/no-such-program", { "accept-language": "en" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await res.json<Problem>()).toMatchObject({ status: 404, code: "not_found" });
  });
});

describe("partners", () => {
  it("lists all partner enterprises with how many programs each runs", async () => {
    const res = await get("/partners");
    expect(res.status).toBe(200);
    const body = await res.json<{ partners: { slug: string; programCount: number; industryCode: string }[] }>();
    expect(body.partners).toHaveLength(25);
    expect(body.partners.map((p) => p.slug).sort()).toEqual(partners.map((p) => p.slug).sort());
    for (const partner of body.partners) {
      expect(partner.programCount, partner.slug).toBe(programs.filter((p) => p.partner === partner.slug).length);
    }
  });
});

describe("the API's own description", () => {
  it("publishes an OpenAPI 3.1 document with the catalog and proposal paths", async () => {
    const res = await get("/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json<{ openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }>();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/programs", "/programs/{slug}", "/partners", "/proposals"]));
    expect(doc.paths["/proposals"]).toHaveProperty("post");
    expect(doc.components.schemas).toHaveProperty("ProposalInput");
    expect(JSON.stringify(doc.paths["/proposals"])).toContain("#/components/schemas/ProposalInput");
  });

  it("says it is healthy", async () => {
    const res = await get("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers an unknown path with a 404 problem", async () => {
    const res = await get("/nowhere");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});

describe("the cost of a catalog page", () => {
  async function statements(search: Record<string, string>): Promise<number> {
    const counter: QueryCounter = { count: 0 };
    const db = database(countingD1(env.DB, counter));
    const result = await programPage(db, catalogQuery.parse(search));
    expect(result.programs.length).toBeGreaterThan(0);
    return counter.count;
  }

  it("reads a page of programs, its total and the facets in at most two statements", async () => {
    expect(await statements({})).toBeLessThanOrEqual(2);
    expect(await statements({ type: "internship", q: "实习", page: "1" })).toBeLessThanOrEqual(2);
    expect(await statements({ page: "2" })).toBeLessThanOrEqual(2);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG_PAGE_SIZE, catalogQuery, catalogSearch, lenientCatalogQuery, pageCount, type CatalogQuery } from "../../functions/domain/catalog-query.ts";
import { COOPERATION_TYPES } from "../../functions/domain/cooperation-type.ts";
import { normalizeText } from "../../functions/domain/text.ts";

const lenient = (search: string) => lenientCatalogQuery(new URLSearchParams(search));

const codeArb = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-".split("")), minLength: 1, maxLength: 40 });
const keywordArb = fc
  .oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.string({ unit: fc.constantFrom("数", "控", "机", "器", "人", "a", "B", " ", "\u3000", "&", "=", "?", "#", "%", "+", "Ｒ"), maxLength: 60 }))
  .map(normalizeText)
  .filter((q) => q.length > 0 && q.length <= 50);
/** A filter state as catalogQuery outputs it: normalized and within every limit. */
const validQuery: fc.Arbitrary<CatalogQuery> = fc.record(
  {
    type: fc.constantFrom(...COOPERATION_TYPES),
    major: codeArb,
    industry: codeArb,
    city: codeArb,
    q: keywordArb,
    page: fc.integer({ min: 1, max: 1000 }),
  },
  { requiredKeys: ["page"] },
);

describe("catalog filters from a query string (API: strict)", () => {
  it("reads every filter of a shared catalog URL", () => {
    expect(catalogQuery.parse({ type: "order-class", major: "cnc-machining", industry: "manufacturing", city: "hangzhou", q: "数控", page: "3" })).toEqual({
      type: "order-class",
      major: "cnc-machining",
      industry: "manufacturing",
      city: "hangzhou",
      q: "数控",
      page: 3,
    });
  });

  it("starts on page 1 when no page is given", () => {
    expect(catalogQuery.parse({})).toEqual({ page: 1 });
  });

  it("normalizes a keyword typed with full-width letters and spaces", () => {
    expect(catalogQuery.parse({ q: "\u3000ＲＯＢＯＴ\u3000\u3000arm " }).q).toBe("ROBOT arm");
  });

  it.each([
    ["an unknown cooperation type", { type: "sponsorship" }],
    ["an upper-case major code", { major: "CNC" }],
    ["a city code with a space", { city: "hang zhou" }],
    ["an industry code over 40 characters", { industry: "a".repeat(41) }],
    ["a keyword over 50 characters", { q: "关".repeat(51) }],
    ["page 0", { page: "0" }],
    ["page 1001", { page: "1001" }],
    ["a fractional page", { page: "1.5" }],
    ["a non-numeric page", { page: "two" }],
  ])("refuses %s", (_name, input) => {
    expect(catalogQuery.safeParse(input).success).toBe(false);
  });
});

describe("catalog filters from a query string (page: lenient)", () => {
  it("shows the first page of everything for an empty query string", () => {
    expect(lenient("")).toEqual({ page: 1 });
  });

  it("drops a bad value but keeps the good ones, so an old or hand-edited link still works", () => {
    expect(lenient("?type=sponsorship&major=cnc-machining&city=Hang%20Zhou&q=robot&page=0")).toEqual({ major: "cnc-machining", q: "robot", page: 1 });
    expect(lenient("type=internship&page=abc&industry=" + "x".repeat(41))).toEqual({ type: "internship", page: 1 });
    expect(lenient("q=" + "关".repeat(51) + "&page=2")).toEqual({ page: 2 });
  });

  it("ignores empty and blank parameters left by an unfilled form", () => {
    expect(lenient("type=&major=&industry=&city=&q=%20%20&page=")).toEqual({ page: 1 });
  });

  it("normalizes the keyword it keeps", () => {
    expect(lenient("q=%E3%80%80%EF%BC%B2%EF%BC%AF%EF%BC%A2%EF%BC%AF%EF%BC%B4")).toEqual({ q: "ROBOT", page: 1 });
  });

  it("ignores parameters it does not know", () => {
    expect(lenient("utm_source=wechat&type=joint-lab")).toEqual({ type: "joint-lab", page: 1 });
  });

  it("never throws, and always returns a state the strict schema accepts", () => {
    const key = fc.constantFrom("type", "major", "industry", "city", "q", "page", "other");
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.string({ maxLength: 60 })), { maxLength: 8 }), (pairs) => {
        const query = lenientCatalogQuery(new URLSearchParams(pairs));
        expect(catalogQuery.safeParse(query).success).toBe(true);
        expect(query.page).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it("keeps each valid value whatever garbage sits in the other parameters", () => {
    fc.assert(
      fc.property(validQuery, fc.string({ maxLength: 20 }), (query, garbage) => {
        const params = new URLSearchParams(catalogSearch(query));
        params.append("unknown", garbage);
        expect(lenientCatalogQuery(params)).toEqual(query);
      }),
    );
  });
});

describe("catalog URLs", () => {
  it("leaves out defaults so URLs stay short and canonical", () => {
    expect(catalogSearch({})).toBe("");
    expect(catalogSearch({ page: 1 })).toBe("");
    expect(catalogSearch({ type: "internship", page: 1 })).toBe("?type=internship");
    expect(catalogSearch({ q: "", major: "" })).toBe("");
  });

  it("writes filters in a fixed order, with the page last", () => {
    expect(catalogSearch({ page: 2, q: "robot", city: "hangzhou", type: "joint-lab" })).toBe("?type=joint-lab&city=hangzhou&q=robot&page=2");
  });

  it("escapes a Chinese keyword with spaces and symbols", () => {
    const search = catalogSearch({ q: "数控 & 机器人" });
    expect(search).toBe("?q=%E6%95%B0%E6%8E%A7+%26+%E6%9C%BA%E5%99%A8%E4%BA%BA");
    expect(new URLSearchParams(search).get("q")).toBe("数控 & 机器人");
  });

  it("reads back exactly the filter state it wrote (share a URL, see the same catalog)", () => {
    fc.assert(
      fc.property(validQuery, (query) => {
        expect(lenient(catalogSearch(query))).toEqual(query);
      }),
    );
  });

  it("writes one canonical URL for a filter state (reading and writing again changes nothing)", () => {
    fc.assert(
      fc.property(validQuery, (query) => {
        const search = catalogSearch(query);
        expect(catalogSearch(lenient(search))).toBe(search);
      }),
    );
  });
});

describe("number of catalog pages", () => {
  it(`shows ${CATALOG_PAGE_SIZE} programs a page`, () => {
    expect(CATALOG_PAGE_SIZE).toBe(12);
  });

  it("has one (empty) page when nothing matches", () => {
    expect(pageCount(0)).toBe(1);
  });

  it("adds a page only after a full page", () => {
    expect(pageCount(1)).toBe(1);
    expect(pageCount(12)).toBe(1);
    expect(pageCount(13)).toBe(2);
    expect(pageCount(24)).toBe(2);
    expect(pageCount(25)).toBe(3);
  });

  it("has just enough pages for every program", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (total) => {
        const pages = pageCount(total);
        expect(pages * CATALOG_PAGE_SIZE).toBeGreaterThanOrEqual(total);
        expect((pages - 1) * CATALOG_PAGE_SIZE).toBeLessThan(total);
      }),
    );
  });
});

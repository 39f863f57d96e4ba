/**
 * The program catalog's filters, parsed from a query string. The same schema serves the catalog
 * page, `GET /api/v1/programs` and the OpenAPI document, so every filter state is a shareable URL.
 * Unknown or malformed values are errors for the API, and dropped (with the rest kept) on the page.
 */
import { z } from "zod";
import { COOPERATION_TYPES } from "./cooperation-type.ts";
import { normalizeText } from "./text.ts";

export const CATALOG_PAGE_SIZE = 12;

const code = z.string().regex(/^[a-z0-9-]{1,40}$/);

export const catalogQuery = z
  .object({
    type: z.enum(COOPERATION_TYPES).optional(),
    major: code.optional(),
    industry: code.optional(),
    city: code.optional(),
    q: z.string().overwrite(normalizeText).max(50).optional().meta({ description: "Keyword in Chinese or English (substring match)" }),
    page: z.coerce.number().int().min(1).max(1000).default(1),
  })
  .meta({ id: "CatalogQuery" });

export type CatalogQuery = z.output<typeof catalogQuery>;

/** Reads what it can from a query string for a page: a bad value is dropped, not fatal. */
export function lenientCatalogQuery(params: URLSearchParams): CatalogQuery {
  const picked: Record<string, string> = {};
  for (const key of ["type", "major", "industry", "city", "q", "page"] as const) {
    const value = params.get(key);
    if (value === null || value.trim() === "") continue;
    const single = catalogQuery.shape[key].safeParse(value);
    if (single.success) picked[key] = value;
  }
  const parsed = catalogQuery.safeParse(picked);
  return parsed.success ? parsed.data : { page: 1 };
}

/** The query string for a filter state, with defaults left out so URLs stay short and canonical. */
export function catalogSearch(query: Partial<CatalogQuery>): string {
  const params = new URLSearchParams();
  for (const key of ["type", "major", "industry", "city", "q"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / CATALOG_PAGE_SIZE));
}

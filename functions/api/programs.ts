/** GET /programs and /programs/{slug}: the public catalog as JSON. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { programBySlug, programPage, type ProgramCard } from "../db/catalog.ts";
import { catalogQuery, pageCount } from "../domain/catalog-query.ts";
import { AppError } from "../http/app-error.ts";
import type { PortalEnv } from "../http/context.ts";
import { validationHook } from "./validation-hook.ts";
import { problemContent, programDetailSchema, programPageSchema } from "./schemas.ts";

export const programs = new OpenAPIHono<PortalEnv>({ defaultHook: validationHook });

function card<T extends ProgramCard>({ partnerSlug, partnerNameZh, partnerNameEn, ...rest }: T) {
  return { ...rest, partner: { slug: partnerSlug, nameZh: partnerNameZh, nameEn: partnerNameEn } };
}

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List programs, filtered and paginated",
  request: { query: catalogQuery },
  responses: {
    200: { description: "A page of programs", content: { "application/json": { schema: programPageSchema } } },
    400: { description: "A filter is malformed", content: problemContent },
  },
});

programs.openapi(list, async (c) => {
  const query = c.req.valid("query");
  const page = await programPage(c.var.portal.db, query);
  return c.json({ programs: page.programs.map(card), total: page.total, page: query.page, pageCount: pageCount(page.total), facets: page.facets }, 200);
});

const one = createRoute({
  method: "get",
  path: "/{slug}",
  summary: "One program",
  request: { params: z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) }) },
  responses: {
    200: { description: "The program", content: { "application/json": { schema: programDetailSchema } } },
    404: { description: "No such program", content: problemContent },
  },
});

programs.openapi(one, async (c) => {
  const found = await programBySlug(c.var.portal.db, c.req.valid("param").slug);
  if (!found) throw new AppError("not_found");
  const { partnerSummaryZh, partnerSummaryEn, partnerIndustryCode, ...program } = found.program;
  const base = card(program);
  return c.json({ ...base, partner: { ...base.partner, summaryZh: partnerSummaryZh, summaryEn: partnerSummaryEn, industryCode: partnerIndustryCode } }, 200);
});

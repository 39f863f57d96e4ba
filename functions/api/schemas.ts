/**
 * Response shapes of the JSON API, as zod schemas: they document the answers in OpenAPI and
 * type the handlers. Request shapes live with the domain (proposal-input, catalog-query).
 */
import { z } from "@hono/zod-openapi";
import { COOPERATION_TYPES } from "../domain/cooperation-type.ts";
import { PROPOSAL_STATUSES } from "../domain/proposal-status.ts";

export const named = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }).openapi("Named");

export const facetsSchema = z.object({ majors: z.array(named), industries: z.array(named), cities: z.array(named) }).openapi("Facets");

export const programCardSchema = z
  .object({
    slug: z.string(),
    type: z.enum(COOPERATION_TYPES),
    titleZh: z.string(),
    titleEn: z.string(),
    summaryZh: z.string(),
    summaryEn: z.string(),
    seats: z.number().int(),
    startsOn: z.string(),
    endsOn: z.string(),
    status: z.enum(["open", "closed"]),
    featured: z.boolean(),
    cityCode: z.string(),
    majorCodes: z.array(z.string()),
    partner: z.object({ slug: z.string(), nameZh: z.string(), nameEn: z.string() }),
  })
  .openapi("ProgramCard");

export const programPageSchema = z
  .object({ programs: z.array(programCardSchema), total: z.number().int(), page: z.number().int(), pageCount: z.number().int(), facets: facetsSchema })
  .openapi("ProgramPage");

export const programDetailSchema = programCardSchema
  .extend({ descriptionZh: z.string(), descriptionEn: z.string(), partner: z.object({ slug: z.string(), nameZh: z.string(), nameEn: z.string(), summaryZh: z.string(), summaryEn: z.string(), industryCode: z.string() }) })
  .openapi("ProgramDetail");

export const partnerSchema = z
  .object({
    slug: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    industryCode: z.string(),
    cityCode: z.string(),
    size: z.string(),
    website: z.string().nullable(),
    summaryZh: z.string(),
    summaryEn: z.string(),
    sinceYear: z.number().int(),
    programCount: z.number().int(),
  })
  .openapi("Partner");

export const proposalReceiptSchema = z
  .object({
    reference: z.string().openapi({ example: "XQ-2026-000123" }),
    status: z.enum(PROPOSAL_STATUSES),
    statusUrl: z.url().openapi({ description: "Private link to the status page; keep it secret" }),
    confirmation: z.enum(["not-needed", "sent", "limited"]).openapi({ description: "Whether the contact must confirm by email" }),
    replayed: z.boolean().openapi({ description: "True when this Idempotency-Key was already used; the original proposal is returned" }),
  })
  .openapi("ProposalReceipt");

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })).optional(),
  })
  .openapi("Problem");

export const problemContent = { "application/problem+json": { schema: problemSchema } };

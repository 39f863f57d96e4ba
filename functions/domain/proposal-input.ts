/**
 * The cooperation proposal as an organization submits it: one zod schema for the JSON API, the
 * HTML form (after `proposalInputFromForm`) and the OpenAPI document. Every string is NFKC-normalized
 * and trimmed before it is checked, so full-width input validates like ordinary input.
 *
 * Issue codes (`params.code` on custom issues, mapped by `fieldErrors`) are message keys under
 * `error.` in src/i18n, so a field's error reads the same in the API and on the page.
 */
import { z } from "zod";
import { COOPERATION_TYPES } from "./cooperation-type.ts";
import { isValidCreditCode } from "./credit-code.ts";
import { ORGANIZATION_SIZES } from "./organization-size.ts";
import { normalizeMultiline, normalizeProse, normalizeText } from "./text.ts";

// min(1) first, so that an empty field reads as "required" rather than "too short".
const text = (min: number, max: number) => z.string().overwrite(normalizeText).min(1).min(min).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .overwrite(normalizeText)
    .max(max)
    .optional()
    .transform((v) => (v === "" ? undefined : v));

const code = z.string().regex(/^[a-z0-9-]{1,40}$/);
const month = z
  .string()
  .overwrite(normalizeText)
  .regex(/^(19|20)\d\d-(0[1-9]|1[0-2])$/)
  .optional()
  .or(z.literal("").transform(() => undefined));

/** An email address as people type it: full-width characters folded, lower-cased. */
export const contactEmail = z
  .string()
  .overwrite((v) => normalizeText(v).toLowerCase())
  .max(254)
  .check(z.email());

export const proposalInput = z
  .object({
    orgName: z.string().overwrite(normalizeProse).min(1).min(2).max(100).meta({ description: "Organization name as registered", example: "杭州示例智能装备有限公司" }),
    creditCode: z
      .string()
      .overwrite((v) => normalizeText(v).toUpperCase())
      .refine((v) => v === "" || isValidCreditCode(v), { params: { code: "invalid_credit_code" }, message: "invalid_credit_code" })
      .optional()
      .transform((v) => (v === "" ? undefined : v))
      .meta({ description: "Unified social credit code (GB 32100-2015), for organizations registered in mainland China" }),
    registrationNumber: optionalText(50).meta({ description: "Registration number, for organizations registered outside mainland China" }),
    industry: code.meta({ description: "Industry code from GET /api/v1/programs facets" }),
    size: z.enum(ORGANIZATION_SIZES),
    city: text(1, 40),
    website: z
      .string()
      .overwrite((v) => (normalizeText(v) === "" ? "" : withScheme(normalizeText(v))))
      .max(200)
      .refine((v) => v === "" || isHttpUrl(v), { params: { code: "invalid_url" }, message: "invalid_url" })
      .optional()
      .transform((v) => (v === "" ? undefined : v)),
    contactName: text(1, 50),
    contactRole: optionalText(50),
    contactEmail,
    contactPhone: z
      .string()
      .overwrite(normalizeText)
      // Mobile (13800000000), landline with area code in brackets ((0571) 8888-6666), international.
      .regex(/^\+?[0-9(][0-9 ()-]{5,28}[0-9]$/),
    cooperationTypes: z
      .array(z.enum(COOPERATION_TYPES))
      .min(1)
      .max(COOPERATION_TYPES.length)
      .refine((types) => new Set(types).size === types.length, { params: { code: "duplicate" } }),
    majors: z.array(code).max(8).default([]),
    seats: z.number().int().min(1).max(10000).optional(),
    periodStart: month,
    periodEnd: month,
    description: z.string().overwrite(normalizeMultiline).min(1).min(20).max(4000),
    consent: z.literal(true),
    turnstileToken: z.string().max(2048).optional().meta({ description: "Turnstile token; without one the proposal waits for email confirmation" }),
  })
  .superRefine((input, ctx) => {
    if (input.creditCode === undefined && input.registrationNumber === undefined) {
      ctx.addIssue({ code: "custom", path: ["creditCode"], params: { code: "registration_required" }, message: "registration_required" });
    } else if (input.creditCode !== undefined && input.registrationNumber !== undefined) {
      ctx.addIssue({ code: "custom", path: ["registrationNumber"], params: { code: "registration_one_only" }, message: "registration_one_only" });
    }
    if (input.periodStart && input.periodEnd && input.periodEnd < input.periodStart) {
      ctx.addIssue({ code: "custom", path: ["periodEnd"], params: { code: "period_order" }, message: "period_order" });
    }
  })
  .meta({ id: "ProposalInput" });

export type ProposalInput = z.output<typeof proposalInput>;

export function parseProposalInput(raw: unknown) {
  // reportInput: lets fieldErrors tell a missing field ("required") from a wrong one.
  return proposalInput.safeParse(raw, { reportInput: true });
}
export type ProposalField = keyof z.input<typeof proposalInput>;

/** The form's fields, as posted (names match the schema's keys). */
export const PROPOSAL_TEXT_FIELDS = [
  "orgName",
  "creditCode",
  "registrationNumber",
  "industry",
  "size",
  "city",
  "website",
  "contactName",
  "contactRole",
  "contactEmail",
  "contactPhone",
  "seats",
  "periodStart",
  "periodEnd",
  "description",
] as const;

export interface ProposalFormValues {
  text: Partial<Record<(typeof PROPOSAL_TEXT_FIELDS)[number], string>>;
  cooperationTypes: string[];
  majors: string[];
  consent: boolean;
}

/** What the visitor typed, kept as strings so a form with errors shows it back unchanged. */
export function proposalFormValues(form: FormData): ProposalFormValues {
  const text: ProposalFormValues["text"] = {};
  for (const name of PROPOSAL_TEXT_FIELDS) {
    const value = form.get(name);
    if (typeof value === "string") text[name] = value.slice(0, 5000);
  }
  const strings = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string").slice(0, 20);
  return { text, cooperationTypes: strings("cooperationTypes"), majors: strings("majors"), consent: form.get("consent") === "yes" };
}

/**
 * The form's values in the JSON shape the schema reads: empty optional fields left out, the
 * seat count as a number, the consent box as true or absent. One schema then checks both paths.
 */
export function proposalInputFromForm(values: ProposalFormValues): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values.text)) {
    if (value.trim() === "") continue;
    raw[name] = name === "seats" ? (/^\s*\d+\s*$/.test(value.normalize("NFKC")) ? Number(value.normalize("NFKC")) : Number.NaN) : value;
  }
  raw["cooperationTypes"] = values.cooperationTypes;
  raw["majors"] = values.majors;
  if (values.consent) raw["consent"] = true;
  return raw;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** People type "www.example.com"; accept it as https. */
export function withScheme(website: string): string {
  // "www.example.com:8080" has a colon but no scheme: a scheme is never followed by a digit.
  return /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(website) ? website : `https://${website}`;
}

export interface FieldError {
  field: string;
  code: string;
  params?: Record<string, number | string>;
}

/** zod issues as stable per-field codes (`required`, `too_long` with `max` …), one per field. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : "_";
    if (byField.has(field)) continue;
    byField.set(field, { field, ...issueCode(issue) });
  }
  return [...byField.values()];
}

function issueCode(issue: z.core.$ZodIssue): { code: string; params?: Record<string, number | string> } {
  switch (issue.code) {
    case "custom": {
      const code = issue.params?.["code"];
      return { code: typeof code === "string" ? code : "invalid" };
    }
    case "invalid_type":
      return { code: issue.input === undefined || issue.input === null ? "required" : "invalid" };
    case "too_small":
      if (issue.origin === "string" && issue.minimum === 1) return { code: "required" };
      if (issue.origin === "array") return { code: "choose_at_least", params: { min: Number(issue.minimum) } };
      return { code: issue.origin === "string" ? "too_short" : "too_small", params: { min: Number(issue.minimum) } };
    case "too_big":
      return { code: issue.origin === "string" ? "too_long" : issue.origin === "array" ? "too_many" : "too_big", params: { max: Number(issue.maximum) } };
    case "invalid_format":
      return { code: issue.format === "email" ? "invalid_email" : "invalid_format" };
    case "invalid_value":
      return { code: issue.input === undefined ? "required" : "invalid_choice" };
    case "unrecognized_keys":
      return { code: "unknown_field" };
    default:
      return { code: "invalid" };
  }
}

/**
 * Shared pieces of the API tests: a valid proposal, unique keys, addresses and client IPs (storage
 * is isolated per test file, not per test, and the rate limiter is shared by all), and small
 * readers of the D1 rows a story is about.
 */
import { env } from "cloudflare:test";
import { createApi } from "../../functions/api/app.ts";
import { portalConfig, type PortalConfig } from "../../functions/config.ts";
import { database } from "../../functions/db/client.ts";
import { creditCodeCheckCharacter } from "../../functions/domain/credit-code.ts";
import type { IntakeContext, SubmitMeta } from "../../functions/flows/proposal-intake.ts";

export const api = createApi();

let sequence = 0;
const run = crypto.randomUUID().replaceAll("-", "").slice(0, 8);

/** A fresh Idempotency-Key (the API wants 16–64 of [A-Za-z0-9_-]). */
export function uniqueKey(): string {
  sequence += 1;
  return `test-${run}-${sequence}-${crypto.randomUUID().slice(0, 8)}`;
}

export function uniqueEmail(label = "contact"): string {
  sequence += 1;
  return `${label}-${run}-${sequence}@example.cn`;
}

/** A client address no other test uses, so the 5-per-minute limiter never sees two tests as one. */
export function uniqueIp(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `2001:db8:${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join(":")}::${(sequence += 1).toString(16)}`;
}

/** A unified social credit code with a correct check character. */
export function validCreditCode(first17 = "91330106MA2CKQ3J7"): string {
  const check = creditCodeCheckCharacter(first17);
  if (!check) throw new Error(`not a credit code prefix: ${first17}`);
  return first17 + check;
}

export function validProposal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orgName: "杭州示例智能装备有限公司",
    creditCode: validCreditCode(),
    industry: "smart-manufacturing",
    size: "medium",
    city: "杭州",
    website: "www.example.cn",
    contactName: "王经理",
    contactRole: "人力资源总监",
    contactEmail: uniqueEmail(),
    contactPhone: "+86 138 0013 8000",
    cooperationTypes: ["internship", "order-class"],
    majors: ["mechatronics", "industrial-robotics"],
    seats: 20,
    periodStart: "2027-03",
    periodEnd: "2027-06",
    description: "我们希望与学院合作开设工业机器人运维订单班，每年接收二十名实习生。",
    consent: true,
    ...overrides,
  };
}

export interface PostOptions {
  key?: string | null;
  ip?: string;
  lang?: string;
  contentType?: string;
}

/** POST /proposals as a browser or API client would, with a fresh key and IP unless given. */
export function postProposal(body: unknown, options: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/json",
    "cf-connecting-ip": options.ip ?? uniqueIp(),
  };
  const key = options.key === undefined ? uniqueKey() : options.key;
  if (key !== null) headers["idempotency-key"] = key;
  if (options.lang) headers["accept-language"] = options.lang;
  return Promise.resolve(api.request("/proposals", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }, env));
}

export interface Receipt {
  reference: string;
  status: string;
  statusUrl: string;
  confirmation: string;
  replayed: boolean;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  requestId: string;
  errors?: { field: string; code: string; message: string; params?: Record<string, string | number> }[];
}

export async function rows<T = Record<string, unknown>>(query: string, ...values: unknown[]): Promise<T[]> {
  const { results } = await env.DB.prepare(query).bind(...values).all<T>();
  return results;
}

export async function countRows(table: string): Promise<number> {
  const [row] = await rows<{ n: number }>(`select count(*) as n from ${table}`);
  return row?.n ?? 0;
}

export async function outboxFor(address: string): Promise<{ kind: string; to_address: string; subject: string; body_text: string; created_at: number }[]> {
  return rows("select kind, to_address, subject, body_text, created_at from outbox where to_address = ? order by id", address);
}

/** The token at the end of a status or confirmation URL. */
export function tokenOf(url: string, pattern: RegExp): string {
  const match = pattern.exec(url);
  if (!match?.[1]) throw new Error(`no token in ${url}`);
  return match[1];
}

export const CONFIRM_LINK = /\/proposals\/confirm\/([A-Za-z0-9_-]{43})/;

/** A limiter that never refuses: flow-level tests are about other things than the rate limit. */
export const unlimited: RateLimit = { limit: async () => ({ success: true }) };

/** The context the intake flows take, over the test D1, at a chosen time. */
export function intakeContext(overrides: Partial<IntakeContext> & { config?: PortalConfig } = {}): IntakeContext {
  return { db: database(env.DB), config: portalConfig(env), now: Date.now(), clientIp: uniqueIp(), limiter: unlimited, ...overrides };
}

export function submitMeta(overrides: Partial<SubmitMeta> = {}): SubmitMeta {
  return { idempotencyKey: uniqueKey(), turnstileToken: undefined, honeypotFilled: false, locale: "zh-CN", ...overrides };
}

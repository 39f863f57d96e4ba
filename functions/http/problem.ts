/**
 * RFC 9457 problem details: the one place errors become responses. Field errors carry a stable
 * code and a message in the caller's language (from Accept-Language). Unexpected errors are
 * logged with the request id and answered with nothing but that id.
 */
import type { Context } from "hono";
import { type MessageKey, translate } from "../../src/i18n/messages.ts";
import { localeOfPrefix, prefixFromAcceptLanguage, type Locale } from "../domain/locale.ts";
import { AppError, type ErrorCode } from "./app-error.ts";

export function requestLocale(c: Context): Locale {
  return localeOfPrefix(prefixFromAcceptLanguage(c.req.header("accept-language") ?? null));
}

export function problemBody(error: AppError, locale: Locale, requestId: string) {
  return {
    type: `urn:xiaoqi:problem:${error.code}`,
    title: translate(locale, `problem.${error.code}` as MessageKey),
    status: error.status,
    code: error.code,
    requestId,
    ...(error.fields.length
      ? {
          errors: error.fields.map((f) => ({
            field: f.field,
            code: f.code,
            ...(f.params ? { params: f.params } : {}),
            message: translate(locale, `error.${f.code}` as MessageKey, f.params),
          })),
        }
      : {}),
  };
}

export function problemResponse(c: Context, error: unknown, requestId: string): Response {
  const known = error instanceof AppError ? error : new AppError(unexpectedCode(error));
  if (!(error instanceof AppError)) {
    console.error(JSON.stringify({ requestId, path: new URL(c.req.url).pathname, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
  }
  const headers: Record<string, string> = { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store" };
  if (known.code === "rate_limited") headers["retry-after"] = "60";
  return new Response(JSON.stringify(problemBody(known, requestLocale(c), requestId)), { status: known.status, headers });
}

function unexpectedCode(error: unknown): ErrorCode {
  // Hono's bodyLimit and similar throw HTTPExceptions with a status; keep their meaning.
  if (typeof error === "object" && error !== null && "status" in error) {
    if (error.status === 413) return "payload_too_large";
    if (error.status === 404) return "not_found";
  }
  return "internal";
}

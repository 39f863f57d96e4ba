/**
 * Errors as values: a stable code and, once, its HTTP status. The API turns them into
 * `application/problem+json`; pages show the same codes' messages next to the fields.
 */
import type { FieldError } from "../domain/proposal-input.ts";

export const ERROR_STATUS = {
  validation: 400,
  malformed_json: 400,
  turnstile_failed: 400,
  sign_in_failed: 401,
  unauthorized: 401,
  forbidden: 403,
  cross_site: 403,
  not_found: 404,
  transition_not_allowed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields: FieldError[] = [],
  ) {
    super(code);
    this.name = "AppError";
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

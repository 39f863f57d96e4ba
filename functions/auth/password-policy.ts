/**
 * What a new password must be (NIST SP 800-63B): at least 8 characters, long ones welcome (up
 * to 256, so passphrases fit), no composition rules, and not one of the most common passwords.
 * Characters are counted as people see them (code points), so 中文 passphrases count fairly.
 */
import { z } from "zod";
import { AppError } from "../http/app-error.ts";
import type { FieldError } from "../domain/proposal-input.ts";
import { isCommonPassword } from "./common-passwords.ts";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export const newPassword = z
  .string()
  .refine((p) => [...p].length >= PASSWORD_MIN, { params: { code: "password_too_short", min: PASSWORD_MIN }, message: "password_too_short" })
  .refine((p) => [...p].length <= PASSWORD_MAX, { params: { code: "password_too_long", max: PASSWORD_MAX }, message: "password_too_long" })
  .refine((p) => !isCommonPassword(p), { params: { code: "password_common" }, message: "password_common" });

/**
 * Why a new password is refused, as the field error forms and pages show (empty when it is
 * fine). Keeps the rule's `min`/`max`, which the messages need ("at least {min} characters").
 */
export function newPasswordErrors(password: string, field: string): FieldError[] {
  const parsed = newPassword.safeParse(password);
  if (parsed.success) return [];
  const issue = parsed.error.issues[0];
  if (issue?.code !== "custom") return [{ field, code: "invalid" }];
  const { code, ...params } = (issue.params ?? {}) as Record<string, string | number>;
  return [{ field, code: String(code), ...(Object.keys(params).length ? { params } : {}) }];
}

/** The password if it may be used, else a validation error on `field` (with its min/max). */
export function acceptNewPassword(password: string, field: string): string {
  const errors = newPasswordErrors(password, field);
  if (errors.length) throw new AppError("validation", errors);
  return password;
}

/**
 * What a new password must be (NIST SP 800-63B): at least 8 characters, long ones welcome (up
 * to 256, so passphrases fit), no composition rules, and not one of the most common passwords.
 * Characters are counted as people see them (code points), so 中文 passphrases count fairly.
 */
import { z } from "zod";
import { isCommonPassword } from "./common-passwords.ts";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export const newPassword = z
  .string()
  .refine((p) => [...p].length >= PASSWORD_MIN, { params: { code: "password_too_short", min: PASSWORD_MIN }, message: "password_too_short" })
  .refine((p) => [...p].length <= PASSWORD_MAX, { params: { code: "password_too_long", max: PASSWORD_MAX }, message: "password_too_long" })
  .refine((p) => !isCommonPassword(p), { params: { code: "password_common" }, message: "password_common" });

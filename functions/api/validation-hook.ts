/** Turns a failed request validation (query, params) into our validation problem. */
import type { z } from "zod";
import { fieldErrors } from "../domain/proposal-input.ts";
import { AppError } from "../http/app-error.ts";

export function validationHook(result: { success: true } | { success: false; error: z.ZodError }): void {
  if (!result.success) throw new AppError("validation", fieldErrors(result.error));
}

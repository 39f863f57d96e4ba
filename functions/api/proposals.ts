/**
 * POST /proposals: an organization proposes cooperation. JSON only. An `Idempotency-Key`
 * header makes retries safe: the same key returns the same proposal instead of a second one.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { isWellFormedIdempotencyKey, newIdempotencyKey } from "../auth/link-token.ts";
import { statusPath, submitProposal } from "../flows/proposal-intake.ts";
import { proposalInput } from "../domain/proposal-input.ts";
import { AppError } from "../http/app-error.ts";
import type { PortalEnv } from "../http/context.ts";
import { readJson } from "../http/json-body.ts";
import { requestLocale } from "../http/problem.ts";
import { problemContent, proposalReceiptSchema } from "./schemas.ts";
import { validationHook } from "./validation-hook.ts";

export const proposals = new OpenAPIHono<PortalEnv>({ defaultHook: validationHook });

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Propose cooperation",
  description:
    "Without a Turnstile token the proposal is stored as `unconfirmed` and the contact gets a confirmation email; it expires after 14 days unless confirmed.",
  request: {
    headers: z.object({ "idempotency-key": z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional() }),
    body: { required: true, content: { "application/json": { schema: proposalInput } } },
  },
  responses: {
    201: { description: "Stored", content: { "application/json": { schema: proposalReceiptSchema } } },
    200: { description: "Replayed: this Idempotency-Key was used before", content: { "application/json": { schema: proposalReceiptSchema } } },
    400: { description: "Invalid fields, malformed JSON or a failed Turnstile check", content: problemContent },
    413: { description: "Body over 32 KiB", content: problemContent },
    415: { description: "Not application/json", content: problemContent },
    429: { description: "Too many proposals from this address", content: problemContent },
  },
});

// Registered for the OpenAPI document only: the body is parsed by the handler below, which
// reports missing fields as `required` and normalizes text before checking it.
proposals.openAPIRegistry.registerPath(create);

proposals.post("/", async (c) => {
  const portal = c.var.portal;
  const body = await readJson(c.req.raw);
  const header = c.req.header("idempotency-key");
  if (header !== undefined && !isWellFormedIdempotencyKey(header)) {
    throw new AppError("validation", [{ field: "Idempotency-Key", code: "invalid_format" }]);
  }
  const token = typeof body === "object" && body !== null && "turnstileToken" in body && typeof body.turnstileToken === "string" ? body.turnstileToken : undefined;
  const locale = requestLocale(c);
  const result = await submitProposal(
    { db: portal.db, config: portal.config, now: portal.now, clientIp: portal.clientIp, limiter: portal.env.PROPOSAL_LIMITER },
    body,
    { idempotencyKey: header ?? newIdempotencyKey(), turnstileToken: token, honeypotFilled: false, locale },
  );
  return c.json(
    {
      reference: result.reference,
      status: result.status,
      statusUrl: portal.config.publicOrigin + statusPath(locale, result.statusToken),
      confirmation: result.confirmation,
      replayed: result.replayed,
    },
    result.replayed ? 200 : 201,
  );
});

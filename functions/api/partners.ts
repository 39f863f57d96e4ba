/** GET /partners: the partner enterprises as JSON. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { partnerList } from "../db/catalog.ts";
import type { PortalEnv } from "../http/context.ts";
import { partnerSchema } from "./schemas.ts";
import { validationHook } from "./validation-hook.ts";

export const partners = new OpenAPIHono<PortalEnv>({ defaultHook: validationHook });

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List partner enterprises",
  responses: { 200: { description: "All partners", content: { "application/json": { schema: z.object({ partners: z.array(partnerSchema) }) } } } },
});

partners.openapi(list, async (c) => {
  const { partners: rows } = await partnerList(c.var.portal.db);
  // The internal id stays internal: partners are known by their slug outside.
  return c.json({ partners: rows.map(({ id: _id, ...partner }) => partner) }, 200);
});

/**
 * The JSON API, mounted at /api/v1. No Astro imports here, so tests run it alone in workerd with
 * `api.request(path, init, env)`. Every response is JSON; every error is problem+json.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError } from "../http/app-error.ts";
import { type PortalEnv, portalContext } from "../http/context.ts";
import { csrfGuard } from "../http/csrf.ts";
import { apiGuard } from "../http/guard.ts";
import { problemResponse } from "../http/problem.ts";
import { sessionContext } from "../http/session.ts";
import { partners } from "./partners.ts";
import { programs } from "./programs.ts";
import { proposals } from "./proposals.ts";
import { validationHook } from "./validation-hook.ts";

export function createApi() {
  const api = new OpenAPIHono<PortalEnv>({ defaultHook: validationHook });
  api.use(portalContext());
  api.use(sessionContext());
  api.use(csrfGuard());
  api.use(apiGuard());
  api.use(async (c, next) => {
    await next();
    c.header("cache-control", c.res.headers.get("cache-control") ?? "no-store");
  });
  api.get("/health", (c) => c.json({ ok: true }));
  api.get("/me", (c) => c.json({ user: c.var.portal.user }));
  api.route("/programs", programs);
  api.route("/partners", partners);
  api.route("/proposals", proposals);
  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Xiaoqi (校企) API", version: "1.0.0", description: "Public API of a Xiaoqi school–enterprise cooperation portal." },
    servers: [{ url: "/api/v1" }],
  });
  api.notFound((c) => problemResponse(c, new AppError("not_found"), c.var.portal.requestId));
  api.onError((error, c) => problemResponse(c, error, c.var.portal?.requestId ?? crypto.randomUUID()));
  return api;
}

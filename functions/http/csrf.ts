/**
 * Cross-site request forgery check for every non-GET request, HTML forms and JSON alike (Hono's
 * csrf() looks only at form content types). A browser request names its origin: with
 * `Sec-Fetch-Site` it must be `same-origin`; without it, `Origin` must be this site's. A request
 * with neither header does not come from a modern browser (every current browser sends Origin on
 * a cross-site POST), so it is let through: it carries no victim's cookie to abuse.
 */
import type { MiddlewareHandler } from "hono";
import { AppError } from "./app-error.ts";
import type { PortalEnv } from "./context.ts";
import { problemResponse } from "./problem.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site !== "same-origin";
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  return origin !== new URL(request.url).origin;
}

export function csrfGuard(): MiddlewareHandler<PortalEnv> {
  return async (c, next) => {
    if (isCrossSite(c.req.raw)) return problemResponse(c, new AppError("cross_site"), c.var.portal.requestId);
    return next();
  };
}

/**
 * Enforces the permissions table (functions/auth/permissions.ts) for the JSON API: the route
 * that will answer is looked up by method and path; a route missing from the table is refused
 * (fail closed). Visitors get 401, signed-in accounts without the permission 403 (audited).
 */
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { allows, routePermission } from "../auth/permissions.ts";
import { recordAudit } from "../db/audit.ts";
import { AppError } from "./app-error.ts";
import type { PortalEnv } from "./context.ts";

/** `GET /programs/:slug` for the endpoint a request reaches, relative to the API's mount point. */
export function apiRouteKey(method: string, path: string): string {
  return `${method} ${path.replace(/^\/api\/v1(?=\/|$)/, "") || "/"}`;
}

export function apiGuard(): MiddlewareHandler<PortalEnv> {
  return async (c, next) => {
    const endpoint = matchedRoutes(c)
      .filter((route) => route.method !== "ALL")
      .at(-1);
    if (!endpoint) return next();
    const key = apiRouteKey(endpoint.method, endpoint.path);
    const permission = routePermission(key);
    const portal = c.var.portal;
    if (!permission) {
      console.error(JSON.stringify({ requestId: portal.requestId, error: `route ${key} is missing from ROUTE_PERMISSIONS` }));
      throw new AppError("forbidden");
    }
    if (!allows(permission, portal.user?.role ?? null)) {
      if (!portal.user) throw new AppError("unauthorized");
      await recordAudit(portal.db, { action: "permission-denied", actorId: portal.user.id, detail: { route: key }, ip: portal.clientIp, at: portal.now });
      throw new AppError("forbidden");
    }
    await next();
  };
}

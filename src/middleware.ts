/**
 * Enforces the permissions table for every Astro page, by its route pattern: a page missing from
 * the table is refused (fail closed). A visitor asking for a page that needs an account is sent
 * to sign in (and back afterwards); a signed-in account without the permission gets 403, audited.
 */
import { defineMiddleware } from "astro:middleware";
import { allows, routePermission } from "../functions/auth/permissions.ts";
import { recordAudit } from "../functions/db/audit.ts";
import { isLangPrefix } from "../functions/domain/locale.ts";

export const onRequest = defineMiddleware(async (context, next) => {
  const portal = context.locals.portal;
  if (!portal) return next(); // prerendering at build time: public pages only
  const key = `page ${context.routePattern}`;
  const permission = routePermission(key);
  if (!permission) {
    console.error(JSON.stringify({ requestId: portal.requestId, error: `${key} is missing from ROUTE_PERMISSIONS` }));
    return new Response(null, { status: 403 });
  }
  if (allows(permission, portal.user?.role ?? null)) return next();
  const lang = isLangPrefix(context.params["lang"]) ? context.params["lang"] : "zh";
  if (!portal.user) {
    const back = context.url.pathname + context.url.search;
    return context.redirect(`/${lang}/sign-in?next=${encodeURIComponent(back)}`, 303);
  }
  await recordAudit(portal.db, { action: "permission-denied", actorId: portal.user.id, detail: { route: key }, ip: portal.clientIp, at: portal.now });
  return context.rewrite(`/${lang}/forbidden`);
});

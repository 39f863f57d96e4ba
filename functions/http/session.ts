/**
 * Reads the session cookie on every request: a valid session puts its account on the portal
 * context (`portal.user`); an expired, idle or forged one is cleared. Renewal (sliding expiry)
 * writes at most hourly, or every minute for a shared-computer session.
 */
import { sha256Hex } from "../auth/secret-encoding.ts";
import type { MiddlewareHandler } from "hono";
import { clearedSessionCookie, constantTimeEqual, judgeSession, parseSessionToken, readSessionCookie, sessionCookie } from "../auth/session-token.ts";
import { sessionWithUser, touchSession } from "../db/users.ts";
import type { PortalEnv } from "./context.ts";

export function sessionContext(): MiddlewareHandler<PortalEnv> {
  return async (c, next) => {
    const portal = c.var.portal;
    const raw = readSessionCookie(c.req.header("cookie") ?? null);
    const parsed = parseSessionToken(raw);
    let clear = raw !== undefined && parsed === null;
    let refresh: string | null = null;
    if (parsed) {
      const found = await sessionWithUser(portal.db, parsed.id);
      const verdict = found && constantTimeEqual(found.session.secretHash, await sha256Hex(parsed.secret)) ? judgeSession(found.session, portal.now) : { valid: false as const };
      if (found && verdict.valid) {
        portal.user = found.user;
        portal.sessionId = found.session.id;
        if (verdict.touch) {
          await touchSession(portal.db, found.session.id, verdict.touch);
          if (!found.session.sharedComputer) refresh = sessionCookie(`${parsed.id}.${parsed.secret}`, found.session);
        }
      } else {
        clear = true;
      }
    }
    await next();
    if (clear) c.res.headers.append("set-cookie", clearedSessionCookie());
    else if (refresh) c.res.headers.append("set-cookie", refresh);
    // Pages that depend on who is asking must never be stored by a shared cache.
    if (portal.user) c.res.headers.set("cache-control", "private, no-store");
  };
}

/**
 * The per-request context every handler and page uses: the database, the configuration, the
 * clock, the client address and a request id. Set once by `portalContext()`; Astro pages read the
 * same object from `Astro.locals.portal`.
 */
import type { MiddlewareHandler } from "hono";
import { portalConfig, type PortalConfig } from "../config.ts";
import { type Database, database } from "../db/client.ts";
import { countingD1, type QueryCounter } from "../db/query-counter.ts";
import type { SessionUser } from "../db/users.ts";

export interface Portal {
  db: Database;
  config: PortalConfig;
  env: Env;
  requestId: string;
  clientIp: string | null;
  now: number;
  queries: QueryCounter | null;
  /** The signed-in account, set by sessionContext(); null for visitors. */
  user: SessionUser | null;
  sessionId: string | null;
}

export type PortalEnv = { Bindings: Env; Variables: { portal: Portal } };

export function makePortal(env: Env, request: Request): Portal {
  const config = portalConfig(env);
  const queries = config.countQueries ? { count: 0 } : null;
  return {
    db: database(queries ? countingD1(env.DB, queries) : env.DB),
    config,
    env,
    requestId: request.headers.get("cf-ray") ?? crypto.randomUUID(),
    clientIp: request.headers.get("cf-connecting-ip"),
    now: Date.now(),
    queries,
    user: null,
    sessionId: null,
  };
}

export function portalContext(): MiddlewareHandler<PortalEnv> {
  return async (c, next) => {
    if (!c.get("portal")) c.set("portal", makePortal(c.env, c.req.raw));
    await next();
    const queries = c.get("portal").queries;
    if (queries) c.header("x-d1-queries", String(queries.count));
  };
}

/**
 * Caches the public, visitor-independent pages (home, catalog, program and partner pages) in
 * the Cloudflare data centre that served them, through the Workers Cache API, for as long as
 * their own `Cache-Control: public, max-age=…` says (60 s): a popular catalog page then costs
 * no rendering and no D1 query. Only anonymous GETs are cached, keyed by the full URL (language
 * and filters included). A request with `Cache-Control: no-cache` (a hard reload) bypasses it.
 */
import type { MiddlewareHandler } from "hono";

const CACHEABLE = /^\/(zh|en)(\/|\/programs(\/[a-z0-9-]+)?|\/partners(\/[a-z0-9-]+)?)$/;

export function publicPageCache(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const request = c.req.raw;
    const eligible =
      request.method === "GET" && CACHEABLE.test(url.pathname) && !request.headers.has("cookie") && !/no-cache/i.test(request.headers.get("cache-control") ?? "");
    if (!eligible) return next();
    const cache = await caches.open("pages");
    const key = new Request(url.toString(), { method: "GET" });
    const hit = await cache.match(key);
    if (hit) {
      const response = new Response(hit.body, hit);
      response.headers.set("x-cache", "hit");
      return response;
    }
    await next();
    if (c.res.status !== 200 || !/\bpublic\b/.test(c.res.headers.get("cache-control") ?? "") || c.res.headers.has("set-cookie")) return;
    const response = new Response(c.res.body, c.res);
    response.headers.set("x-cache", "miss");
    // Clone before handing the response to Hono, which re-wraps (and so consumes) its body.
    const copy = response.clone();
    c.res = response;
    c.executionCtx.waitUntil(cache.put(key, copy));
  };
}

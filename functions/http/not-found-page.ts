/**
 * Gives every HTML 404 a real page. Pages answer an unknown language or record with an empty 404,
 * and Astro answers unmatched paths the same way; this swaps in the prerendered bilingual 404
 * page from static assets. A 404 that already carries HTML (a localized "no such program") is kept.
 */
import type { MiddlewareHandler } from "hono";

export function notFoundPage(): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    await next();
    if (c.res.status !== 404 || (c.res.headers.get("content-type") ?? "").startsWith("text/html")) return;
    const page = await c.env.ASSETS.fetch(new URL("/404.html", c.req.url));
    if (!page.ok) return;
    c.res = new Response(page.body, { status: 404, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
  };
}

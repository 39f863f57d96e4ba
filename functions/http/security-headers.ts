/**
 * Security headers for everything the Worker answers. Static files get the same set from
 * public/_headers (a prerendered page is served before the Worker runs). The CSP here is for
 * JSON and for pages that carry no CSP of their own; Astro's `security.csp` adds script and style
 * hashes to each page, and `frame-ancestors` (which a <meta> CSP cannot carry) comes from here.
 */
import type { MiddlewareHandler } from "hono";

export const SECURITY_HEADERS: Record<string, string> = {
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "cross-origin-opener-policy": "same-origin",
};

/** Applies to every response; a page's own CSP (from Astro) is kept and given frame-ancestors. */
export const BASE_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // Responses from fetch() or the assets binding have immutable headers.
    try {
      c.res.headers.set("x-content-type-options", "nosniff");
    } catch {
      c.res = new Response(c.res.body, c.res);
    }
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!headers.has(name)) headers.set(name, value);
    }
    const csp = headers.get("content-security-policy");
    if (!csp) headers.set("content-security-policy", BASE_CSP);
    else if (!csp.includes("frame-ancestors")) headers.set("content-security-policy", `${csp.replace(/[;\s]+$/, "")}; frame-ancestors 'none'`);
  };
}

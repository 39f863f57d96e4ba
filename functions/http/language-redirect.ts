/**
 * `/` sends the visitor to `/zh/` or `/en/` by Accept-Language. Never cached by shared caches,
 * since the answer depends on the header (Vary).
 */
import type { Handler } from "hono";
import { prefixFromAcceptLanguage } from "../domain/locale.ts";

export function languageRedirect(): Handler {
  return (c) => {
    const prefix = prefixFromAcceptLanguage(c.req.header("accept-language") ?? null);
    return new Response(null, { status: 302, headers: { location: `/${prefix}/`, vary: "Accept-Language", "cache-control": "private, max-age=0" } });
  };
}

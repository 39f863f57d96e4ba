/**
 * The Worker: one Hono app in front of everything that static assets did not answer.
 *
 *   security headers → cf() (assets, Astro's Cloudflare setup) → /api/v1 (JSON)
 *   → portal context → session → CSRF check → `/` language redirect → 404 page
 *   → edge cache of public pages → Astro: middleware() (permissions) → i18n() → pages()
 *
 * `i18n()` must come before `pages()`: pages() ends the chain and i18n() works on the way back.
 * `scheduled()` runs the cron: expire unconfirmed proposals, deliver the outbox.
 */
import { cf } from "@astrojs/cloudflare/hono";
import { getFetchState, i18n, middleware, pages } from "astro/hono";
import { Hono } from "hono";
import { createApi } from "./api/app.ts";
import { deliverOutbox, expireProposals, forgetRosterPreviews } from "./flows/scheduled-jobs.ts";
import { portalConfig } from "./config.ts";
import { type PortalEnv, portalContext } from "./http/context.ts";
import { csrfGuard } from "./http/csrf.ts";
import { sessionContext } from "./http/session.ts";
import { languageRedirect } from "./http/language-redirect.ts";
import { notFoundPage } from "./http/not-found-page.ts";
import { publicPageCache } from "./http/page-cache.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { database } from "./db/client.ts";

const app = new Hono<PortalEnv>();
app.use(securityHeaders());
app.use(cf());
// The API brings its own context, session, CSRF and permission middleware (it also runs alone in tests).
app.route("/api/v1", createApi());
app.use(portalContext());
app.use(sessionContext());
app.use(csrfGuard());
app.get("/", languageRedirect());
app.use(notFoundPage());
app.use(publicPageCache());
app.use(async (c, next) => {
  getFetchState(c).locals.portal = c.var.portal;
  await next();
});
app.use(middleware());
app.use(i18n());
app.use(pages());

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    const db = database(env.DB);
    const now = Date.now();
    ctx.waitUntil(
      (async () => {
        await expireProposals(db, now);
        await forgetRosterPreviews(db, now);
        await deliverOutbox(db, env, portalConfig(env), now);
      })(),
    );
  },
} satisfies ExportedHandler<Env>;

/**
 * The portal's configuration, read once per request from the Worker's vars and secrets
 * (wrangler.toml `[vars]`, `wrangler secret put`, locally `.dev.vars`).
 */
import type { Locale } from "./domain/locale.ts";

/** What every page shows (header, footer): safe to read while prerendering, needs no secret. */
export interface SiteConfig {
  college: Record<Locale, string>;
  office: { email: string; phone: string; address: Record<Locale, string> };
}

export function siteConfig(env: Env): SiteConfig {
  return {
    college: { "zh-CN": env.COLLEGE_NAME_ZH, en: env.COLLEGE_NAME_EN },
    office: { email: env.OFFICE_EMAIL, phone: env.OFFICE_PHONE, address: { "zh-CN": env.OFFICE_ADDRESS_ZH, en: env.OFFICE_ADDRESS_EN } },
  };
}

export interface PortalConfig extends SiteConfig {
  publicOrigin: string;
  staffNotifyEmail: string;
  mailFrom: string;
  turnstile: { siteKey: string; secret: string; timeoutMs: number };
  tokenSecret: string;
  devOutbox: boolean;
  countQueries: boolean;
}

export function portalConfig(env: Env): PortalConfig {
  if (!env.TOKEN_SECRET || env.TOKEN_SECRET.length < 32) {
    // Without it no private link can be made; fail loudly rather than mint guessable links.
    throw new Error("TOKEN_SECRET is missing or shorter than 32 characters (see README: Configuration)");
  }
  return {
    ...siteConfig(env),
    publicOrigin: env.PUBLIC_ORIGIN.replace(/\/$/, ""),
    staffNotifyEmail: env.STAFF_NOTIFY_EMAIL,
    mailFrom: env.MAIL_FROM,
    turnstile: {
      siteKey: env.TURNSTILE_SITE_KEY,
      secret: env.TURNSTILE_SECRET_KEY ?? "",
      timeoutMs: Number.parseInt(env.TURNSTILE_TIMEOUT_MS, 10) || 3000,
    },
    tokenSecret: env.TOKEN_SECRET,
    devOutbox: env.DEV_OUTBOX === "on",
    countQueries: env.COUNT_QUERIES === "on",
  };
}

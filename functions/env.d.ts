// Secrets and optional bindings that `wrangler types` cannot see in wrangler.toml.
interface Env {
  /** HMAC key for private links; 32+ random characters. */
  TOKEN_SECRET: string;
  TURNSTILE_SECRET_KEY?: string;
  /** "on" adds an x-d1-queries header (benchmark only). */
  COUNT_QUERIES?: string;
  /** One-time secret for /setup, which creates the first administrator. */
  SETUP_TOKEN?: string;
  /** Cloudflare Email Routing `send_email` binding; absent locally, where the outbox is shown instead. */
  EMAIL?: SendEmail;
}
declare namespace Cloudflare {
  interface Env {
    TOKEN_SECRET: string;
    TURNSTILE_SECRET_KEY?: string;
    COUNT_QUERIES?: string;
    SETUP_TOKEN?: string;
    EMAIL?: SendEmail;
  }
}

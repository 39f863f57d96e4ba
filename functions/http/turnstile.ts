/**
 * Server-side Turnstile verification. Cloudflare's documented test secrets are decided here,
 * without the network, so local development and tests never call out; any other secret is
 * checked with siteverify under a timeout.
 *
 * The outcome is three-way on purpose: `unavailable` (siteverify down or slow) is not the
 * visitor's fault, so the proposal is kept and confirmed by email instead of being refused.
 */
export type TurnstileOutcome = "passed" | "failed" | "unavailable";

export const SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** Cloudflare's test secret keys: always passes, always fails, token already spent. */
const TEST_SECRETS: Record<string, TurnstileOutcome> = {
  "1x0000000000000000000000000000000AA": "passed",
  "2x0000000000000000000000000000000AA": "failed",
  "3x0000000000000000000000000000000AA": "failed",
};

export interface TurnstileCheck {
  secret: string;
  token: string;
  remoteIp: string | null;
  idempotencyKey: string;
  timeoutMs: number;
}

export async function verifyTurnstile(check: TurnstileCheck, fetcher: typeof fetch = fetch): Promise<TurnstileOutcome> {
  const decided = TEST_SECRETS[check.secret];
  if (decided) return decided;
  const body = new FormData();
  body.set("secret", check.secret);
  body.set("response", check.token);
  if (check.remoteIp) body.set("remoteip", check.remoteIp);
  // Lets siteverify recognise our own retry of the same token.
  body.set("idempotency_key", check.idempotencyKey.slice(0, 36));
  const deadline = AbortSignal.timeout(check.timeoutMs);
  const ask = async (): Promise<TurnstileOutcome> => {
    const response = await fetcher(SITEVERIFY_URL, { method: "POST", body, signal: deadline });
    if (!response.ok) return "unavailable";
    const result: unknown = await response.json();
    return typeof result === "object" && result !== null && "success" in result && result.success === true ? "passed" : "failed";
  };
  // The deadline holds on its own, not only through the signal: a fetcher that ignores it (or
  // a body that stalls) must not keep the visitor's proposal waiting.
  const late = new Promise<TurnstileOutcome>((resolve) => deadline.addEventListener("abort", () => resolve("unavailable"), { once: true }));
  try {
    return await Promise.race([ask(), late]);
  } catch {
    return "unavailable";
  }
}

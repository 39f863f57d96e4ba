// Server-side Turnstile with a real (non-test) secret: siteverify is stubbed through the intake
// flow's `fetcher`, so no test touches the network.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { portalConfig, type PortalConfig } from "../../functions/config.ts";
import { submitProposal } from "../../functions/flows/proposal-intake.ts";
import { AppError } from "../../functions/http/app-error.ts";
import { SITEVERIFY_URL } from "../../functions/http/turnstile.ts";
import { countRows, intakeContext, outboxFor, rows, submitMeta, uniqueIp, validProposal } from "./helpers.ts";

/** A configuration whose secret is not one of Cloudflare's test secrets, so siteverify is asked. */
function liveConfig(timeoutMs = 3000): PortalConfig {
  const config = portalConfig(env);
  return { ...config, turnstile: { ...config.turnstile, secret: "0x4AAAAAAAtest-not-a-test-secret", timeoutMs } };
}

interface SiteverifyCall {
  url: string;
  form: Record<string, string>;
}

/** A siteverify stand-in that records what it was sent and answers `success`. */
function siteverify(success: boolean, calls: SiteverifyCall[] = []): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const form = await request.formData();
    calls.push({ url: request.url, form: Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])) });
    return Response.json(success ? { success: true, "error-codes": [] } : { success: false, "error-codes": ["invalid-input-response"] });
  }) as typeof fetch;
}

async function stored(email: string) {
  return rows<{ status: string; confirmed_via: string | null; expires_at: number | null }>("select status, confirmed_via, expires_at from proposals where contact_email = ?", email);
}

describe("Turnstile verification", () => {
  it("submits a proposal straight away when siteverify vouches for the sender", async () => {
    const calls: SiteverifyCall[] = [];
    const ip = uniqueIp();
    const meta = submitMeta({ turnstileToken: "token-from-the-widget" });
    const body = validProposal();

    const result = await submitProposal(intakeContext({ config: liveConfig(), clientIp: ip, fetcher: siteverify(true, calls) }), body, meta);

    expect(result).toMatchObject({ status: "submitted", confirmation: "not-needed", replayed: false });
    expect(await stored(String(body["contactEmail"]))).toEqual([{ status: "submitted", confirmed_via: "turnstile", expires_at: null }]);
    expect((await outboxFor(String(body["contactEmail"]))).map((m) => m.kind)).toEqual(["proposal-received"]);
  });

  it("sends siteverify our secret, the visitor's token and the visitor's address", async () => {
    const calls: SiteverifyCall[] = [];
    const ip = uniqueIp();
    const meta = submitMeta({ turnstileToken: "token-from-the-widget" });

    await submitProposal(intakeContext({ config: liveConfig(), clientIp: ip, fetcher: siteverify(true, calls) }), validProposal(), meta);

    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(SITEVERIFY_URL);
    expect(calls[0]?.form).toMatchObject({ secret: "0x4AAAAAAAtest-not-a-test-secret", response: "token-from-the-widget", remoteip: ip });
    expect(calls[0]?.form["idempotency_key"]).toBe(meta.idempotencyKey.slice(0, 36));
  });

  it("refuses a proposal siteverify rejects, with turnstile_failed (HTTP 400), and stores nothing", async () => {
    const body = validProposal();
    const before = await countRows("proposals");
    const outboxBefore = await countRows("outbox");

    const attempt = submitProposal(intakeContext({ config: liveConfig(), fetcher: siteverify(false) }), body, submitMeta({ turnstileToken: "a-bot-token" }));

    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "turnstile_failed", status: 400 });
    expect((error as AppError).fields).toEqual([{ field: "turnstile", code: "turnstile_failed" }]);
    expect(await countRows("proposals")).toBe(before);
    expect(await countRows("outbox")).toBe(outboxBefore);
  });

  it("keeps the proposal for email confirmation when siteverify does not answer in time", async () => {
    const body = validProposal();
    let signalled: AbortSignal | undefined;
    const hanging = ((_input: RequestInfo | URL, init?: RequestInit) => {
      signalled = init?.signal ?? undefined;
      return new Promise<Response>(() => {});
    }) as typeof fetch;

    const started = Date.now();
    const result = await submitProposal(intakeContext({ config: liveConfig(50), fetcher: hanging }), body, submitMeta({ turnstileToken: "token-from-the-widget" }));

    expect(signalled).toBeDefined();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ status: "unconfirmed", confirmation: "sent" });
    const [row] = await stored(String(body["contactEmail"]));
    expect(row).toMatchObject({ status: "unconfirmed", confirmed_via: null });
    expect((await outboxFor(String(body["contactEmail"]))).map((m) => m.kind)).toEqual(["proposal-confirm"]);
  });

  it("keeps the proposal for email confirmation when siteverify is down", async () => {
    const body = validProposal();
    const down = (async () => new Response("upstream error", { status: 502 })) as typeof fetch;

    const result = await submitProposal(intakeContext({ config: liveConfig(), fetcher: down }), body, submitMeta({ turnstileToken: "token-from-the-widget" }));

    expect(result.status).toBe("unconfirmed");
    expect(await stored(String(body["contactEmail"]))).toEqual([expect.objectContaining({ status: "unconfirmed", confirmed_via: null })]);
  });

  it("does not ask siteverify about a form whose hidden bot field was filled in, and asks for email confirmation", async () => {
    const calls: SiteverifyCall[] = [];
    const body = validProposal();

    const result = await submitProposal(
      intakeContext({ config: liveConfig(), fetcher: siteverify(true, calls) }),
      body,
      submitMeta({ turnstileToken: "token-from-the-widget", honeypotFilled: true }),
    );

    expect(calls).toHaveLength(0);
    expect(result).toMatchObject({ status: "unconfirmed", confirmation: "sent" });
  });
});

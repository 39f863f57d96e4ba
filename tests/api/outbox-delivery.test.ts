import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { portalConfig } from "../../functions/config.ts";
import { database } from "../../functions/db/client.ts";
import { deliverOutbox } from "../../functions/flows/scheduled-jobs.ts";
import { postProposal, validProposal } from "./helpers.ts";

// EmailMessage keeps its MIME body to itself, so the fake records envelopes; the MIME text is
// covered by tests/unit/mime-message.test.ts.
interface Sent {
  from: string;
  to: string;
}

/** A stand-in for the send_email binding that keeps what it was given, or refuses. */
function fakeEmailBinding(sent: Sent[], refuse = false): SendEmail {
  const send = async (message: EmailMessage | EmailMessageBuilder): Promise<EmailSendResult> => {
    if (refuse) throw new Error("destination address not verified");
    if (!("to" in message) || typeof message.to !== "string") throw new Error("expected an EmailMessage");
    sent.push({ from: String(message.from), to: message.to });
    return { messageId: `<fake-${sent.length}@example.cn>` };
  };
  return { send };
}

async function pendingCount(): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL").first<{ n: number }>();
  return row?.n ?? 0;
}

describe("delivering the outbox", () => {
  it("sends each waiting email once from the configured sender, and marks it sent", async () => {
    const email = "delivery@example.cn";
    const res = await postProposal(validProposal({ contactEmail: email, turnstileToken: "XXXX.DUMMY.TOKEN.XXXX" }));
    expect(res.status).toBe(201);
    const waiting = await pendingCount();
    expect(waiting).toBeGreaterThanOrEqual(2);

    const sent: Sent[] = [];
    const db = database(env.DB);
    const result = await deliverOutbox(db, { ...env, EMAIL: fakeEmailBinding(sent) }, portalConfig(env), Date.now());
    expect(result).toEqual({ sent: waiting, failed: 0 });
    expect(await pendingCount()).toBe(0);
    expect(sent.filter((m) => m.to === email)).toHaveLength(1);
    expect(sent.every((m) => m.from === env.MAIL_FROM)).toBe(true);

    const again = await deliverOutbox(db, { ...env, EMAIL: fakeEmailBinding(sent) }, portalConfig(env), Date.now());
    expect(again).toEqual({ sent: 0, failed: 0 });
  });

  it("keeps an email that could not be sent, with the error, for the next run", async () => {
    await postProposal(validProposal());
    const db = database(env.DB);
    const result = await deliverOutbox(db, { ...env, EMAIL: fakeEmailBinding([], true) }, portalConfig(env), Date.now());
    expect(result.failed).toBeGreaterThan(0);
    const row = await env.DB.prepare("SELECT attempts, last_error FROM outbox WHERE sent_at IS NULL ORDER BY id DESC LIMIT 1").first<{ attempts: number; last_error: string }>();
    expect(row?.attempts).toBe(1);
    expect(row?.last_error).toContain("not verified");
  });

  it("leaves the outbox alone where no send_email binding is configured (local development)", async () => {
    await postProposal(validProposal());
    const before = await pendingCount();
    const result = await deliverOutbox(database(env.DB), env, portalConfig(env), Date.now());
    expect(result).toEqual({ sent: 0, failed: 0 });
    expect(await pendingCount()).toBe(before);
  });
});

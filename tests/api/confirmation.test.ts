// The email path for proposals sent without Turnstile: confirm through the emailed link,
// withdraw through the status link, the daily cap on confirmation emails, and resending links.
import { describe, expect, it } from "vitest";
import {
  CONFIRMATIONS_PER_DAY,
  confirmProposal,
  proposalStatus,
  resendStatusLinks,
  withdrawProposal,
} from "../../functions/flows/proposal-intake.ts";
import { AppError } from "../../functions/http/app-error.ts";
import {
  CONFIRM_LINK,
  intakeContext,
  outboxFor,
  postProposal,
  type Receipt,
  rows,
  tokenOf,
  uniqueEmail,
  validProposal,
} from "./helpers.ts";

const STATUS_URL_TOKEN = /\/proposals\/([A-Za-z0-9_-]{43})$/;

/** Submits without a Turnstile token, as a visitor without JavaScript does. */
async function submitUnconfirmed(email = uniqueEmail()) {
  const res = await postProposal(validProposal({ contactEmail: email }));
  expect(res.status).toBe(201);
  return { email, receipt: await res.json<Receipt>() };
}

async function confirmLinkToken(email: string): Promise<string> {
  const mails = await outboxFor(email);
  const confirm = mails.find((m) => m.kind === "proposal-confirm");
  if (!confirm) throw new Error(`no confirmation email to ${email}`);
  return tokenOf(confirm.body_text, CONFIRM_LINK);
}

async function proposalRow(reference: string) {
  const [row] = await rows<{ id: number; status: string; confirmed_via: string | null; expires_at: number | null }>(
    "select id, status, confirmed_via, expires_at from proposals where reference = ?",
    reference,
  );
  if (!row) throw new Error(`no proposal ${reference}`);
  return row;
}

function staffEmailsAbout(reference: string) {
  return rows("select id from outbox where kind = 'staff-proposal-submitted' and instr(subject || body_text, ?) > 0", reference);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

describe("confirming a proposal by email", () => {
  it("submits an unconfirmed proposal when its contact follows the emailed link, and tells the staff", async () => {
    const { email, receipt } = await submitUnconfirmed();
    expect(receipt.status).toBe("unconfirmed");
    expect(await staffEmailsAbout(receipt.reference)).toHaveLength(0);
    const token = await confirmLinkToken(email);
    const ctx = intakeContext();

    const outcome = await confirmProposal(ctx, token);

    expect(outcome).toEqual({ result: "confirmed", reference: receipt.reference });
    const row = await proposalRow(receipt.reference);
    expect(row).toMatchObject({ status: "submitted", confirmed_via: "email", expires_at: null });
    expect(await staffEmailsAbout(receipt.reference)).toHaveLength(1);
    const events = await rows("select from_status, to_status, actor from proposal_events where proposal_id = ? order by id", row.id);
    expect(events).toEqual([
      { from_status: null, to_status: "unconfirmed", actor: "enterprise" },
      { from_status: "unconfirmed", to_status: "submitted", actor: "enterprise" },
    ]);
    const view = await proposalStatus(ctx, tokenOf(receipt.statusUrl, STATUS_URL_TOKEN));
    expect(view?.status).toBe("submitted");
  });

  it("says a second click on the confirmation link is not needed, and notifies the staff only once", async () => {
    const { email, receipt } = await submitUnconfirmed();
    const token = await confirmLinkToken(email);
    await confirmProposal(intakeContext(), token);

    const again = await confirmProposal(intakeContext(), token);

    expect(again).toEqual({ result: "not-needed", reference: receipt.reference, status: "submitted" });
    expect(await staffEmailsAbout(receipt.reference)).toHaveLength(1);
  });

  it("confirms nothing with a forged link", async () => {
    const forged = "A".repeat(43);
    expect(await confirmProposal(intakeContext(), forged)).toEqual({ result: "invalid" });
    const { email, receipt } = await submitUnconfirmed();
    const real = await confirmLinkToken(email);
    const tampered = (real[0] === "A" ? "B" : "A") + real.slice(1);
    expect(await confirmProposal(intakeContext(), tampered)).toEqual({ result: "invalid" });
    expect((await proposalRow(receipt.reference)).status).toBe("unconfirmed");
  });

  it("confirms only once when the link is followed twice at the same moment", async () => {
    const { email, receipt } = await submitUnconfirmed();
    const token = await confirmLinkToken(email);

    const outcomes = await Promise.all([confirmProposal(intakeContext(), token), confirmProposal(intakeContext(), token)]);

    expect(outcomes.map((o) => o.result).sort()).toEqual(["confirmed", "not-needed"]);
    expect(await staffEmailsAbout(receipt.reference)).toHaveLength(1);
    const row = await proposalRow(receipt.reference);
    expect(await rows("select id from proposal_events where proposal_id = ?", row.id)).toHaveLength(2);
  });
});

describe("withdrawing a proposal", () => {
  it("withdraws a proposal through its status link, once", async () => {
    const { receipt } = await submitUnconfirmed();
    const statusToken = tokenOf(receipt.statusUrl, STATUS_URL_TOKEN);

    const view = await withdrawProposal(intakeContext(), statusToken);

    expect(view.status).toBe("withdrawn");
    expect(view.reference).toBe(receipt.reference);
    const row = await proposalRow(receipt.reference);
    expect(row).toMatchObject({ status: "withdrawn", expires_at: null });
    const [last] = await rows("select from_status, to_status, actor from proposal_events where proposal_id = ? order by id desc limit 1", row.id);
    expect(last).toEqual({ from_status: "unconfirmed", to_status: "withdrawn", actor: "enterprise" });

    const again = await failure(withdrawProposal(intakeContext(), statusToken));
    expect(again).toBeInstanceOf(AppError);
    expect(again).toMatchObject({ code: "transition_not_allowed", status: 409 });
  });

  it("withdraws a submitted proposal too, and then its confirmation link confirms nothing", async () => {
    const { email, receipt } = await submitUnconfirmed();
    const confirmToken = await confirmLinkToken(email);
    await confirmProposal(intakeContext(), confirmToken);

    await withdrawProposal(intakeContext(), tokenOf(receipt.statusUrl, STATUS_URL_TOKEN));

    expect((await proposalRow(receipt.reference)).status).toBe("withdrawn");
    expect(await confirmProposal(intakeContext(), confirmToken)).toEqual({ result: "not-needed", reference: receipt.reference, status: "withdrawn" });
  });

  it("finds nothing to withdraw behind a forged status link", async () => {
    const error = await failure(withdrawProposal(intakeContext(), "B".repeat(43)));
    expect(error).toMatchObject({ code: "not_found", status: 404 });
  });
});

describe("the daily cap on confirmation emails", () => {
  it(`still stores a ${CONFIRMATIONS_PER_DAY + 1}th unconfirmed proposal from one address in a day, without another email`, async () => {
    const email = uniqueEmail("busy");
    for (let i = 0; i < CONFIRMATIONS_PER_DAY; i++) {
      const { receipt } = await submitUnconfirmed(email);
      expect(receipt.confirmation).toBe("sent");
    }

    const { receipt } = await submitUnconfirmed(email);

    expect(receipt).toMatchObject({ status: "unconfirmed", confirmation: "limited" });
    expect((await proposalRow(receipt.reference)).status).toBe("unconfirmed");
    expect(await rows("select id from proposals where contact_email = ?", email)).toHaveLength(CONFIRMATIONS_PER_DAY + 1);
    expect((await outboxFor(email)).filter((m) => m.kind === "proposal-confirm")).toHaveLength(CONFIRMATIONS_PER_DAY);
  });
});

describe("resending status links", () => {
  it("mails one message listing every proposal made with a known address", async () => {
    const email = uniqueEmail("forgetful");
    const first = await submitUnconfirmed(email);
    const second = await submitUnconfirmed(email);

    const answer = await resendStatusLinks(intakeContext(), email, "en");

    expect(answer).toBeUndefined();
    const links = (await outboxFor(email)).filter((m) => m.kind === "proposal-status-link");
    expect(links).toHaveLength(1);
    const body = links[0]?.body_text ?? "";
    for (const { receipt } of [first, second]) {
      expect(body).toContain(receipt.reference);
      // The same private link the submitter was shown, in the language asked for.
      expect(body).toContain(receipt.statusUrl.replace("/zh/", "/en/"));
    }
    // Both are still unconfirmed, so each line carries its confirmation link as well.
    expect(body.match(new RegExp(CONFIRM_LINK.source, "g"))).toHaveLength(2);
  });

  it("answers the same for an address it does not know, and mails nothing", async () => {
    const unknown = uniqueEmail("stranger");
    const before = await rows("select count(*) as n from outbox");

    const answer = await resendStatusLinks(intakeContext(), unknown, "zh-CN");

    expect(answer).toBeUndefined();
    expect(await outboxFor(unknown)).toHaveLength(0);
    expect(await rows("select count(*) as n from outbox")).toEqual(before);
  });

  it("finds the proposals of an address typed in full-width capitals", async () => {
    const email = uniqueEmail("wide");
    await submitUnconfirmed(email);
    const typed = email.toUpperCase().replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

    await resendStatusLinks(intakeContext(), typed, "zh-CN");

    expect((await outboxFor(email)).filter((m) => m.kind === "proposal-status-link")).toHaveLength(1);
  });

  it("refuses something that is not an email address", async () => {
    const error = await failure(resendStatusLinks(intakeContext(), "not an address", "en"));
    expect(error).toMatchObject({ code: "validation", fields: [{ field: "email", code: "invalid_email" }] });
  });
});

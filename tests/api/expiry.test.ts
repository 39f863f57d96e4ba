// Unconfirmed proposals lapse 14 days after they arrive. Driven through the flows with an
// explicit clock (`now`), not fake timers: workerd's clock and D1 stay real.
import { describe, expect, it } from "vitest";
import { confirmationTarget, confirmProposal, proposalStatus, submitProposal } from "../../functions/flows/proposal-intake.ts";
import { expireProposals } from "../../functions/flows/scheduled-jobs.ts";
import { UNCONFIRMED_LIFETIME_MS } from "../../functions/domain/proposal-status.ts";
import { CONFIRM_LINK, intakeContext, outboxFor, rows, submitMeta, tokenOf, validProposal } from "./helpers.ts";

const DAY = 24 * 60 * 60 * 1000;

/** Submits without Turnstile at `t0`; returns the private tokens from the receipt and the email. */
async function unconfirmedAt(t0: number) {
  const body = validProposal();
  const ctx = intakeContext({ now: t0 });
  const result = await submitProposal(ctx, body, submitMeta());
  expect(result.status).toBe("unconfirmed");
  const email = String(body["contactEmail"]);
  const [mail] = (await outboxFor(email)).filter((m) => m.kind === "proposal-confirm");
  if (!mail) throw new Error("no confirmation email");
  return { ctx, result, email, confirmToken: tokenOf(mail.body_text, CONFIRM_LINK) };
}

async function row(reference: string) {
  const [found] = await rows<{ id: number; status: string; expires_at: number | null; updated_at: number }>(
    "select id, status, expires_at, updated_at from proposals where reference = ?",
    reference,
  );
  if (!found) throw new Error(`no proposal ${reference}`);
  return found;
}

describe("expiry of unconfirmed proposals", () => {
  it("waits fourteen days for confirmation", () => {
    expect(UNCONFIRMED_LIFETIME_MS).toBe(14 * DAY);
  });

  it("shows a proposal as unconfirmed until the last millisecond of its fourteen days, then as expired", async () => {
    const t0 = Date.UTC(2026, 9, 1, 2, 0, 0);
    const { ctx, result } = await unconfirmedAt(t0);
    expect((await row(result.reference)).expires_at).toBe(t0 + 14 * DAY);

    const justBefore = await proposalStatus({ db: ctx.db, now: t0 + 14 * DAY - 1 }, result.statusToken);
    const atExpiry = await proposalStatus({ db: ctx.db, now: t0 + 14 * DAY }, result.statusToken);

    expect(justBefore?.status).toBe("unconfirmed");
    expect(atExpiry?.status).toBe("expired");
    // Shown as expired before the cron runs; the row itself is untouched until then.
    expect((await row(result.reference)).status).toBe("unconfirmed");
  });

  it("still confirms a proposal on its last day", async () => {
    const t0 = Date.UTC(2026, 9, 2, 2, 0, 0);
    const { ctx, result, confirmToken } = await unconfirmedAt(t0);

    const outcome = await confirmProposal({ ...ctx, now: t0 + 14 * DAY - 1 }, confirmToken);

    expect(outcome).toEqual({ result: "confirmed", reference: result.reference });
    await expireProposals(ctx.db, t0 + 30 * DAY);
    expect(await row(result.reference)).toMatchObject({ status: "submitted", expires_at: null });
  });

  it("marks lapsed proposals expired in the scheduled job, with a system event, and leaves fresh ones alone", async () => {
    const t0 = Date.UTC(2026, 9, 3, 2, 0, 0);
    const lapsed = await unconfirmedAt(t0);
    const fresh = await unconfirmedAt(t0 + 1);

    // A millisecond early the job leaves ours alone (and sweeps whatever earlier tests left).
    await expireProposals(lapsed.ctx.db, t0 + 14 * DAY - 1);
    expect((await row(lapsed.result.reference)).status).toBe("unconfirmed");

    const expired = await expireProposals(lapsed.ctx.db, t0 + 14 * DAY);

    expect(expired).toBe(1);
    const lapsedRow = await row(lapsed.result.reference);
    expect(lapsedRow).toMatchObject({ status: "expired", expires_at: null, updated_at: t0 + 14 * DAY });
    const events = await rows("select from_status, to_status, actor, at from proposal_events where proposal_id = ? order by id", lapsedRow.id);
    expect(events).toEqual([
      { from_status: null, to_status: "unconfirmed", actor: "enterprise", at: t0 },
      { from_status: "unconfirmed", to_status: "expired", actor: "system", at: t0 + 14 * DAY },
    ]);
    expect((await row(fresh.result.reference)).status).toBe("unconfirmed");

    // Running the job again at the same time changes nothing.
    expect(await expireProposals(lapsed.ctx.db, t0 + 14 * DAY)).toBe(0);
    expect(await rows("select id from proposal_events where proposal_id = ?", lapsedRow.id)).toHaveLength(2);
  });

  it("treats the confirmation link of an expired proposal as invalid", async () => {
    const t0 = Date.UTC(2026, 9, 4, 2, 0, 0);
    const { ctx, result, confirmToken } = await unconfirmedAt(t0);
    const later = { ...ctx, now: t0 + 14 * DAY };

    // Before the cron has run: overdue counts as expired.
    expect(await confirmationTarget(later, confirmToken)).toEqual({ result: "invalid" });
    expect(await confirmProposal(later, confirmToken)).toEqual({ result: "invalid" });

    await expireProposals(ctx.db, t0 + 14 * DAY);

    expect(await confirmProposal({ ...ctx, now: t0 + 15 * DAY }, confirmToken)).toEqual({ result: "invalid" });
    expect((await row(result.reference)).status).toBe("expired");
    expect(await rows("select id from outbox where kind = 'staff-proposal-submitted' and instr(body_text, ?) > 0", result.reference)).toHaveLength(0);
  });
});

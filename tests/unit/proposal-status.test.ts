import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PROPOSAL_STATUSES,
  UNCONFIRMED_LIFETIME_MS,
  allowedEvents,
  effectiveStatus,
  isProposalStatus,
  nextStatus,
  type ProposalEvent,
  type ProposalStatus,
} from "../../functions/domain/proposal-status.ts";

const EVENTS: ProposalEvent[] = ["confirm", "expire", "withdraw"];

/** The whole machine, written out independently: [from, event, to | null]. */
const TABLE: [ProposalStatus, ProposalEvent, ProposalStatus | null][] = [
  ["unconfirmed", "confirm", "submitted"],
  ["unconfirmed", "expire", "expired"],
  ["unconfirmed", "withdraw", "withdrawn"],
  ["submitted", "confirm", null],
  ["submitted", "expire", null],
  ["submitted", "withdraw", "withdrawn"],
  ["expired", "confirm", null],
  ["expired", "expire", null],
  ["expired", "withdraw", null],
  ["withdrawn", "confirm", null],
  ["withdrawn", "expire", null],
  ["withdrawn", "withdraw", null],
];

const status = fc.constantFrom(...PROPOSAL_STATUSES);
const event = fc.constantFrom(...EVENTS);

describe("proposal state machine", () => {
  it("knows exactly the four statuses of a proposal", () => {
    expect([...PROPOSAL_STATUSES].sort()).toEqual(["expired", "submitted", "unconfirmed", "withdrawn"]);
    for (const s of PROPOSAL_STATUSES) expect(isProposalStatus(s)).toBe(true);
    for (const s of ["", "Submitted", "approved", "deleted", "unconfirmed "]) expect(isProposalStatus(s)).toBe(false);
  });

  it.each(TABLE.filter(([, , to]) => to !== null))("lets a %s proposal %s, becoming %s", (from, ev, to) => {
    expect(nextStatus(from, ev)).toEqual({ ok: true, to });
  });

  it.each(TABLE.filter(([, , to]) => to === null))("refuses to let a %s proposal %s", (from, ev) => {
    expect(nextStatus(from, ev)).toEqual({ ok: false, code: "proposal_transition_not_allowed" });
  });

  it("lets a contact confirm a proposal only while it is unconfirmed (a second click on the link does nothing)", () => {
    const first = nextStatus("unconfirmed", "confirm");
    expect(first).toEqual({ ok: true, to: "submitted" });
    expect(nextStatus("submitted", "confirm").ok).toBe(false);
  });

  it.each(["expired", "withdrawn"] as const)("accepts nothing once a proposal is %s", (terminal) => {
    expect(allowedEvents(terminal)).toEqual([]);
    for (const ev of EVENTS) expect(nextStatus(terminal, ev).ok).toBe(false);
  });

  it("shows exactly the buttons for the events a proposal still accepts", () => {
    expect([...allowedEvents("unconfirmed")].sort()).toEqual(["confirm", "expire", "withdraw"]);
    expect(allowedEvents("submitted")).toEqual(["withdraw"]);
    for (const from of PROPOSAL_STATUSES) {
      for (const ev of EVENTS) expect(allowedEvents(from).includes(ev)).toBe(nextStatus(from, ev).ok);
    }
  });

  it("never leaves the known statuses, whatever sequence of events arrives, and nothing changes after expiry or withdrawal", () => {
    fc.assert(
      fc.property(status, fc.array(event, { maxLength: 30 }), (start, events) => {
        let current: ProposalStatus = start;
        let ended = current === "expired" || current === "withdrawn";
        for (const ev of events) {
          const result = nextStatus(current, ev);
          if (ended) expect(result.ok).toBe(false);
          if (result.ok) {
            expect(PROPOSAL_STATUSES).toContain(result.to);
            expect(result.to).not.toBe(current);
            current = result.to;
          } else {
            expect(result.code).toBe("proposal_transition_not_allowed");
          }
          expect(isProposalStatus(current)).toBe(true);
          ended ||= current === "expired" || current === "withdrawn";
        }
      }),
    );
  });

  it("never brings a proposal back to unconfirmed", () => {
    fc.assert(
      fc.property(status, event, (from, ev) => {
        const result = nextStatus(from, ev);
        return !result.ok || result.to !== "unconfirmed";
      }),
    );
  });
});

describe("effective status (an overdue proposal counts as expired before the cron runs)", () => {
  const createdAt = Date.UTC(2026, 2, 1, 8, 0, 0);
  const expiresAt = createdAt + UNCONFIRMED_LIFETIME_MS;

  it("gives an unconfirmed proposal 14 days", () => {
    expect(UNCONFIRMED_LIFETIME_MS).toBe(14 * 24 * 3600 * 1000);
    expect(new Date(expiresAt).toISOString()).toBe("2026-03-15T08:00:00.000Z");
  });

  it("keeps an unconfirmed proposal unconfirmed until the last millisecond", () => {
    expect(effectiveStatus("unconfirmed", expiresAt, createdAt)).toBe("unconfirmed");
    expect(effectiveStatus("unconfirmed", expiresAt, expiresAt - 1)).toBe("unconfirmed");
  });

  it("treats an unconfirmed proposal as expired exactly at expiresAt and after", () => {
    expect(effectiveStatus("unconfirmed", expiresAt, expiresAt)).toBe("expired");
    expect(effectiveStatus("unconfirmed", expiresAt, expiresAt + 1)).toBe("expired");
    expect(effectiveStatus("unconfirmed", expiresAt, expiresAt + 365 * 24 * 3600 * 1000)).toBe("expired");
  });

  it("leaves a confirmed, withdrawn or already-expired proposal alone, however late it is", () => {
    for (const s of ["submitted", "withdrawn", "expired"] as const) {
      expect(effectiveStatus(s, expiresAt, expiresAt + 1)).toBe(s);
      expect(effectiveStatus(s, null, expiresAt + 1)).toBe(s);
    }
  });

  it("never expires an unconfirmed proposal that has no deadline", () => {
    expect(effectiveStatus("unconfirmed", null, Number.MAX_SAFE_INTEGER)).toBe("unconfirmed");
  });

  it("changes only an overdue unconfirmed proposal, and only to expired", () => {
    fc.assert(
      fc.property(status, fc.option(fc.integer({ min: 0, max: 4e12 }), { nil: null }), fc.integer({ min: 0, max: 4e12 }), (s, deadline, now) => {
        const effective = effectiveStatus(s, deadline, now);
        const overdue = s === "unconfirmed" && deadline !== null && now >= deadline;
        expect(effective).toBe(overdue ? "expired" : s);
      }),
    );
  });
});

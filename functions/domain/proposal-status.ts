/**
 * The life of a cooperation proposal, as a pure state machine.
 *
 *   unconfirmed ──confirm──► submitted ──withdraw──► withdrawn
 *        │  └──────────────withdraw──────────────────▲
 *        └──expire (14 days)──► expired
 *
 * A proposal arrives `submitted` when Turnstile vouched for the sender, otherwise `unconfirmed`
 * until the contact follows the emailed link. Review states join this machine with staff accounts.
 */
export const PROPOSAL_STATUSES = ["unconfirmed", "submitted", "expired", "withdrawn"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export type ProposalEvent = "confirm" | "expire" | "withdraw";

/** How long an unconfirmed proposal waits for its contact to confirm it. */
export const UNCONFIRMED_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

const TRANSITIONS: Record<ProposalStatus, Partial<Record<ProposalEvent, ProposalStatus>>> = {
  unconfirmed: { confirm: "submitted", expire: "expired", withdraw: "withdrawn" },
  submitted: { withdraw: "withdrawn" },
  expired: {},
  withdrawn: {},
};

export type TransitionResult = { ok: true; to: ProposalStatus } | { ok: false; code: "proposal_transition_not_allowed" };

export function nextStatus(from: ProposalStatus, event: ProposalEvent): TransitionResult {
  const to = TRANSITIONS[from][event];
  return to ? { ok: true, to } : { ok: false, code: "proposal_transition_not_allowed" };
}

/** The events a proposal in this state still accepts (drives which buttons a page shows). */
export function allowedEvents(from: ProposalStatus): ProposalEvent[] {
  return Object.keys(TRANSITIONS[from]) as ProposalEvent[];
}

/** An unconfirmed proposal whose time ran out counts as expired even before the cron catches it. */
export function effectiveStatus(status: ProposalStatus, expiresAt: number | null, now: number): ProposalStatus {
  return status === "unconfirmed" && expiresAt !== null && now >= expiresAt ? "expired" : status;
}

export function isProposalStatus(value: string): value is ProposalStatus {
  return (PROPOSAL_STATUSES as readonly string[]).includes(value);
}

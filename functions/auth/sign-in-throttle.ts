/**
 * How failed sign-ins slow down guessing, as pure rules.
 *
 * Per account (known or not, alike, so a 429 says nothing about who has an account): 10
 * failures are free; then each attempt must wait 15 minutes after the last failure, doubling
 * with every further failure (30 min, 1 h, …) up to a day. Failures older than a day are forgotten.
 *
 * Per client address, generously, since a whole campus may sign in through one address: 300
 * failures within the last 15 minutes pause it until fewer remain in that window (at most 15
 * minutes after the last failure). Only failures of the last 15 minutes count.
 */
export interface FailureCount {
  count: number;
  last: number;
}

const MINUTE = 60 * 1000;
export const ACCOUNT_WINDOW_MS = 24 * 60 * MINUTE;
export const ACCOUNT_FREE_FAILURES = 10;
const ACCOUNT_BASE_DELAY_MS = 15 * MINUTE;
export const ADDRESS_WINDOW_MS = 15 * MINUTE;
export const ADDRESS_FREE_FAILURES = 300;

export function accountKey(identifier: string): string {
  return `account:${identifier.toLowerCase()}`;
}

export function addressKey(ip: string | null): string {
  return `address:${ip ?? "unknown"}`;
}

/** Milliseconds the account must still wait, 0 when it may try now. */
export function accountWait(failures: FailureCount | undefined, now: number): number {
  if (!failures || failures.count < ACCOUNT_FREE_FAILURES) return 0;
  const delay = Math.min(ACCOUNT_BASE_DELAY_MS * 2 ** (failures.count - ACCOUNT_FREE_FAILURES), ACCOUNT_WINDOW_MS);
  return Math.max(0, failures.last + delay - now);
}

export function addressWait(failures: FailureCount | undefined, now: number): number {
  if (!failures || failures.count < ADDRESS_FREE_FAILURES) return 0;
  return Math.max(0, failures.last + ADDRESS_WINDOW_MS - now);
}

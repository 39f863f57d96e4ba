/**
 * Secrets that let someone set a password. Links (invitations, password resets) carry a long
 * random token; printed activation codes for students are short enough to type from paper
 * (10 characters from an alphabet without look-alikes: 0/O, 1/I/L), shown as XXXX-XXXX-XX, and
 * expire in 14 days. Only SHA-256 hashes are stored; codes compare case-insensitively.
 */
import { randomBase64url } from "./secret-encoding.ts";

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
export const ACTIVATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;
export const RESET_LIFETIME_MS = 60 * 60 * 1000;

const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function newLinkToken(): string {
  return randomBase64url(32);
}

/** 10 characters of 31: about 49 bits, ample for a single-use code behind a sign-in throttle. */
export function newActivationCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length] ?? "A").join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** What people type back, however they type it: case, spaces and dashes do not matter. */
export function canonicalCode(input: string): string {
  return input.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "");
}

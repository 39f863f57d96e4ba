/**
 * Private links (a proposal's status page, its email confirmation) carry a token that is an
 * HMAC of the proposal's idempotency key under the TOKEN_SECRET secret. Only the SHA-256 of a
 * token is stored, so the database alone opens no link; yet the same link can be shown again
 * when a form is submitted twice, and mailed again when the contact asks for it.
 */
import { base64url, randomBase64url } from "./secret-encoding.ts";

export type LinkPurpose = "status" | "confirm";

const encoder = new TextEncoder();

export async function linkToken(secret: string, purpose: LinkPurpose, idempotencyKey: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return base64url(await crypto.subtle.sign("HMAC", key, encoder.encode(`${purpose}:${idempotencyKey}`)));
}

/** A token as it appears in a URL: 43 base64url characters. Anything else is not looked up. */
export function isWellFormedToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** A fresh random idempotency key for a form render. */
export function newIdempotencyKey(): string {
  return randomBase64url(18);
}

export function isWellFormedIdempotencyKey(value: string): boolean {
  return /^[A-Za-z0-9_-]{16,64}$/.test(value);
}

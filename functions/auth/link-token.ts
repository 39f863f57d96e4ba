/**
 * Private links (a proposal's status page, its email confirmation) carry a token that is an
 * HMAC of the proposal's idempotency key under the TOKEN_SECRET secret. Only the SHA-256 of a
 * token is stored, so the database alone opens no link; yet the same link can be shown again
 * when a form is submitted twice, and mailed again when the contact asks for it.
 */
export type LinkPurpose = "status" | "confirm";

const encoder = new TextEncoder();

function base64url(bytes: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function linkToken(secret: string, purpose: LinkPurpose, idempotencyKey: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return base64url(await crypto.subtle.sign("HMAC", key, encoder.encode(`${purpose}:${idempotencyKey}`)));
}

export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A token as it appears in a URL: 43 base64url characters. Anything else is not looked up. */
export function isWellFormedToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** A fresh random idempotency key for a form render. */
export function newIdempotencyKey(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(18)).buffer);
}

export function isWellFormedIdempotencyKey(value: string): boolean {
  return /^[A-Za-z0-9_-]{16,64}$/.test(value);
}

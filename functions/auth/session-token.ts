/**
 * Session tokens in the style of Lucia's session guide: the cookie holds `id.secret`; the
 * database keeps the id and only the SHA-256 of the secret, compared in constant time, so a
 * leaked database opens no session. The timing rules are here, pure, so they test without a clock.
 */
import { randomBase64url } from "./secret-encoding.ts";

export const SESSION_COOKIE = "xq_session";
/** Sliding expiry: ten days after the last renewal. */
export const SESSION_LIFETIME_MS = 10 * 24 * 60 * 60 * 1000;
/** Renew at most hourly, so an active user costs one write an hour, not one per request. */
export const RENEW_INTERVAL_MS = 60 * 60 * 1000;
/** A session on a shared computer (lab, library) ends after 30 minutes without a request. */
export const SHARED_IDLE_MS = 30 * 60 * 1000;
/** …so its last-seen time is kept to the minute. */
export const SHARED_TOUCH_INTERVAL_MS = 60 * 1000;

export function newSessionToken(): { id: string; secret: string; token: string } {
  const id = randomBase64url(15);
  const secret = randomBase64url(32);
  return { id, secret, token: `${id}.${secret}` };
}

export function parseSessionToken(token: string | undefined): { id: string; secret: string } | null {
  const match = token ? /^([A-Za-z0-9_-]{20})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null;
}

/** Equal-length strings compared without an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export interface SessionTimes {
  expiresAt: number;
  lastSeenAt: number;
  sharedComputer: boolean;
}

export type SessionVerdict = { valid: false } | { valid: true; touch: SessionTimes | null };

/** Whether a session is still good at `now`, and the times to write back if it should be touched. */
export function judgeSession(session: SessionTimes, now: number): SessionVerdict {
  if (now >= session.expiresAt) return { valid: false };
  if (session.sharedComputer && now - session.lastSeenAt >= SHARED_IDLE_MS) return { valid: false };
  const interval = session.sharedComputer ? SHARED_TOUCH_INTERVAL_MS : RENEW_INTERVAL_MS;
  const touch = now - session.lastSeenAt >= interval ? { expiresAt: now + SESSION_LIFETIME_MS, lastSeenAt: now, sharedComputer: session.sharedComputer } : null;
  return { valid: true, touch };
}

/**
 * The cookie: HttpOnly, Secure, SameSite=Lax, whole site. A shared-computer session gets no
 * Max-Age, so it also ends when the browser closes.
 */
export function sessionCookie(token: string, session: { sharedComputer: boolean }): string {
  const maxAge = session.sharedComputer ? "" : `; Max-Age=${Math.floor(SESSION_LIFETIME_MS / 1000)}`;
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Lax${maxAge}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`;
}

export function readSessionCookie(cookieHeader: string | null): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return value.join("=");
  }
  return undefined;
}

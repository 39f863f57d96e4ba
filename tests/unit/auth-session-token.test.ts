import fc from "fast-check";
import { sha256Hex } from "../../functions/auth/secret-encoding.ts";
import { describe, expect, it } from "vitest";
import {
  RENEW_INTERVAL_MS,
  SESSION_COOKIE,
  SESSION_LIFETIME_MS,
  SHARED_IDLE_MS,
  SHARED_TOUCH_INTERVAL_MS,
  clearedSessionCookie,
  constantTimeEqual,
  judgeSession,
  newSessionToken,
  parseSessionToken,
  readSessionCookie,
  sessionCookie,
  type SessionTimes,
} from "../../functions/auth/session-token.ts";

const MINUTE = 60_000;
const T0 = Date.UTC(2027, 2, 1, 8, 0, 0);

function fresh(sharedComputer: boolean, at = T0): SessionTimes {
  return { expiresAt: at + SESSION_LIFETIME_MS, lastSeenAt: at, sharedComputer };
}

/** Cookie attributes, lower-cased names, as a browser would read them. */
function attributes(cookie: string): Map<string, string> {
  const [, ...parts] = cookie.split(";").map((p) => p.trim());
  return new Map(
    parts.map((p) => {
      const [name = "", ...value] = p.split("=");
      return [name.toLowerCase(), value.join("=")];
    }),
  );
}

/**
 * Replays request times against one session the way the middleware does: judge, and write the
 * touch back. Returns the times of the touches and the time the session ended (if it did).
 */
function replay(start: SessionTimes, times: number[]): { touches: number[]; endedAt: number | null; requests: { at: number; touched: boolean }[] } {
  let session = start;
  const touches: number[] = [];
  const requests: { at: number; touched: boolean }[] = [];
  for (const now of times) {
    const verdict = judgeSession(session, now);
    if (!verdict.valid) return { touches, endedAt: now, requests };
    requests.push({ at: now, touched: verdict.touch !== null });
    if (verdict.touch) {
      touches.push(now);
      session = verdict.touch;
    }
  }
  return { touches, endedAt: null, requests };
}

/** Increasing request times from gaps. */
function timesFrom(start: number, gaps: number[]): number[] {
  const times: number[] = [];
  let t = start;
  for (const gap of gaps) times.push((t += gap));
  return times;
}

describe("session tokens", () => {
  it("a new token is `id.secret` and parses back to the same id and secret", () => {
    for (let i = 0; i < 50; i++) {
      const { id, secret, token } = newSessionToken();
      expect(token).toBe(`${id}.${secret}`);
      expect(id).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(parseSessionToken(token)).toEqual({ id, secret });
    }
  });

  it("no two new tokens share an id or a secret", () => {
    const tokens = Array.from({ length: 500 }, () => newSessionToken());
    expect(new Set(tokens.map((t) => t.id)).size).toBe(500);
    expect(new Set(tokens.map((t) => t.secret)).size).toBe(500);
  });

  it("a malformed cookie value is refused without a lookup", () => {
    const { id, secret } = newSessionToken();
    const malformed = [
      undefined,
      "",
      ".",
      id,
      secret,
      `${id}.`,
      `.${secret}`,
      `${id}${secret}`,
      `${id}.${secret}.extra`,
      `${id}.${secret}\n`,
      ` ${id}.${secret}`,
      `${id}.${secret} `,
      `${id.slice(1)}.${secret}`,
      `${id}x.${secret}`,
      `${id}.${secret.slice(1)}`,
      `${id}.${secret}x`,
      `${id.slice(1)}+.${secret}`,
      `${id}.${secret.slice(1)}/`,
      `${id.slice(1)}=.${secret}`,
      `${id}:${secret}`,
      `${id}%2E${secret}`,
    ];
    for (const value of malformed) expect(parseSessionToken(value), JSON.stringify(value)).toBeNull();
  });

  it("any string that parses is exactly 20 + 1 + 43 base64url characters", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (value) => {
        const parsed = parseSessionToken(value);
        if (parsed) expect(value).toMatch(/^[A-Za-z0-9_-]{20}\.[A-Za-z0-9_-]{43}$/);
      }),
    );
  });

  it("stores only the SHA-256 of the secret, as 64 hex digits", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const { secret } = newSessionToken();
    const hash = await sha256Hex(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret);
  });
});

describe("constant-time comparison", () => {
  it("says equal only for equal strings", () => {
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("abcd", "abc")).toBe(false);
    expect(constantTimeEqual("a", "")).toBe(false);
    expect(constantTimeEqual("Abc", "abc")).toBe(false);
    expect(constantTimeEqual("中文", "中文")).toBe(true);
    expect(constantTimeEqual("中文", "中立")).toBe(false);
  });

  it("agrees with === for any two strings", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => constantTimeEqual(a, b) === (a === b)));
    fc.assert(fc.property(fc.string(), (a) => constantTimeEqual(a, a)));
  });

  it("agrees with === for two hex digests that differ in one place", async () => {
    const a = await sha256Hex("one");
    for (let i = 0; i < a.length; i++) {
      const b = a.slice(0, i) + (a[i] === "0" ? "1" : "0") + a.slice(i + 1);
      expect(constantTimeEqual(a, b)).toBe(false);
    }
  });
});

describe("judging a session", () => {
  it("is valid until expiresAt, and not at expiresAt itself", () => {
    const session = { expiresAt: T0 + 1000, lastSeenAt: T0 - RENEW_INTERVAL_MS / 2, sharedComputer: false };
    expect(judgeSession(session, T0 + 999).valid).toBe(true);
    expect(judgeSession(session, T0 + 1000)).toEqual({ valid: false });
    expect(judgeSession(session, T0 + 1001)).toEqual({ valid: false });
  });

  it("a session just made needs no write on the next request", () => {
    expect(judgeSession(fresh(false), T0 + 1)).toEqual({ valid: true, touch: null });
    expect(judgeSession(fresh(false), T0 + RENEW_INTERVAL_MS - 1)).toEqual({ valid: true, touch: null });
  });

  it("renews an hour after the last renewal: ten days from now, seen now", () => {
    const now = T0 + RENEW_INTERVAL_MS;
    expect(judgeSession(fresh(false), now)).toEqual({ valid: true, touch: { expiresAt: now + SESSION_LIFETIME_MS, lastSeenAt: now, sharedComputer: false } });
  });

  it("a session left alone for ten days has ended, however it was used before", () => {
    expect(judgeSession(fresh(false), T0 + SESSION_LIFETIME_MS)).toEqual({ valid: false });
    expect(judgeSession(fresh(false), T0 + SESSION_LIFETIME_MS - 1).valid).toBe(true);
  });

  it("for any sequence of requests, renewals (writes) happen at least an hour apart", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 3 * RENEW_INTERVAL_MS }), { maxLength: 200 }), (gaps) => {
        const { touches } = replay(fresh(false), timesFrom(T0, gaps));
        const written = [T0, ...touches];
        for (let i = 1; i < written.length; i++) expect((written[i] ?? 0) - (written[i - 1] ?? 0)).toBeGreaterThanOrEqual(RENEW_INTERVAL_MS);
      }),
    );
  });

  it("for any sequence of requests, a valid request more than an hour after the last write renews", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 3 * RENEW_INTERVAL_MS }), { maxLength: 200 }), (gaps) => {
        const times = timesFrom(T0, gaps);
        let lastWrite = T0;
        for (const { at, touched } of replay(fresh(false), times).requests) {
          expect(touched).toBe(at - lastWrite >= RENEW_INTERVAL_MS);
          if (touched) lastWrite = at;
        }
      }),
    );
  });

  it("a session used at least every ten days (less the hour renewals lag) never ends; one idle for ten days after its last renewal does", () => {
    fc.assert(
      // Renewals lag requests by up to an hour, so "every ten days" means gaps under ten days
      // minus that hour.
      fc.property(fc.array(fc.integer({ min: 0, max: SESSION_LIFETIME_MS - RENEW_INTERVAL_MS - 1 }), { maxLength: 50 }), (gaps) => {
        expect(replay(fresh(false), timesFrom(T0, gaps)).endedAt).toBeNull();
      }),
    );
    const { endedAt } = replay(fresh(false), [T0 + 2 * RENEW_INTERVAL_MS, T0 + 2 * RENEW_INTERVAL_MS + SESSION_LIFETIME_MS]);
    expect(endedAt).toBe(T0 + 2 * RENEW_INTERVAL_MS + SESSION_LIFETIME_MS);
  });

  describe("on a shared computer", () => {
    it("ends after 30 minutes without a request", () => {
      expect(judgeSession(fresh(true), T0 + SHARED_IDLE_MS - 1).valid).toBe(true);
      expect(judgeSession(fresh(true), T0 + SHARED_IDLE_MS)).toEqual({ valid: false });
      expect(judgeSession(fresh(true), T0 + 2 * SHARED_IDLE_MS)).toEqual({ valid: false });
    });

    it("keeps its last-seen time to the minute", () => {
      expect(SHARED_TOUCH_INTERVAL_MS).toBe(MINUTE);
      expect(judgeSession(fresh(true), T0 + MINUTE - 1)).toEqual({ valid: true, touch: null });
      const now = T0 + MINUTE;
      expect(judgeSession(fresh(true), now)).toEqual({ valid: true, touch: { expiresAt: now + SESSION_LIFETIME_MS, lastSeenAt: now, sharedComputer: true } });
    });

    it("stays signed in while requests come less than 29 minutes apart, and writes at most once a minute", () => {
      fc.assert(
        fc.property(fc.array(fc.nat({ max: 29 * MINUTE - 1 }), { maxLength: 200 }), (gaps) => {
          const { touches, endedAt } = replay(fresh(true), timesFrom(T0, gaps));
          expect(endedAt).toBeNull();
          const written = [T0, ...touches];
          for (let i = 1; i < written.length; i++) expect((written[i] ?? 0) - (written[i - 1] ?? 0)).toBeGreaterThanOrEqual(SHARED_TOUCH_INTERVAL_MS);
        }),
      );
    });

    it("ends at the first request that comes 30 minutes or more after the one before", () => {
      fc.assert(
        fc.property(
          fc.array(fc.nat({ max: 29 * MINUTE - 1 }), { maxLength: 50 }),
          fc.integer({ min: SHARED_IDLE_MS, max: 5 * SHARED_IDLE_MS }),
          (gaps, idle) => {
            const before = timesFrom(T0, gaps);
            const last = before.at(-1) ?? T0;
            expect(replay(fresh(true), [...before, last + idle]).endedAt).toBe(last + idle);
          },
        ),
      );
    });

    it("also ends at its ten-day expiry, even when in use", () => {
      const session = { expiresAt: T0 + 1000, lastSeenAt: T0, sharedComputer: true };
      expect(judgeSession(session, T0 + 1000)).toEqual({ valid: false });
    });
  });
});

describe("the session cookie", () => {
  const { token } = newSessionToken();

  it("is HttpOnly, Secure, SameSite=Lax and for the whole site, lasting ten days", () => {
    const cookie = sessionCookie(token, { sharedComputer: false });
    expect(cookie.startsWith(`${SESSION_COOKIE}=${token};`)).toBe(true);
    const attrs = attributes(cookie);
    expect(attrs.has("httponly")).toBe(true);
    expect(attrs.has("secure")).toBe(true);
    expect(attrs.get("samesite")).toBe("Lax");
    expect(attrs.get("path")).toBe("/");
    expect(attrs.get("max-age")).toBe(String(SESSION_LIFETIME_MS / 1000));
    expect(attrs.has("domain")).toBe(false);
    expect(attrs.has("expires")).toBe(false);
  });

  it("on a shared computer has no Max-Age, so it ends when the browser closes", () => {
    const attrs = attributes(sessionCookie(token, { sharedComputer: true }));
    expect(attrs.has("httponly")).toBe(true);
    expect(attrs.has("secure")).toBe(true);
    expect(attrs.get("samesite")).toBe("Lax");
    expect(attrs.get("path")).toBe("/");
    expect(attrs.has("max-age")).toBe(false);
    expect(attrs.has("expires")).toBe(false);
  });

  it("is cleared with the same attributes and Max-Age=0", () => {
    const cleared = clearedSessionCookie();
    expect(cleared.startsWith(`${SESSION_COOKIE}=;`)).toBe(true);
    const attrs = attributes(cleared);
    expect(attrs.get("max-age")).toBe("0");
    expect(attrs.get("path")).toBe("/");
    expect(attrs.has("httponly")).toBe(true);
    expect(attrs.has("secure")).toBe(true);
  });

  it("is read from a Cookie header among others, and only under its own name", () => {
    expect(readSessionCookie(null)).toBeUndefined();
    expect(readSessionCookie("")).toBeUndefined();
    expect(readSessionCookie(`${SESSION_COOKIE}=${token}`)).toBe(token);
    expect(readSessionCookie(`theme=dark; ${SESSION_COOKIE}=${token}; lang=zh`)).toBe(token);
    expect(readSessionCookie(`x${SESSION_COOKIE}=${token}`)).toBeUndefined();
    expect(readSessionCookie(`${SESSION_COOKIE}x=${token}`)).toBeUndefined();
    expect(readSessionCookie(`${SESSION_COOKIE}=`)).toBe("");
    expect(parseSessionToken(readSessionCookie(`${SESSION_COOKIE}=a=b`))).toBeNull();
  });

  it("a cookie written is a cookie read back", () => {
    const cookie = sessionCookie(token, { sharedComputer: false });
    const pair = cookie.split(";")[0] ?? "";
    expect(parseSessionToken(readSessionCookie(`a=1; ${pair}`))).not.toBeNull();
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_FREE_FAILURES,
  ACCOUNT_WINDOW_MS,
  ADDRESS_FREE_FAILURES,
  ADDRESS_WINDOW_MS,
  accountKey,
  accountWait,
  addressKey,
  addressWait,
} from "../../functions/auth/sign-in-throttle.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LAST = Date.UTC(2027, 2, 1, 8, 0, 0);

describe("slowing down guesses at one account", () => {
  it("lets the first ten failures through without any wait", () => {
    expect(ACCOUNT_FREE_FAILURES).toBe(10);
    expect(accountWait(undefined, LAST)).toBe(0);
    for (let count = 0; count < 10; count++) expect(accountWait({ count, last: LAST }, LAST), `${count} failures`).toBe(0);
  });

  it("after ten failures, the next attempt waits 15 minutes from the last failure", () => {
    expect(accountWait({ count: 10, last: LAST }, LAST)).toBe(15 * MINUTE);
    expect(accountWait({ count: 10, last: LAST }, LAST + 5 * MINUTE)).toBe(10 * MINUTE);
    expect(accountWait({ count: 10, last: LAST }, LAST + 15 * MINUTE - 1)).toBe(1);
    expect(accountWait({ count: 10, last: LAST }, LAST + 15 * MINUTE)).toBe(0);
    expect(accountWait({ count: 10, last: LAST }, LAST + 2 * HOUR)).toBe(0);
  });

  it("doubles the wait with every further failure: 30 min, 1 h, 2 h … 16 h", () => {
    const expected = [15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR];
    expected.forEach((wait, i) => expect(accountWait({ count: 10 + i, last: LAST }, LAST), `${10 + i} failures`).toBe(wait));
  });

  it("never makes anyone wait more than a day", () => {
    expect(ACCOUNT_WINDOW_MS).toBe(DAY);
    for (const count of [17, 18, 30, 100, 1_000, 1_000_000]) expect(accountWait({ count, last: LAST }, LAST), `${count} failures`).toBe(DAY);
  });

  it("keys an account by what was typed, in any case, known account or not", () => {
    expect(accountKey("Staff@Qinglan.Example.CN")).toBe(accountKey("staff@qinglan.example.cn"));
    expect(accountKey("2024010101")).toBe("account:2024010101");
    expect(accountKey("nobody@example.cn")).toBe("account:nobody@example.cn");
  });
});

describe("slowing down one address", () => {
  it("allows 300 failures in 15 minutes, then pauses the address for 15 minutes after the last", () => {
    expect(ADDRESS_FREE_FAILURES).toBe(300);
    expect(ADDRESS_WINDOW_MS).toBe(15 * MINUTE);
    expect(addressWait(undefined, LAST)).toBe(0);
    expect(addressWait({ count: 299, last: LAST }, LAST)).toBe(0);
    expect(addressWait({ count: 300, last: LAST }, LAST)).toBe(15 * MINUTE);
    expect(addressWait({ count: 5_000, last: LAST }, LAST)).toBe(15 * MINUTE);
    expect(addressWait({ count: 300, last: LAST }, LAST + 15 * MINUTE - 1)).toBe(1);
    expect(addressWait({ count: 300, last: LAST }, LAST + 15 * MINUTE)).toBe(0);
  });

  it("keys an address by IP, and an unknown one as one shared key", () => {
    expect(addressKey("203.0.113.7")).toBe("address:203.0.113.7");
    expect(addressKey("2001:db8::1")).toBe("address:2001:db8::1");
    expect(addressKey(null)).toBe("address:unknown");
  });
});

describe("waits, for any failure history", () => {
  const count = fc.nat({ max: 2_000 });
  const last = fc.integer({ min: LAST - 2 * DAY, max: LAST + 2 * DAY });
  const now = fc.integer({ min: LAST - 2 * DAY, max: LAST + 4 * DAY });

  it("are never negative and never over a day (accounts) or 15 minutes (addresses)", () => {
    fc.assert(
      fc.property(count, last, now, (n, l, t) => {
        const a = accountWait({ count: n, last: l }, t);
        const b = addressWait({ count: n, last: l }, t);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(DAY + Math.max(0, l - t));
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(ADDRESS_WINDOW_MS + Math.max(0, l - t));
        expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
      }),
    );
  });

  it("never get shorter with more failures", () => {
    fc.assert(
      fc.property(count, count, last, now, (x, y, l, t) => {
        const [fewer, more] = x <= y ? [x, y] : [y, x];
        expect(accountWait({ count: more, last: l }, t)).toBeGreaterThanOrEqual(accountWait({ count: fewer, last: l }, t));
        expect(addressWait({ count: more, last: l }, t)).toBeGreaterThanOrEqual(addressWait({ count: fewer, last: l }, t));
      }),
    );
  });

  it("never get longer as time passes, and end at last failure + delay", () => {
    fc.assert(
      fc.property(count, last, now, fc.nat({ max: DAY }), (n, l, t, later) => {
        expect(accountWait({ count: n, last: l }, t + later)).toBeLessThanOrEqual(accountWait({ count: n, last: l }, t));
        const wait = accountWait({ count: n, last: l }, t);
        if (wait > 0) expect(accountWait({ count: n, last: l }, t + wait)).toBe(0);
      }),
    );
  });
});

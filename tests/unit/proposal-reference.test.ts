import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shanghaiYear } from "../../functions/domain/proposal-reference.ts";

describe("the year a proposal arrived, in Beijing time", () => {
  it("puts a proposal sent at 00:00 on 1 January in Beijing into the new year", () => {
    expect(shanghaiYear(Date.parse("2026-12-31T16:00:00.000Z"))).toBe(2027);
  });

  it("keeps a proposal sent a millisecond before midnight in Beijing in the old year", () => {
    expect(shanghaiYear(Date.parse("2026-12-31T15:59:59.999Z"))).toBe(2026);
  });

  it("does not move the year at UTC midnight", () => {
    expect(shanghaiYear(Date.parse("2027-01-01T00:00:00.000Z"))).toBe(2027);
    expect(shanghaiYear(Date.parse("2026-06-30T23:59:59.999Z"))).toBe(2026);
  });

  it("agrees with the calendar in Asia/Shanghai at any moment", () => {
    const year = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Shanghai", year: "numeric" });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2100, 0, 1) }), (epochMs) => {
        expect(shanghaiYear(epochMs)).toBe(Number(year.format(epochMs)));
      }),
    );
  });
});

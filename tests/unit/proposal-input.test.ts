import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COOPERATION_TYPES } from "../../functions/domain/cooperation-type.ts";
import { creditCodeCheckCharacter } from "../../functions/domain/credit-code.ts";
import { LOCALES } from "../../functions/domain/locale.ts";
import { fieldErrors, parseProposalInput, withScheme, type FieldError } from "../../functions/domain/proposal-input.ts";
import { isMessageKey, translate } from "../../src/i18n/messages.ts";

/** A credit code built for the test: an enterprise (91) in Hangzhou (330100) with a made-up body. */
const BODY = "91330100MA2H0XQ7T";
const CREDIT_CODE = `${BODY}${creditCodeCheckCharacter(BODY) ?? "?"}`;

const FULL_WIDTH: Record<string, string> = Object.fromEntries(
  [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@.-"].map((c) => [c, String.fromCharCode(c.charCodeAt(0) + 0xfee0)]),
);
const toFullWidth = (s: string) => [...s].map((c) => FULL_WIDTH[c] ?? c).join("");

function validInput(): Record<string, unknown> {
  return {
    orgName: "杭州示例智能装备有限公司",
    creditCode: CREDIT_CODE,
    industry: "intelligent-manufacturing",
    size: "medium",
    city: "杭州",
    website: "https://www.example.com",
    contactName: "王海燕",
    contactRole: "人力资源经理",
    contactEmail: "wang.haiyan@example.com",
    contactPhone: "+86 571 8888-6666",
    cooperationTypes: ["internship", "order-class"],
    majors: ["cnc-machining", "mechatronics"],
    seats: 20,
    periodStart: "2026-09",
    periodEnd: "2027-06",
    description: "我们计划与数控技术专业合作开设订单班。\n\n每年可提供二十个顶岗实习岗位。",
    consent: true,
  };
}

function errorsOf(raw: unknown): FieldError[] {
  const result = parseProposalInput(raw);
  return result.success ? [] : fieldErrors(result.error);
}

function accepted(raw: unknown) {
  const result = parseProposalInput(raw);
  if (!result.success) throw new Error(`expected the proposal to pass, got ${JSON.stringify(fieldErrors(result.error))}`);
  return result.data;
}

const REQUIRED_FIELDS = [
  "orgName",
  "industry",
  "size",
  "city",
  "contactName",
  "contactEmail",
  "contactPhone",
  "cooperationTypes",
  "description",
  "consent",
] as const;

describe("a cooperation proposal as an organization submits it", () => {
  it("uses a credit code that is valid under GB 32100-2015", () => {
    expect(CREDIT_CODE).toHaveLength(18);
  });

  it("accepts a complete, valid proposal unchanged", () => {
    const data = accepted(validInput());
    expect(data).toMatchObject({ ...validInput() });
  });

  it("accepts a minimal proposal with only the required fields and defaults the majors to none", () => {
    const input = validInput();
    for (const optional of ["website", "contactRole", "majors", "seats", "periodStart", "periodEnd"]) delete input[optional];
    const data = accepted(input);
    expect(data.majors).toEqual([]);
    expect(data.website).toBeUndefined();
  });

  it("accepts an email and a credit code typed with full-width characters, normalized", () => {
    const data = accepted({ ...validInput(), contactEmail: "ＡＢＣ１２３＠ｅｘａｍｐｌｅ．ｃｏｍ", creditCode: `　${toFullWidth(CREDIT_CODE)}　` });
    expect(data.contactEmail).toBe("abc123@example.com");
    expect(data.creditCode).toBe(CREDIT_CODE);
  });

  it("accepts a credit code typed in lower case and stores it upper-cased", () => {
    expect(accepted({ ...validInput(), creditCode: CREDIT_CODE.toLowerCase() }).creditCode).toBe(CREDIT_CODE);
  });

  it("accepts a phone number typed with full-width digits", () => {
    expect(accepted({ ...validInput(), contactPhone: "０５７１－８８８８６６６６" }).contactPhone).toBe("0571-88886666");
    expect(accepted({ ...validInput(), contactPhone: "＋８６ １３８ ００００ ００００" }).contactPhone).toBe("+86 138 0000 0000");
  });

  it("accepts a landline written with the area code in parentheses, as Chinese business cards print it", () => {
    expect(accepted({ ...validInput(), contactPhone: "(0571) 8888-6666" }).contactPhone).toBe("(0571) 8888-6666");
    expect(accepted({ ...validInput(), contactPhone: "（０５７１）８８８８６６６６" }).contactPhone).toBe("(0571)88886666");
  });

  it("collapses stray and ideographic spaces in names before saving them", () => {
    const data = accepted({ ...validInput(), orgName: "\u3000杭州示例\u3000\u3000智能装备有限公司 ", contactName: "  王  海燕 " });
    expect(data.orgName).toBe("杭州示例 智能装备有限公司");
    expect(data.contactName).toBe("王 海燕");
  });

  it("keeps the paragraphs of the description", () => {
    const data = accepted({ ...validInput(), description: "  第一段 合作背景与需求说明。\r\n\r\n\r\n\r\n第二段 可提供二十个岗位。  " });
    expect(data.description).toBe("第一段 合作背景与需求说明。\n\n第二段 可提供二十个岗位。");
  });

  it.each(REQUIRED_FIELDS)("reports a missing %s as required, and nothing else", (field) => {
    const input = validInput();
    delete input[field];
    expect(errorsOf(input)).toEqual([{ field, code: "required" }]);
  });

  it.each(["orgName", "city", "contactName", "description"] as const)("treats a %s of only spaces (full-width ones too) as missing", (field) => {
    expect(errorsOf({ ...validInput(), [field]: " \u3000 " })).toEqual([{ field, code: "required" }]);
  });

  it("reports every missing field at once for an empty submission", () => {
    const fields = errorsOf({}).map((e) => e.field);
    for (const field of REQUIRED_FIELDS) expect(fields).toContain(field);
    expect(errorsOf({}).every((e) => e.code === "required")).toBe(true);
  });

  it("gives one error per field, so the form shows one message next to each", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...REQUIRED_FIELDS, "creditCode", "website", "seats"), fc.anything()), (overrides) => {
        const fields = errorsOf({ ...validInput(), ...overrides }).map((e) => e.field);
        expect(new Set(fields).size).toBe(fields.length);
      }),
    );
  });

  it("explains every error it reports in both languages, with the limits filled in", () => {
    const anyValue = fc.oneof(fc.anything(), fc.string({ maxLength: 120 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 10 }), fc.integer(), fc.constant(undefined));
    const fields = fc.constantFrom(...REQUIRED_FIELDS, "creditCode", "registrationNumber", "website", "contactRole", "majors", "seats", "periodStart", "periodEnd");
    fc.assert(
      fc.property(fc.dictionary(fields, anyValue), (overrides) => {
        for (const error of errorsOf({ ...validInput(), ...overrides })) {
          const key = `error.${error.code}`;
          expect(isMessageKey(key), key).toBe(true);
          if (!isMessageKey(key)) continue;
          for (const locale of LOCALES) expect(translate(locale, key, error.params)).not.toMatch(/\{\w+\}/);
        }
      }),
    );
  });

  it("reports a body that is not an object at all instead of throwing", () => {
    for (const raw of [null, undefined, "proposal", 42, []]) {
      const errors = errorsOf(raw);
      expect(errors.length).toBeGreaterThan(0);
    }
  });

  describe("registration", () => {
    it("accepts a registration number instead of a credit code, for an organization outside mainland China", () => {
      const input: Record<string, unknown> = { ...validInput(), registrationNumber: "HK-12345678" };
      delete input["creditCode"];
      expect(accepted(input).registrationNumber).toBe("HK-12345678");
    });

    it("refuses both a credit code and a registration number", () => {
      expect(errorsOf({ ...validInput(), registrationNumber: "HK-12345678" })).toEqual([{ field: "registrationNumber", code: "registration_one_only" }]);
    });

    it("asks for a credit code when neither is given (empty strings count as not given)", () => {
      const input = validInput();
      delete input["creditCode"];
      expect(errorsOf(input)).toEqual([{ field: "creditCode", code: "registration_required" }]);
      expect(errorsOf({ ...validInput(), creditCode: "", registrationNumber: "  " })).toEqual([{ field: "creditCode", code: "registration_required" }]);
    });

    it("refuses a credit code whose check character is wrong", () => {
      const wrongCheck = `${BODY}${CREDIT_CODE.endsWith("0") ? "1" : "0"}`;
      expect(errorsOf({ ...validInput(), creditCode: wrongCheck })).toEqual([{ field: "creditCode", code: "invalid_credit_code" }]);
      expect(errorsOf({ ...validInput(), creditCode: "12345" })).toEqual([{ field: "creditCode", code: "invalid_credit_code" }]);
    });
  });

  describe("website", () => {
    it('accepts "www.example.com" as https://www.example.com', () => {
      expect(accepted({ ...validInput(), website: "www.example.com" }).website).toBe("https://www.example.com");
      expect(accepted({ ...validInput(), website: "  ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ " }).website).toBe("https://www.example.com");
    });

    it("keeps an http or https address as typed", () => {
      expect(accepted({ ...validInput(), website: "http://example.cn/about" }).website).toBe("http://example.cn/about");
      expect(accepted({ ...validInput(), website: "HTTPS://Example.com" }).website).toBe("HTTPS://Example.com");
    });

    it("accepts a website typed with a port but without a scheme", () => {
      expect(accepted({ ...validInput(), website: "www.example.com:8080" }).website).toBe("https://www.example.com:8080");
    });

    it("treats an empty website as not given", () => {
      expect(accepted({ ...validInput(), website: "" }).website).toBeUndefined();
      expect(accepted({ ...validInput(), website: "\u3000" }).website).toBeUndefined();
    });

    it.each(["ftp://x", "mailto:office@example.com", "javascript:alert(1)"])("refuses %s as a website", (website) => {
      expect(errorsOf({ ...validInput(), website })).toEqual([{ field: "website", code: "invalid_url" }]);
    });

    it("adds https only where no scheme was typed", () => {
      expect(withScheme("example.com")).toBe("https://example.com");
      expect(withScheme("https://example.com")).toBe("https://example.com");
      expect(withScheme("ftp://example.com")).toBe("ftp://example.com");
    });
  });

  describe("period", () => {
    it("refuses an end month before the start month", () => {
      expect(errorsOf({ ...validInput(), periodStart: "2026-09", periodEnd: "2026-03" })).toEqual([{ field: "periodEnd", code: "period_order" }]);
      expect(errorsOf({ ...validInput(), periodStart: "2027-01", periodEnd: "2026-12" })).toEqual([{ field: "periodEnd", code: "period_order" }]);
    });

    it("accepts a period of a single month, and an open-ended one", () => {
      expect(errorsOf({ ...validInput(), periodStart: "2026-09", periodEnd: "2026-09" })).toEqual([]);
      expect(errorsOf({ ...validInput(), periodStart: "2026-09", periodEnd: "" })).toEqual([]);
      expect(accepted({ ...validInput(), periodStart: "", periodEnd: "" }).periodStart).toBeUndefined();
    });

    it("orders months the same way the calendar does", () => {
      const monthOf = fc.record({ year: fc.integer({ min: 1900, max: 2099 }), month: fc.integer({ min: 1, max: 12 }) });
      const text = ({ year, month }: { year: number; month: number }) => `${year}-${String(month).padStart(2, "0")}`;
      fc.assert(
        fc.property(monthOf, monthOf, (a, b) => {
          const inOrder = a.year * 12 + a.month <= b.year * 12 + b.month;
          expect(errorsOf({ ...validInput(), periodStart: text(a), periodEnd: text(b) })).toEqual(inOrder ? [] : [{ field: "periodEnd", code: "period_order" }]);
        }),
        { numRuns: 50 },
      );
    });

    it.each(["2026-13", "2026-00", "2026-9", "26-09", "1899-12", "2026/09"])("refuses the malformed month %s", (periodStart) => {
      expect(errorsOf({ ...validInput(), periodStart, periodEnd: "" })).toEqual([{ field: "periodStart", code: "invalid_format" }]);
    });
  });

  describe("length and choice limits", () => {
    it("refuses an organization name over 100 characters, saying the limit", () => {
      expect(errorsOf({ ...validInput(), orgName: "示".repeat(101) })).toEqual([{ field: "orgName", code: "too_long", params: { max: 100 } }]);
      expect(errorsOf({ ...validInput(), orgName: "示".repeat(100) })).toEqual([]);
    });

    it("refuses a one-character organization name as too short", () => {
      expect(errorsOf({ ...validInput(), orgName: "示" })).toEqual([{ field: "orgName", code: "too_short", params: { min: 2 } }]);
    });

    it("refuses a description under 20 characters as too short", () => {
      expect(errorsOf({ ...validInput(), description: "太短了" })).toEqual([{ field: "description", code: "too_short", params: { min: 20 } }]);
    });

    it("refuses a cooperation type that does not exist", () => {
      expect(errorsOf({ ...validInput(), cooperationTypes: ["internship", "sponsorship"] })).toEqual([{ field: "cooperationTypes", code: "invalid_choice" }]);
    });

    it("asks to choose at least one cooperation type", () => {
      expect(errorsOf({ ...validInput(), cooperationTypes: [] })).toEqual([{ field: "cooperationTypes", code: "choose_at_least", params: { min: 1 } }]);
    });

    it("refuses a cooperation type chosen twice", () => {
      expect(errorsOf({ ...validInput(), cooperationTypes: ["internship", "internship"] })).toEqual([{ field: "cooperationTypes", code: "duplicate" }]);
    });

    it("accepts all eight cooperation types at once", () => {
      expect(accepted({ ...validInput(), cooperationTypes: [...COOPERATION_TYPES] }).cooperationTypes).toHaveLength(8);
    });

    it("refuses more than eight majors", () => {
      const majors = Array.from({ length: 9 }, (_, i) => `major-${i}`);
      expect(errorsOf({ ...validInput(), majors })).toEqual([{ field: "majors", code: "too_many", params: { max: 8 } }]);
    });

    it("refuses an organization size outside the four classes", () => {
      expect(errorsOf({ ...validInput(), size: "huge" })).toEqual([{ field: "size", code: "invalid_choice" }]);
    });

    it("refuses a malformed email address", () => {
      expect(errorsOf({ ...validInput(), contactEmail: "wang@" })).toEqual([{ field: "contactEmail", code: "invalid_email" }]);
    });

    it("refuses a phone number with letters in it", () => {
      expect(errorsOf({ ...validInput(), contactPhone: "call me" })).toEqual([{ field: "contactPhone", code: "invalid_format" }]);
    });

    it("refuses a seat count of zero or a fraction", () => {
      expect(errorsOf({ ...validInput(), seats: 0 })).toEqual([{ field: "seats", code: "too_small", params: { min: 1 } }]);
      expect(errorsOf({ ...validInput(), seats: 2.5 })[0]?.field).toBe("seats");
    });
  });

  describe("consent", () => {
    it("refuses a proposal without consent to the privacy notice", () => {
      const errors = errorsOf({ ...validInput(), consent: false });
      expect(errors).toHaveLength(1);
      expect(errors[0]?.field).toBe("consent");
    });

    it('does not take the string "true" for consent', () => {
      expect(errorsOf({ ...validInput(), consent: "true" }).map((e) => e.field)).toEqual(["consent"]);
    });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "../../functions/auth/common-passwords.ts";
import { PASSWORD_MAX, PASSWORD_MIN, newPassword, newPasswordErrors } from "../../functions/auth/password-policy.ts";
import { fieldErrors } from "../../functions/domain/proposal-input.ts";
import { translate } from "../../src/i18n/messages.ts";

/** The stable codes a new password is refused with (empty when accepted). */
function refusals(password: unknown): string[] {
  const result = newPassword.safeParse(password);
  return result.success ? [] : fieldErrors(result.error).map((e) => e.code);
}

/** Every issue, not just the first per field. */
function allCodes(password: string): string[] {
  const result = newPassword.safeParse(password);
  return result.success ? [] : result.error.issues.map((i) => (i.code === "custom" ? String(i.params?.["code"]) : i.code));
}

const toFullWidth = (s: string) => [...s].map((c) => (c >= "!" && c <= "~" ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join("");

/** A character outside the Basic Multilingual Plane: one code point, two UTF-16 units. */
const ASTRAL = "𠀀"; // U+20000, a CJK Extension B character

describe("how long a new password must be", () => {
  it("is at least 8 and at most 256 characters", () => {
    expect(PASSWORD_MIN).toBe(8);
    expect(PASSWORD_MAX).toBe(256);
  });

  it("refuses 7 characters and accepts 8", () => {
    expect(refusals("k3#pL9m")).toEqual(["password_too_short"]);
    expect(refusals("k3#pL9mq")).toEqual([]);
    expect(refusals("")).toEqual(["password_too_short"]);
  });

  it("accepts 256 characters and refuses 257", () => {
    const phrase = "correct horse battery staple ";
    const long = (n: number) => phrase.repeat(20).slice(0, n);
    expect(refusals(long(256))).toEqual([]);
    expect(refusals(long(257))).toEqual(["password_too_long"]);
  });

  it("accepts a passphrase of 8 Chinese characters and refuses one of 7", () => {
    expect(refusals("青岚学院校企合作")).toEqual([]);
    expect(refusals("青岚学院校企合")).toEqual(["password_too_short"]);
  });

  it("counts characters as people see them (code points), not UTF-16 units", () => {
    // 4 astral characters are 8 UTF-16 units but only 4 characters.
    expect(ASTRAL.length).toBe(2);
    expect(refusals(ASTRAL.repeat(4))).toEqual(["password_too_short"]);
    expect(refusals(ASTRAL.repeat(8))).toEqual([]);
    // 256 of them are 512 units, still 256 characters.
    expect(refusals(ASTRAL.repeat(256))).toEqual([]);
    expect(refusals(ASTRAL.repeat(257))).toEqual(["password_too_long"]);
    expect(refusals("🔑🔑🔑🔑🔑🔑🔑")).toEqual(["password_too_short"]);
    expect(refusals("🔑🔑🔑🔑🔑🔑🔑🔑")).toEqual([]);
  });

  it("asks for nothing but length: no required digits, capitals or symbols", () => {
    for (const password of ["alllowercaseletters", "ALLUPPERCASE", "纯中文的一句话密码", "only words and spaces"]) expect(refusals(password), password).toEqual([]);
  });

  it("refuses anything that is not text", () => {
    for (const value of [undefined, null, 12345678, ["password"], {}]) expect(refusals(value)).not.toEqual([]);
  });

  it("for any length, accepts exactly 8–256 code points", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.constantFrom("x", "中", ASTRAL, "\u00e9", "🔑"), (n, ch) => {
        expect(refusals(ch.repeat(n)).length === 0).toBe(n >= PASSWORD_MIN && n <= PASSWORD_MAX);
      }),
    );
  });
});

describe("common passwords", () => {
  it("refuses the most common passwords", () => {
    for (const password of ["password", "12345678", "123456789", "woaini1314", "1qaz2wsx", "qwertyuiop", "iloveyou", "88888888", "admin123"]) {
      expect(refusals(password), password).toEqual(["password_common"]);
    }
  });

  it("refuses them whatever the case", () => {
    for (const password of ["PASSWORD", "Password", "PassWord", "pAsSwOrD", "Passw0rd", "IloveYou", "QWERTYUIOP", "WoAiNi1314"]) {
      expect(refusals(password), password).toEqual(["password_common"]);
    }
  });

  it("refuses them typed in full-width letters and digits on a Chinese keyboard", () => {
    expect(toFullWidth("password")).toBe("ｐａｓｓｗｏｒｄ");
    for (const password of ["ｐａｓｓｗｏｒｄ", "ＰＡＳＳＷＯＲＤ", "Ｐａｓｓｗｏｒｄ", "１２３４５６７８", "ｗｏａｉｎｉ１３１４", "ｐ＠ｓｓｗ０ｒｄ", toFullWidth("1qaz2wsx")]) {
      expect(refusals(password), password).toEqual(["password_common"]);
    }
  });

  it("every entry of the list is 8+ characters and written the way it is compared (NFKC, lower case)", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(100);
    for (const entry of COMMON_PASSWORDS) {
      expect([...entry].length, entry).toBeGreaterThanOrEqual(PASSWORD_MIN);
      expect(entry.normalize("NFKC").toLowerCase(), entry).toBe(entry);
    }
  });

  it("every entry, in any case, is refused as common and for nothing else", () => {
    for (const entry of COMMON_PASSWORDS) {
      expect(allCodes(entry), entry).toEqual(["password_common"]);
      expect(allCodes(entry.toUpperCase()), entry).toEqual(["password_common"]);
      expect(allCodes(toFullWidth(entry)), entry).toEqual(["password_common"]);
    }
  });

  it("accepts a near miss: a common password with more added", () => {
    expect(refusals("password-for-xiaoqi-2027")).toEqual([]);
    expect(refusals("woaini1314 青岚")).toEqual([]);
  });
});

describe("the field error a refused password gets", () => {
  it("names the field, the reason, and the limit the message needs", () => {
    expect(newPasswordErrors("a fine long passphrase", "next")).toEqual([]);
    expect(newPasswordErrors("short", "next")).toEqual([{ field: "next", code: "password_too_short", params: { min: 8 } }]);
    expect(newPasswordErrors("x".repeat(257), "password")).toEqual([{ field: "password", code: "password_too_long", params: { max: 256 } }]);
    expect(newPasswordErrors("ｐａｓｓｗｏｒｄ", "password")).toEqual([{ field: "password", code: "password_common" }]);
  });

  it("reads as a whole sentence in both languages, with the number filled in", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      for (const password of ["short", "x".repeat(257), "password"]) {
        const [error] = newPasswordErrors(password, "password");
        const message = translate(locale, `error.${error?.code}` as Parameters<typeof translate>[1], error?.params);
        expect(message, `${locale} ${error?.code}`).not.toMatch(/[{}]/);
      }
    }
  });
});

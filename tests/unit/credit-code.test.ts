import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter, isValidCreditCode } from "../../functions/domain/credit-code.ts";
import { normalizeText } from "../../functions/domain/text.ts";

const alphabetChar = fc.constantFrom(...CREDIT_CODE_ALPHABET.split(""));
const first17 = fc.array(alphabetChar, { minLength: 17, maxLength: 17 }).map((chars) => chars.join(""));
const validCode = first17.map((body) => `${body}${creditCodeCheckCharacter(body) ?? ""}`);

/**
 * Published codes, each checked by hand against GB 32100-2015 (weights 3^i mod 31, check
 * character = (31 − Σ mod 31) mod 31) before being written down here.
 */
const PUBLISHED_CODES = [
  ["91350100M000100Y43", "the example commonly cited for the standard"],
  ["914403001922038216", "Huawei Technologies Co., Ltd. (check character 6)"],
  ["9144030071526726XG", "Tencent Technology (Shenzhen) Co., Ltd. (check character G)"],
  ["91520000214434146R", "Kweichow Moutai Co., Ltd. (check character R)"],
  ["91110000802100433B", "Beijing Baidu Netcom Science and Technology Co., Ltd. (check character B)"],
] as const;

describe("unified social credit code (GB 32100-2015)", () => {
  it("uses the standard's 31-character alphabet, without I, O, S, V and Z", () => {
    expect(CREDIT_CODE_ALPHABET).toBe("0123456789ABCDEFGHJKLMNPQRTUWXY");
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const letter of "IOSVZ") expect(CREDIT_CODE_ALPHABET).not.toContain(letter);
  });

  it.each(PUBLISHED_CODES)("accepts the published code %s (%s)", (code) => {
    expect(isValidCreditCode(code)).toBe(true);
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it("computes the check character the standard prescribes for a hand-worked example", () => {
    // 91350100M000100Y4: Σ value × (3^i mod 31) = 1640; 1640 mod 31 = 28; (31 − 28) mod 31 = 3 → alphabet[3] = "3".
    expect(creditCodeCheckCharacter("91350100M000100Y4")).toBe("3");
  });

  it("maps a weighted sum that is already a multiple of 31 to the check character 0", () => {
    expect(creditCodeCheckCharacter("00000000000000000")).toBe("0");
    expect(isValidCreditCode("000000000000000000")).toBe(true);
  });

  it("accepts any 17 characters from the alphabet once the computed check character is appended", () => {
    fc.assert(
      fc.property(first17, (body) => {
        const check = creditCodeCheckCharacter(body);
        expect(check).not.toBeNull();
        expect(CREDIT_CODE_ALPHABET).toContain(check);
        expect(isValidCreditCode(`${body}${check}`)).toBe(true);
      }),
    );
  });

  it("accepts exactly one check character for any 17-character body", () => {
    fc.assert(
      fc.property(first17, (body) => {
        const accepted = CREDIT_CODE_ALPHABET.split("").filter((check) => isValidCreditCode(`${body}${check}`));
        expect(accepted).toEqual([creditCodeCheckCharacter(body)]);
      }),
    );
  });

  it("catches a mistyped code where any single character was replaced by another from the alphabet", () => {
    // Modulus 31 is prime and every weight is non-zero mod 31, so a substitution changing the
    // value at position i by d (0 < |d| < 31) changes the sum by d × w_i ≢ 0 (mod 31): always detected.
    fc.assert(
      fc.property(validCode, fc.nat(17), fc.nat(29), (code, position, shift) => {
        const original = CREDIT_CODE_ALPHABET.indexOf(code[position] ?? "");
        const replacement = CREDIT_CODE_ALPHABET[(original + 1 + shift) % 31] ?? "";
        expect(replacement).not.toBe(code[position]);
        const mistyped = `${code.slice(0, position)}${replacement}${code.slice(position + 1)}`;
        expect(isValidCreditCode(mistyped)).toBe(false);
      }),
    );
  });

  it("catches every single substitution of a published code, exhaustively", () => {
    for (const [code] of PUBLISHED_CODES) {
      for (let position = 0; position < 18; position++) {
        for (const replacement of CREDIT_CODE_ALPHABET) {
          if (replacement === code[position]) continue;
          const mistyped = `${code.slice(0, position)}${replacement}${code.slice(position + 1)}`;
          expect(isValidCreditCode(mistyped), mistyped).toBe(false);
        }
      }
    }
  });

  it("accepts a code typed in lower case", () => {
    expect(isValidCreditCode("9144030071526726xg")).toBe(true);
    expect(isValidCreditCode("91350100m000100y43")).toBe(true);
    fc.assert(fc.property(validCode, (code) => isValidCreditCode(code.toLowerCase())));
  });

  it("accepts a credit code typed with full-width characters once normalized", () => {
    expect(isValidCreditCode(normalizeText("９１３５０１００Ｍ０００１００Ｙ４３"))).toBe(true);
    expect(isValidCreditCode(normalizeText("　９１４４０３００７１５２６７２６ｘｇ　"))).toBe(true);
  });

  it("rejects a code that is too short or too long", () => {
    expect(isValidCreditCode("")).toBe(false);
    expect(isValidCreditCode("91350100M000100Y4")).toBe(false);
    expect(isValidCreditCode("91350100M000100Y433")).toBe(false);
    fc.assert(
      fc.property(fc.array(alphabetChar, { maxLength: 40 }).filter((chars) => chars.length !== 18), (chars) => !isValidCreditCode(chars.join(""))),
    );
  });

  it("rejects a code padded with spaces or dashes (they must be normalized away first)", () => {
    expect(isValidCreditCode(" 91350100M000100Y43")).toBe(false);
    expect(isValidCreditCode("91350100M000100Y43 ")).toBe(false);
    expect(isValidCreditCode("913501-00M000100Y43")).toBe(false);
  });

  it.each(["I", "O", "S", "V", "Z", "i", "o", "s", "v", "z"])("rejects a code containing the excluded letter %s", (letter) => {
    // Put the letter in the body and in the check position; neither may pass.
    expect(isValidCreditCode(`9135010${letter}M000100Y43`)).toBe(false);
    expect(isValidCreditCode(`91350100M000100Y4${letter}`)).toBe(false);
    expect(creditCodeCheckCharacter(`9135010${letter.toUpperCase()}M000100Y4`)).toBeNull();
  });

  it("rejects any character outside the alphabet, wherever it is", () => {
    const outside = fc.string({ minLength: 1, maxLength: 1, unit: "binary" }).filter((c) => !CREDIT_CODE_ALPHABET.includes(c.toUpperCase()));
    fc.assert(
      fc.property(validCode, fc.nat(17), outside, (code, position, bad) => {
        const broken = `${code.slice(0, position)}${bad}${code.slice(position + 1)}`;
        expect(isValidCreditCode(broken)).toBe(false);
      }),
    );
  });

  it("has no check character for a body of the wrong length or with characters outside the alphabet", () => {
    expect(creditCodeCheckCharacter("")).toBeNull();
    expect(creditCodeCheckCharacter("91350100M000100Y")).toBeNull();
    expect(creditCodeCheckCharacter("91350100M000100Y43")).toBeNull();
    expect(creditCodeCheckCharacter("91350100m000100Y4")).toBeNull(); // the check function itself expects upper case
  });
});

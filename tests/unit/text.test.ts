import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeMultiline, normalizeProse, normalizeText, searchKey } from "../../functions/domain/text.ts";

const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(" ", "\u3000", "\t", "\n", "\r", "\u00a0", "\u2003", "Ａ", "１", "＠", "．", "a", "中", "ﬁ", "\u0301", "\ufeff"), maxLength: 40 }),
);

describe("normalizeText", () => {
  it("turns full-width letters, digits and punctuation typed on a Chinese keyboard into ASCII", () => {
    expect(normalizeText("ＡＢＣ１２３＠ｅｘａｍｐｌｅ．ｃｏｍ")).toBe("ABC123@example.com");
    expect(normalizeText("（０５７１）８８８８－６６６６")).toBe("(0571)8888-6666");
    expect(normalizeText("９１３５０１００Ｍ０００１００Ｙ４３")).toBe("91350100M000100Y43");
  });

  it("leaves Chinese characters and ordinary text as they are", () => {
    expect(normalizeText("杭州示例智能装备有限公司")).toBe("杭州示例智能装备有限公司");
    expect(normalizeText("Joint lab / R&D")).toBe("Joint lab / R&D");
  });

  it("collapses the ideographic space U+3000 and other runs of white space to one ordinary space", () => {
    expect(normalizeText("杭州\u3000示例")).toBe("杭州 示例");
    expect(normalizeText("a \t\u3000\u00a0 b")).toBe("a b");
    expect(normalizeText("line one\nline two\r\nthree")).toBe("line one line two three");
  });

  it("trims white space, including ideographic space, from both ends", () => {
    expect(normalizeText("\u3000\u3000 杭州 \t\n")).toBe("杭州");
    expect(normalizeText("   ")).toBe("");
    expect(normalizeText("\u3000")).toBe("");
  });

  it("folds compatibility ligatures, so a pasted name compares equal to a typed one", () => {
    expect(normalizeText("ﬁnance")).toBe("finance");
  });

  it("gives the same result when applied twice", () => {
    fc.assert(fc.property(anyText, (x) => normalizeText(normalizeText(x)) === normalizeText(x)));
  });

  it("never leaves white space at either end or two white-space characters in a row", () => {
    fc.assert(
      fc.property(anyText, (x) => {
        const y = normalizeText(x);
        expect(y).not.toMatch(/^\s|\s$|\s\s/u);
        expect(y).not.toMatch(/[^\S ]/u);
      }),
    );
  });
});

describe("normalizeMultiline", () => {
  it("keeps the paragraphs of a description", () => {
    expect(normalizeMultiline("第一段。\n\n第二段。")).toBe("第一段。\n\n第二段。");
    expect(normalizeMultiline("line one\nline two")).toBe("line one\nline two");
  });

  it("collapses three or more line breaks to one blank line", () => {
    expect(normalizeMultiline("a\n\n\nb")).toBe("a\n\nb");
    expect(normalizeMultiline("a\n\n\n\n\n\nb")).toBe("a\n\nb");
    expect(normalizeMultiline("a\n \n\u3000\n\t\nb")).toBe("a\n\nb");
  });

  it("turns Windows (CRLF) and old Mac (CR) line ends into LF", () => {
    expect(normalizeMultiline("a\r\nb\r\n\r\nc")).toBe("a\nb\n\nc");
    expect(normalizeMultiline("a\rb")).toBe("a\nb");
    expect(normalizeMultiline("a\r\n\r\n\r\n\r\nb")).toBe("a\n\nb");
  });

  it("trims each line and collapses spaces inside it, full-width included", () => {
    expect(normalizeMultiline("  ＡＢＣ\u3000\u3000公司  \n\t第二行 ")).toBe("ABC 公司\n第二行");
  });

  it("trims blank lines at the start and the end", () => {
    expect(normalizeMultiline("\n\n\n  hello  \n\n\n")).toBe("hello");
    expect(normalizeMultiline(" \r\n \r\n")).toBe("");
  });

  it("gives the same result when applied twice, and never has more than one blank line in a row", () => {
    fc.assert(
      fc.property(anyText, (x) => {
        const y = normalizeMultiline(x);
        expect(normalizeMultiline(y)).toBe(y);
        expect(y).not.toMatch(/\n\n\n|\r/);
      }),
    );
  });

  it("reads like normalizeProse when there is only one line", () => {
    fc.assert(
      fc.property(anyText, (x) => {
        const oneLine = x.replace(/[\n\r\u2028\u2029\u0085\u000b\u000c]/g, "");
        fc.pre(!/[\n\r]/.test(oneLine.normalize("NFC")));
        expect(normalizeMultiline(oneLine)).toBe(normalizeProse(oneLine));
      }),
    );
  });
});

describe("searchKey", () => {
  it("matches a keyword however it was typed: full-width, upper case or padded", () => {
    expect(searchKey("  ＲＯＢＯＴ ")).toBe("robot");
    expect(searchKey("Robot")).toBe(searchKey("ｒｏｂｏｔ"));
    expect(searchKey("数控\u3000Machining")).toBe("数控 machining");
  });

  it("is lower-case and normalized for any input", () => {
    fc.assert(
      fc.property(anyText, (x) => {
        const key = searchKey(x);
        expect(key).toBe(key.toLowerCase());
        expect(key).toBe(normalizeText(x).toLowerCase());
      }),
    );
  });
});

describe("normalizeProse", () => {
  it("keeps Chinese punctuation in a registered name while folding full-width letters and digits", () => {
    expect(normalizeProse(" 腾讯科技（深圳）有限公司 ")).toBe("腾讯科技（深圳）有限公司");
    expect(normalizeProse("ＡＢＣ１２３科技，\u3000有限公司")).toBe("ABC123科技， 有限公司");
  });

  it("gives the same result when applied twice", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (x) => normalizeProse(normalizeProse(x)) === normalizeProse(x)));
  });
});

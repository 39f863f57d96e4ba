import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodedWord, mimeMessage, type MimeInput } from "../../functions/domain/mime-message.ts";

function base64ToUtf8(base64: string): string {
  const binary = atob(base64);
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function decodeEncodedWord(word: string): string {
  const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(word);
  if (!match) throw new Error(`not an RFC 2047 B-encoded UTF-8 word: ${word}`);
  return base64ToUtf8(match[1] ?? "");
}

function message(overrides: Partial<MimeInput> = {}): MimeInput {
  return {
    from: "coop@college.example.edu.cn",
    to: "wang.haiyan@example.com",
    subject: "请确认合作意向 XQ-2026-000123",
    text: "王海燕，您好：\n\n我们收到了以贵单位（杭州示例智能装备有限公司）名义提交的合作意向，编号 XQ-2026-000123。\n\nhttps://xiaoqi.example.edu.cn/zh/proposals/status?token=abc",
    date: new Date(Date.UTC(2026, 2, 1, 8, 30, 0)),
    messageId: "<xq-2026-000123.confirm@college.example.edu.cn>",
    ...overrides,
  };
}

function split(raw: string): { headers: string; body: string } {
  const at = raw.indexOf("\r\n\r\n");
  return { headers: raw.slice(0, at), body: raw.slice(at + 4) };
}

const subjectOf = (raw: string) => /^Subject: (.*)$/m.exec(split(raw).headers)?.[1]?.replace(/\r$/, "") ?? "";

describe("subject encoding (RFC 2047)", () => {
  it("leaves a plain ASCII subject as it is", () => {
    expect(encodedWord("Please confirm proposal XQ-2026-000123")).toBe("Please confirm proposal XQ-2026-000123");
    expect(encodedWord("")).toBe("");
  });

  it("encodes a Chinese subject as a UTF-8 base64 encoded word that decodes back", () => {
    const word = encodedWord("请确认合作意向 XQ-2026-000123");
    expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    expect(decodeEncodedWord(word)).toBe("请确认合作意向 XQ-2026-000123");
  });

  it("encodes a subject carrying a line break, so it cannot inject a header", () => {
    const word = encodedWord("Hello\r\nBcc: victim@example.com");
    expect(word).not.toMatch(/[\r\n]/);
    expect(decodeEncodedWord(word)).toBe("Hello\r\nBcc: victim@example.com");
  });

  it("keeps each encoded word within the 75 characters RFC 2047 allows, so a long Chinese subject survives strict relays", () => {
    // The staff notification's subject: "新的合作意向 {reference}：{org}" with an ordinary company name.
    const subject = "新的合作意向 XQ-2026-000123：杭州示例智能装备有限公司";
    const { headers } = split(mimeMessage(message({ subject })));
    const unfolded = headers.replace(/\r\n[ \t]/g, " ");
    const value = /^Subject: (.*)$/m.exec(unfolded)?.[1] ?? "";
    const words = value.split(/[ \t]+/);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    // Adjacent encoded words join without the white space between them (RFC 2047 §6.2).
    expect(words.map(decodeEncodedWord).join("")).toBe(subject);
  });

  it("round-trips any subject, ASCII or not, emoji included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (subject) => {
        const word = encodedWord(subject);
        expect(word).not.toMatch(/[\r\n]/);
        expect(/^[\x20-\x7e]*$/.test(subject) ? word : decodeEncodedWord(word)).toBe(subject);
      }),
    );
  });
});

describe("plain-text message", () => {
  it("carries the headers a relay needs, separated from the body by an empty line", () => {
    const { headers } = split(mimeMessage(message()));
    expect(headers.split("\r\n")).toEqual([
      "From: coop@college.example.edu.cn",
      "To: wang.haiyan@example.com",
      `Subject: ${encodedWord("请确认合作意向 XQ-2026-000123")}`,
      "Date: Sun, 01 Mar 2026 08:30:00 GMT",
      "Message-ID: <xq-2026-000123.confirm@college.example.edu.cn>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: base64",
    ]);
  });

  it("puts the English subject in the header as is", () => {
    expect(subjectOf(mimeMessage(message({ subject: "Please confirm proposal XQ-2026-000123" })))).toBe("Please confirm proposal XQ-2026-000123");
  });

  it("ends every line with CRLF and never has a bare CR or LF", () => {
    const raw = mimeMessage(message());
    expect(raw.endsWith("\r\n")).toBe(true);
    expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("wraps the base64 body in lines of at most 76 characters", () => {
    const { body } = split(mimeMessage(message({ text: "合作".repeat(500) })));
    const lines = body.split("\r\n");
    expect(lines.at(-1)).toBe("");
    for (const line of lines.slice(0, -1)) {
      expect(line.length).toBeGreaterThan(0);
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).toMatch(/^[A-Za-z0-9+/=]+$/);
    }
    expect(lines.slice(0, -2).every((line) => line.length === 76)).toBe(true);
  });

  it("sends the Chinese body so that it decodes to the original text with CRLF line ends", () => {
    const text = message().text;
    const { body } = split(mimeMessage(message()));
    expect(base64ToUtf8(body.replace(/\r\n/g, ""))).toBe(text.replace(/\n/g, "\r\n"));
  });

  it("does not double a CR already present in the text", () => {
    const { body } = split(mimeMessage(message({ text: "one\r\ntwo\nthree" })));
    expect(base64ToUtf8(body.replace(/\r\n/g, ""))).toBe("one\r\ntwo\r\nthree");
  });

  it("sends an empty body as an empty body", () => {
    const raw = mimeMessage(message({ text: "" }));
    expect(split(raw).body).toBe("");
  });

  it("keeps any text intact, with lines of at most 76 characters and CRLF everywhere", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 30 }), (text, subject) => {
        const raw = mimeMessage(message({ text, subject }));
        expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
        const { body } = split(raw);
        const lines = body.split("\r\n");
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
        expect(base64ToUtf8(lines.join(""))).toBe(text.replace(/\r?\n/g, "\r\n"));
      }),
    );
  });
});

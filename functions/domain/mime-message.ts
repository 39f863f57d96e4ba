/**
 * A minimal RFC 5322 plain-text message, UTF-8 throughout: the subject as an RFC 2047 encoded
 * word, the body base64 in lines of 76, so Chinese text survives every relay.
 */
export interface MimeInput {
  from: string;
  to: string;
  subject: string;
  text: string;
  date: Date;
  messageId: string;
}

function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * A header value as RFC 2047 encoded words. An encoded word may be at most 75 characters, so
 * longer text is split between characters (never inside one) into words of at most 45 bytes,
 * folded onto continuation lines.
 */
export function encodedWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const encoder = new TextEncoder();
  const words: string[] = [];
  let current = "";
  for (const char of text) {
    if (encoder.encode(current + char).byteLength > 45) {
      words.push(current);
      current = "";
    }
    current += char;
  }
  if (current) words.push(current);
  return words.map((word) => `=?UTF-8?B?${base64Utf8(word)}?=`).join("\r\n ");
}

export function mimeMessage(m: MimeInput): string {
  const body = base64Utf8(m.text.replace(/\r?\n/g, "\r\n")).replace(/.{1,76}/g, "$&\r\n");
  return [
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: ${encodedWord(m.subject)}`,
    `Date: ${m.date.toUTCString()}`,
    `Message-ID: ${m.messageId}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    body,
  ].join("\r\n");
}

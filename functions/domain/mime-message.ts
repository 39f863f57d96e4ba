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

export function encodedWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${base64Utf8(text)}?=`;
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

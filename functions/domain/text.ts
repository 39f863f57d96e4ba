/**
 * Text normalization at the boundary. Chinese keyboards type full-width letters, digits and
 * punctuation (ＡＢＣ１２３，＠); NFKC folds them into ordinary ones so that codes, emails and
 * searches compare equal however they were typed. Runs of white space (including U+3000, the
 * ideographic space) become one space, and ends are trimmed.
 */
export function normalizeText(input: string): string {
  return input.normalize("NFKC").replace(/\s+/gu, " ").trim();
}

/**
 * For prose a person reads back (organization names, descriptions): full-width letters, digits
 * and spaces fold like NFKC does, but Chinese punctuation (，。：；（）) stays as typed, since
 * NFKC would turn 腾讯科技（深圳）有限公司 into ASCII brackets and commas in Chinese sentences.
 */
export function normalizeProse(input: string): string {
  // Fold first, then compose: a folded letter may take a combining mark that follows it.
  return foldFullWidthAlphanumerics(input).normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** Like normalizeProse, but keeps line breaks (for multi-paragraph descriptions). */
export function normalizeMultiline(input: string): string {
  return foldFullWidthAlphanumerics(input)
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[^\S\n]+/gu, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The form keyword search compares against: normalized and lower-cased. */
export function searchKey(input: string): string {
  return normalizeText(input).toLowerCase();
}

/** Ｆｕｌｌ-width Ａ–Ｚ, ａ–ｚ, ０–９ and the ideographic space to their ASCII forms; nothing else. */
function foldFullWidthAlphanumerics(input: string): string {
  return input.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u3000]/gu, (ch) => (ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

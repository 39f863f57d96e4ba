/**
 * Text normalization at the boundary. Chinese keyboards type full-width letters, digits and
 * punctuation (ＡＢＣ１２３，＠); NFKC folds them into ordinary ones so that codes, emails and
 * searches compare equal however they were typed. Runs of white space (including U+3000, the
 * ideographic space) become one space, and ends are trimmed.
 */
export function normalizeText(input: string): string {
  return input.normalize("NFKC").replace(/\s+/gu, " ").trim();
}

/** Like normalizeText, but keeps line breaks (for multi-paragraph descriptions). */
export function normalizeMultiline(input: string): string {
  return input
    .normalize("NFKC")
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

/**
 * The portal's two languages. A locale (`zh-CN`, `en`) is stored and put in `<html lang>`; its
 * URL prefix (`zh`, `en`) is what appears in paths.
 */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const LANG_PREFIXES = ["zh", "en"] as const;
export type LangPrefix = (typeof LANG_PREFIXES)[number];

export function localeOfPrefix(prefix: LangPrefix): Locale {
  return prefix === "en" ? "en" : "zh-CN";
}

export function prefixOfLocale(locale: Locale): LangPrefix {
  return locale === "en" ? "en" : "zh";
}

export function isLangPrefix(value: string | undefined): value is LangPrefix {
  return value === "zh" || value === "en";
}

/**
 * Picks the prefix from an Accept-Language header by its q-values: the first Chinese or English tag wins;
 * Chinese is the default, since it is a Chinese college's portal.
 */
export function prefixFromAcceptLanguage(header: string | null): LangPrefix {
  if (!header) return "zh";
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number.parseFloat(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return "zh";
}

/**
 * What every page needs from its URL: the language prefix, the locale, a translator, the
 * localized name of a bilingual record, and the same page's URL in the other language.
 */
import { isLangPrefix, type LangPrefix, type Locale, localeOfPrefix } from "../../functions/domain/locale.ts";
import type { FieldError } from "../../functions/domain/proposal-input.ts";
import { isMessageKey, translator, type Translate } from "./messages.ts";

export interface PageLang {
  prefix: LangPrefix;
  locale: Locale;
  t: Translate;
  /** Picks the field of a bilingual record in this language: `pick(p, "title")` → p.titleZh or p.titleEn. */
  pick: <K extends string>(record: Record<`${K}Zh` | `${K}En`, string>, field: K) => string;
  /** The current page in the other language, query string kept. */
  alternate: { prefix: LangPrefix; href: string };
  /** A path in this language: `href("/programs")` → "/zh/programs". */
  href: (path: string) => string;
}

export function pageLang(params: Record<string, string | undefined>, url: URL): PageLang | null {
  const prefix = params["lang"];
  if (!isLangPrefix(prefix)) return null;
  const locale = localeOfPrefix(prefix);
  const other: LangPrefix = prefix === "zh" ? "en" : "zh";
  return {
    prefix,
    locale,
    t: translator(locale),
    pick: (record, field) => (prefix === "zh" ? record[`${field}Zh`] : record[`${field}En`]),
    // A prerendered page sees its file name (/zh/privacy.html); links use the clean address.
    alternate: { prefix: other, href: url.pathname.replace(/\.html$/, "").replace(/^\/(zh|en)(?=\/|$)/, `/${other}`) + url.search },
    href: (path) => `/${prefix}${path}`,
  };
}

export function formatDate(locale: Locale, isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return locale === "zh-CN" ? `${y}年${Number(m)}月${Number(d)}日` : new Date(`${isoDate}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function formatDateTime(locale: Locale, epochMs: number): string {
  return new Date(epochMs).toLocaleString(locale === "zh-CN" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" });
}

/** The message for an error code (a key under `error.`), or a generic one for an unknown code. */
export function errorMessage(t: Translate, code: string, params?: Record<string, string | number>): string {
  const key = `error.${code}`;
  return isMessageKey(key) ? t(key, params) : t("error.invalid");
}

/** Each field's error in this language: what a form shows next to its fields. */
export function fieldMessages(t: Translate, fields: FieldError[]): Map<string, string> {
  return new Map(fields.map((f) => [f.field, errorMessage(t, f.code, f.params)]));
}

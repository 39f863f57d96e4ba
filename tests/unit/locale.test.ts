import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LANG_PREFIXES, LOCALES, isLangPrefix, localeOfPrefix, prefixFromAcceptLanguage, prefixOfLocale } from "../../functions/domain/locale.ts";

describe("language from Accept-Language", () => {
  it("serves Chinese when the browser sends no preference", () => {
    expect(prefixFromAcceptLanguage(null)).toBe("zh");
    expect(prefixFromAcceptLanguage("")).toBe("zh");
  });

  it("serves English to an English browser", () => {
    expect(prefixFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(prefixFromAcceptLanguage("en")).toBe("en");
    expect(prefixFromAcceptLanguage("EN-gb")).toBe("en");
  });

  it("serves Chinese to a Chinese browser, whatever the script or region", () => {
    expect(prefixFromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(prefixFromAcceptLanguage("zh-TW,zh;q=0.9")).toBe("zh");
    expect(prefixFromAcceptLanguage("zh-Hant-HK")).toBe("zh");
  });

  it("serves English to a French browser that also reads English", () => {
    expect(prefixFromAcceptLanguage("fr-FR,en;q=0.5")).toBe("en");
    expect(prefixFromAcceptLanguage("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")).toBe("en");
  });

  it("serves Chinese to a browser that reads neither Chinese nor English", () => {
    expect(prefixFromAcceptLanguage("fr-FR,fr;q=0.9,de;q=0.8")).toBe("zh");
    expect(prefixFromAcceptLanguage("*")).toBe("zh");
  });

  it("follows the q-values rather than the order of the list", () => {
    expect(prefixFromAcceptLanguage("zh;q=0.1, en;q=0.9")).toBe("en");
    expect(prefixFromAcceptLanguage("en;q=0.2,zh-CN;q=0.7")).toBe("zh");
  });

  it("keeps the order of the list between languages of equal weight", () => {
    expect(prefixFromAcceptLanguage("en;q=0.8, zh;q=0.8")).toBe("en");
    expect(prefixFromAcceptLanguage("zh, en")).toBe("zh");
  });

  it("ignores a language the browser explicitly refuses with q=0", () => {
    expect(prefixFromAcceptLanguage("en;q=0")).toBe("zh");
    expect(prefixFromAcceptLanguage("en;q=0, fr")).toBe("zh");
    expect(prefixFromAcceptLanguage("zh;q=0, en;q=0.1")).toBe("en");
    expect(prefixFromAcceptLanguage("zh;q=0.000, en;q=0.001")).toBe("en");
  });

  it("does not mistake a language whose tag merely begins with en or zh (e.g. Zhuang) for English or Chinese", () => {
    expect(prefixFromAcceptLanguage("enm, zha")).toBe("zh");
    expect(prefixFromAcceptLanguage("zha, en;q=0.5")).toBe("en");
  });

  it("understands the optional white space the HTTP grammar allows around the q-value separator", () => {
    // RFC 9110 §12.4.2: weight = OWS ";" OWS "q=" qvalue — "en ;q=0.8" is a valid element.
    expect(prefixFromAcceptLanguage("en; q=0.8")).toBe("en");
    expect(prefixFromAcceptLanguage("fr-FR, en ;q=0.8")).toBe("en");
  });

  it("never throws on a garbage header and always answers zh or en", () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        expect(LANG_PREFIXES).toContain(prefixFromAcceptLanguage(header));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("e", "n", "z", "h", "-", ",", ";", "q", "=", ".", "0", "1", "9", " ", "*", "x") }), (header) => {
        expect(LANG_PREFIXES).toContain(prefixFromAcceptLanguage(header));
      }),
    );
  });
});

describe("locales and URL prefixes", () => {
  it("maps each URL prefix to its locale and back", () => {
    expect(localeOfPrefix("zh")).toBe("zh-CN");
    expect(localeOfPrefix("en")).toBe("en");
    for (const prefix of LANG_PREFIXES) expect(prefixOfLocale(localeOfPrefix(prefix))).toBe(prefix);
    for (const locale of LOCALES) expect(localeOfPrefix(prefixOfLocale(locale))).toBe(locale);
  });

  it("recognizes only zh and en as path prefixes", () => {
    expect(isLangPrefix("zh")).toBe(true);
    expect(isLangPrefix("en")).toBe(true);
    for (const other of [undefined, "", "zh-CN", "ZH", "EN", "fr", "api"]) expect(isLangPrefix(other)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { COOPERATION_TYPES } from "../../functions/domain/cooperation-type.ts";
import { LOCALES } from "../../functions/domain/locale.ts";
import { ORGANIZATION_SIZES } from "../../functions/domain/organization-size.ts";
import { isMessageKey, translate, translator, type MessageKey } from "../../src/i18n/messages.ts";
// The catalogs are module-private; read their keys from the source. The zh catalog defines them.
import source from "../../src/i18n/messages.ts?raw";

function catalogKeys(name: "zh" | "en"): string[] {
  const start = source.indexOf(name === "zh" ? "const zh = {" : "const en: Record<MessageKey, string> = {");
  const end = source.indexOf("\n};", start);
  if (start < 0 || end < 0) throw new Error(`catalog ${name} not found in messages.ts`);
  return [...source.slice(start, end).matchAll(/^ {2}"([^"]+)":/gm)].map((m) => m[1] ?? "");
}

const ZH_KEYS = catalogKeys("zh");
const EN_KEYS = catalogKeys("en");
const KEYS = ZH_KEYS as MessageKey[];

const placeholders = (template: string) => new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

describe("message catalogs", () => {
  it("were read from the source (sanity check of the test itself)", () => {
    expect(ZH_KEYS.length).toBeGreaterThan(100);
    expect(ZH_KEYS).toContain("nav.home");
    expect(ZH_KEYS).toContain("email.staff.body");
    for (const key of ZH_KEYS) expect(isMessageKey(key)).toBe(true);
  });

  it("define each key once, and the English catalog has exactly the Chinese keys", () => {
    expect(new Set(ZH_KEYS).size).toBe(ZH_KEYS.length);
    expect(new Set(EN_KEYS).size).toBe(EN_KEYS.length);
    expect([...EN_KEYS].sort()).toEqual([...ZH_KEYS].sort());
  });

  it.each(LOCALES)("have a non-empty text for every key in %s", (locale) => {
    const missing = KEYS.filter((key) => {
      const text: unknown = translate(locale, key);
      return typeof text !== "string" || text.trim() === "";
    });
    expect(missing).toEqual([]);
  });

  it("use the same placeholders in Chinese and English for every key", () => {
    const mismatched = KEYS.filter((key) => {
      const zh = placeholders(translate("zh-CN", key));
      const en = placeholders(translate("en", key));
      return zh.size !== en.size || [...zh].some((p) => !en.has(p));
    }).map((key) => `${key}: zh {${[...placeholders(translate("zh-CN", key))].join(",")}} en {${[...placeholders(translate("en", key))].join(",")}}`);
    expect(mismatched).toEqual([]);
  });

  it("have no malformed placeholders (unbalanced braces) a translator could leave behind", () => {
    for (const locale of LOCALES) {
      for (const key of KEYS) {
        const stripped = translate(locale, key).replace(/\{\w+\}/g, "");
        expect(stripped, `${locale} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });

  it("have a Chinese text that is actually Chinese for the cooperation types and sizes shown in forms", () => {
    for (const type of COOPERATION_TYPES) {
      expect(translate("zh-CN", `type.${type}`)).toMatch(/\p{Script=Han}/u);
      expect(translate("en", `type.${type}`)).not.toMatch(/\p{Script=Han}/u);
      expect(isMessageKey(`typeHelp.${type}`)).toBe(true);
    }
    for (const size of ORGANIZATION_SIZES) expect(isMessageKey(`size.${size}`)).toBe(true);
  });
});

describe("translate", () => {
  it("fills placeholders with the given values", () => {
    expect(translate("zh-CN", "home.title", { college: "浙江示例职业技术学院" })).toBe("与浙江示例职业技术学院合作");
    expect(translate("zh-CN", "catalog.count", { total: 42 })).toBe("共 42 个项目");
    expect(translate("en", "email.staff.subject", { reference: "XQ-2026-000123", org: "Acme" })).toBe("New proposal XQ-2026-000123: Acme");
  });

  it("fills a number zero rather than dropping it", () => {
    expect(translate("zh-CN", "catalog.count", { total: 0 })).toBe("共 0 个项目");
  });

  it("leaves a placeholder visible when its value is missing, instead of printing undefined", () => {
    expect(translate("zh-CN", "catalog.count")).toBe("共 {total} 个项目");
    expect(translate("en", "email.greeting", { other: "x" })).toBe("Dear {name},");
  });

  it("inserts values literally, without re-expanding placeholders or $ patterns inside them", () => {
    expect(translate("en", "email.staff.subject", { reference: "{org}", org: "$& $1 $$" })).toBe("New proposal {org}: $& $1 $$");
  });

  it("gives every placeholder of every message its value when all are supplied", () => {
    for (const locale of LOCALES) {
      for (const key of KEYS) {
        const names = [...placeholders(translate(locale, key))];
        const params = Object.fromEntries(names.map((name) => [name, `<${name}>`]));
        const text = translate(locale, key, params);
        expect(text, `${locale} ${key}`).not.toMatch(/\{\w+\}/);
        for (const name of names) expect(text).toContain(`<${name}>`);
      }
    }
  });

  it("is what a translator bound to a locale returns", () => {
    const t = translator("en");
    expect(t("nav.home")).toBe(translate("en", "nav.home"));
    expect(t("home.title", { college: "X" })).toBe(translate("en", "home.title", { college: "X" }));
    expect(translator("zh-CN")("nav.home")).toBe("首页");
  });

  it("recognizes only keys that exist", () => {
    expect(isMessageKey("nav.home")).toBe(true);
    expect(isMessageKey("error.required")).toBe(true);
    expect(isMessageKey("nav.nothing")).toBe(false);
    expect(isMessageKey("error.no_such_code")).toBe(false);
    expect(isMessageKey("")).toBe(false);
  });

  it("does not take Object.prototype names such as toString for message keys (translate would then throw)", () => {
    const taken = ["toString", "constructor", "hasOwnProperty", "valueOf", "__proto__"].filter((name) => isMessageKey(name));
    expect(taken).toEqual([]);
  });
});

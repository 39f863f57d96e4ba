import { describe, expect, it } from "vitest";
import { COOPERATION_TYPES } from "../../functions/domain/cooperation-type.ts";
import { LOCALES } from "../../functions/domain/locale.ts";
import { confirmEmail, receivedEmail, staffNotificationEmail, statusLinksEmail } from "../../functions/domain/proposal-emails.ts";

const UNFILLED = /\{\w+\}/;
const STATUS_URL = "https://xiaoqi.example.edu.cn/zh/proposals/status?token=st_abc123";
const CONFIRM_URL = "https://xiaoqi.example.edu.cn/zh/proposals/confirm?token=cf_def456";

const common = {
  college: "浙江示例职业技术学院",
  reference: "XQ-2026-000123",
  org: "杭州示例智能装备有限公司",
  contactName: "王海燕",
};

describe("the email asking the contact to confirm a proposal", () => {
  it.each(LOCALES)("in %s carries the confirm link, the status link and the reference, with every placeholder filled", (locale) => {
    const email = confirmEmail({ ...common, locale, statusUrl: STATUS_URL, confirmUrl: CONFIRM_URL });
    expect(email.subject).toContain("XQ-2026-000123");
    expect(email.bodyText).toContain(CONFIRM_URL);
    expect(email.bodyText).toContain(STATUS_URL);
    expect(email.bodyText).toContain("XQ-2026-000123");
    expect(email.bodyText).toContain("杭州示例智能装备有限公司");
    expect(email.bodyText).toContain("王海燕");
    expect(email.bodyText).toContain("浙江示例职业技术学院");
    expect(email.subject).not.toMatch(UNFILLED);
    expect(email.bodyText).not.toMatch(UNFILLED);
  });

  it("puts each link on a line of its own, so mail clients make it clickable", () => {
    for (const locale of LOCALES) {
      const lines = confirmEmail({ ...common, locale, statusUrl: STATUS_URL, confirmUrl: CONFIRM_URL }).bodyText.split("\n");
      expect(lines).toContain(CONFIRM_URL);
      expect(lines).toContain(STATUS_URL);
    }
  });

  it("speaks the contact's language", () => {
    const zh = confirmEmail({ ...common, locale: "zh-CN", statusUrl: STATUS_URL, confirmUrl: CONFIRM_URL });
    const en = confirmEmail({ ...common, locale: "en", statusUrl: STATUS_URL, confirmUrl: CONFIRM_URL });
    expect(zh.subject).toBe("请确认合作意向 XQ-2026-000123");
    expect(zh.bodyText.startsWith("王海燕，您好：\n\n")).toBe(true);
    expect(en.subject).toBe("Please confirm proposal XQ-2026-000123");
    expect(en.bodyText.startsWith("Dear 王海燕,\n\n")).toBe(true);
    expect(en.bodyText.endsWith("Cooperation Office, 浙江示例职业技术学院")).toBe(true);
  });

  it("prints names exactly as typed, even ones that look like placeholders or replacement patterns", () => {
    const email = confirmEmail({ ...common, locale: "en", org: "Acme {confirmUrl} $& $1 Ltd", contactName: "$' {name}", statusUrl: STATUS_URL, confirmUrl: CONFIRM_URL });
    expect(email.bodyText).toContain("Acme {confirmUrl} $& $1 Ltd");
    expect(email.bodyText).toContain("Dear $' {name},");
    expect(email.bodyText.split(CONFIRM_URL)).toHaveLength(2);
  });
});

describe("the email acknowledging a proposal", () => {
  it.each(LOCALES)("in %s carries the status link and reference, with every placeholder filled", (locale) => {
    const email = receivedEmail({ ...common, locale, statusUrl: STATUS_URL });
    expect(email.subject).toContain("XQ-2026-000123");
    expect(email.bodyText).toContain(STATUS_URL);
    expect(email.bodyText).toContain("杭州示例智能装备有限公司");
    expect(`${email.subject}\n${email.bodyText}`).not.toMatch(UNFILLED);
  });
});

describe("the email resending status links", () => {
  it.each(LOCALES)("in %s lists every proposal with its status link, and a confirm link only where one is pending", (locale) => {
    const email = statusLinksEmail({
      locale,
      college: common.college,
      contactName: common.contactName,
      links: [
        { reference: "XQ-2026-000123", org: "杭州示例智能装备有限公司", statusUrl: STATUS_URL, confirmUrl: CONFIRM_URL },
        { reference: "XQ-2026-000200", org: "宁波示例模具有限公司", statusUrl: `${STATUS_URL}-2`, confirmUrl: null },
      ],
    });
    expect(email.bodyText).toContain("XQ-2026-000123 · 杭州示例智能装备有限公司");
    expect(email.bodyText).toContain("XQ-2026-000200 · 宁波示例模具有限公司");
    expect(email.bodyText).toContain(STATUS_URL);
    expect(email.bodyText).toContain(`${STATUS_URL}-2`);
    expect(email.bodyText.split(CONFIRM_URL)).toHaveLength(2);
    expect(`${email.subject}\n${email.bodyText}`).not.toMatch(UNFILLED);
  });
});

describe("the note to the cooperation office", () => {
  const note = staffNotificationEmail({
    reference: "XQ-2026-000123",
    org: "杭州示例智能装备有限公司",
    types: ["internship", "order-class", "joint-lab"],
    contactName: "王海燕",
    email: "wang.haiyan@example.com",
    phone: "0571-88886666",
    via: "turnstile",
    description: "我们计划与数控技术专业合作开设订单班。",
  });

  it("is in Chinese, whatever language the proposal came in", () => {
    expect(note.locale).toBe("zh-CN");
    expect(note.subject).toBe("新的合作意向 XQ-2026-000123：杭州示例智能装备有限公司");
    expect(note.bodyText).toContain("收到新的合作意向");
  });

  it("lists the cooperation types by their Chinese names", () => {
    expect(note.bodyText).toContain("合作形式：岗位实习、订单班、联合实验室 / 研发");
    expect(note.bodyText).not.toContain("order-class");
  });

  it("gives the office everything it needs to call back, with every placeholder filled", () => {
    for (const part of ["XQ-2026-000123", "王海燕", "wang.haiyan@example.com", "0571-88886666", "Turnstile", "我们计划与数控技术专业合作开设订单班。"]) {
      expect(note.bodyText).toContain(part);
    }
    expect(`${note.subject}\n${note.bodyText}`).not.toMatch(UNFILLED);
  });

  it("says when the proposal was confirmed by email rather than Turnstile", () => {
    const byEmail = staffNotificationEmail({ reference: "XQ-2026-000124", org: "示例", types: ["internship"], contactName: "李", email: "li@example.com", phone: "13800000000", via: "email", description: "描述" });
    expect(byEmail.bodyText).toContain("确认方式：Email");
  });

  it("has a Chinese name for every cooperation type", () => {
    const all = staffNotificationEmail({ reference: "XQ-2026-000125", org: "示例", types: [...COOPERATION_TYPES], contactName: "李", email: "li@example.com", phone: "13800000000", via: "email", description: "描述" });
    const line = all.bodyText.split("\n").find((l) => l.startsWith("合作形式：")) ?? "";
    const names = line.slice("合作形式：".length).split("、");
    expect(names).toHaveLength(COOPERATION_TYPES.length);
    for (const name of names) {
      expect(name).toMatch(/\p{Script=Han}/u);
      expect(name).not.toMatch(/^type\./);
    }
  });
});

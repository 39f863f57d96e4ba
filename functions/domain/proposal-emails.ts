/**
 * The emails a proposal sends, rendered as plain text in the recipient's language. Pure: the
 * caller supplies links and names; the outbox stores what this returns.
 */
import { translate } from "../../src/i18n/messages.ts";
import type { CooperationType } from "./cooperation-type.ts";
import type { Locale } from "./locale.ts";

export interface EmailText {
  subject: string;
  bodyText: string;
}

interface Common {
  locale: Locale;
  college: string;
  reference: string;
  org: string;
  contactName: string;
}

function letter(c: Common, body: string): string {
  return [translate(c.locale, "email.greeting", { name: c.contactName }), "", body, "", translate(c.locale, "email.signature", { college: c.college })].join("\n");
}

export function receivedEmail(c: Common & { statusUrl: string }): EmailText {
  return {
    subject: translate(c.locale, "email.received.subject", { reference: c.reference }),
    bodyText: letter(c, translate(c.locale, "email.received.body", { org: c.org, reference: c.reference, statusUrl: c.statusUrl })),
  };
}

export function confirmEmail(c: Common & { statusUrl: string; confirmUrl: string }): EmailText {
  return {
    subject: translate(c.locale, "email.confirm.subject", { reference: c.reference }),
    bodyText: letter(c, translate(c.locale, "email.confirm.body", { org: c.org, reference: c.reference, statusUrl: c.statusUrl, confirmUrl: c.confirmUrl })),
  };
}

export interface LinkLine {
  reference: string;
  org: string;
  statusUrl: string;
  confirmUrl: string | null;
}

export function statusLinksEmail(c: { locale: Locale; college: string; contactName: string; links: LinkLine[] }): EmailText {
  const links = c.links
    .map((l) =>
      [`${l.reference} · ${l.org}`, l.statusUrl, ...(l.confirmUrl ? [translate(c.locale, "email.statusLinks.confirmLine", { confirmUrl: l.confirmUrl })] : [])].join("\n"),
    )
    .join("\n\n");
  return {
    subject: translate(c.locale, "email.statusLinks.subject"),
    bodyText: [translate(c.locale, "email.greeting", { name: c.contactName }), "", translate(c.locale, "email.statusLinks.body", { links }), "", translate(c.locale, "email.signature", { college: c.college })].join("\n"),
  };
}

/** The note to the cooperation office, always in Chinese: the office works in Chinese. */
export function staffNotificationEmail(p: {
  reference: string;
  org: string;
  types: CooperationType[];
  contactName: string;
  email: string;
  phone: string;
  via: "turnstile" | "email";
  description: string;
}): EmailText & { locale: Locale } {
  const locale: Locale = "zh-CN";
  return {
    locale,
    subject: translate(locale, "email.staff.subject", { reference: p.reference, org: p.org }),
    bodyText: translate(locale, "email.staff.body", {
      reference: p.reference,
      org: p.org,
      types: p.types.map((t) => translate(locale, `type.${t}`)).join("、"),
      contact: p.contactName,
      email: p.email,
      phone: p.phone,
      via: p.via === "turnstile" ? "Turnstile" : "Email",
      description: p.description,
    }),
  };
}

// POST /api/v1/proposals in workerd on a real local D1: what an organization gets back, and what
// the college ends up storing (the proposal, its types, majors, first event and its emails).
import { describe, expect, it } from "vitest";
import {
  countRows,
  outboxFor,
  postProposal,
  type Problem,
  type Receipt,
  rows,
  uniqueEmail,
  uniqueIp,
  uniqueKey,
  validCreditCode,
  validProposal,
} from "./helpers.ts";

const REFERENCE = /^XQ-\d{4}-\d{6}$/;

async function proposalByReference(reference: string) {
  const [row] = await rows<Record<string, unknown> & { id: number }>("select * from proposals where reference = ?", reference);
  if (!row) throw new Error(`no proposal ${reference}`);
  return row;
}

describe("submitting a proposal", () => {
  it("stores a proposal vouched for by Turnstile as submitted, with its details, first event and both emails", async () => {
    const body = validProposal({ turnstileToken: "any-token-passes-with-the-test-secret" });
    const res = await postProposal(body);

    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const receipt = await res.json<Receipt>();
    expect(receipt.status).toBe("submitted");
    expect(receipt.reference).toMatch(REFERENCE);
    expect(receipt.confirmation).toBe("not-needed");
    expect(receipt.replayed).toBe(false);
    expect(receipt.statusUrl).toMatch(/^http:\/\/localhost:8787\/zh\/proposals\/[A-Za-z0-9_-]{43}$/);

    const proposal = await proposalByReference(receipt.reference);
    expect(proposal).toMatchObject({ status: "submitted", confirmed_via: "turnstile", org_name: body["orgName"], contact_email: body["contactEmail"], expires_at: null });
    const types = await rows<{ type: string }>("select type from proposal_cooperation_types where proposal_id = ? order by type", proposal.id);
    expect(types.map((t) => t.type)).toEqual(["internship", "order-class"]);
    const majors = await rows<{ major_code: string }>("select major_code from proposal_majors where proposal_id = ? order by major_code", proposal.id);
    expect(majors.map((m) => m.major_code)).toEqual(["industrial-robotics", "mechatronics"]);
    const events = await rows("select from_status, to_status, actor from proposal_events where proposal_id = ?", proposal.id);
    expect(events).toEqual([{ from_status: null, to_status: "submitted", actor: "enterprise" }]);

    const toContact = await outboxFor(String(body["contactEmail"]));
    expect(toContact.map((m) => m.kind)).toEqual(["proposal-received"]);
    expect(toContact[0]?.body_text).toContain(receipt.reference);
    const toStaff = await rows<{ kind: string; created_at: number; body_text: string }>(
      "select kind, created_at, body_text from outbox where kind = 'staff-proposal-submitted' and instr(body_text, ?) > 0",
      receipt.reference,
    );
    expect(toStaff).toHaveLength(1);
    // Written in the same batch as the proposal: one timestamp for the row and both emails.
    expect(toStaff[0]?.created_at).toBe(proposal["created_at"]);
    expect(toContact[0]?.created_at).toBe(proposal["created_at"]);
  });

  it("keeps a proposal sent without a Turnstile token as unconfirmed and emails the contact a confirmation link, not the staff", async () => {
    const body = validProposal();
    const staffBefore = await countRows("outbox where kind = 'staff-proposal-submitted'");
    const res = await postProposal(body);

    expect(res.status).toBe(201);
    const receipt = await res.json<Receipt>();
    expect(receipt).toMatchObject({ status: "unconfirmed", confirmation: "sent", replayed: false });
    expect(receipt.reference).toMatch(REFERENCE);

    const proposal = await proposalByReference(receipt.reference);
    expect(proposal).toMatchObject({ status: "unconfirmed", confirmed_via: null });
    expect(proposal["expires_at"]).toBe(Number(proposal["created_at"]) + 14 * 24 * 60 * 60 * 1000);
    const mails = await outboxFor(String(body["contactEmail"]));
    expect(mails.map((m) => m.kind)).toEqual(["proposal-confirm"]);
    expect(mails[0]?.body_text).toMatch(/\/zh\/proposals\/confirm\/[A-Za-z0-9_-]{43}/);
    expect(await countRows("outbox where kind = 'staff-proposal-submitted'")).toBe(staffBefore);
  });

  const requiredFields = ["orgName", "industry", "size", "city", "contactName", "contactEmail", "contactPhone", "cooperationTypes", "description", "consent"];

  it.each(requiredFields)("refuses a proposal without %s, says the field is required, and stores nothing", async (field) => {
    const body = validProposal();
    delete body[field];
    const before = await countRows("proposals");

    const res = await postProposal(body, { lang: "en" });

    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = await res.json<Problem>();
    expect(problem).toMatchObject({ status: 400, code: "validation", type: "urn:xiaoqi:problem:validation" });
    expect(problem.errors).toContainEqual(expect.objectContaining({ field, code: "required" }));
    expect(await countRows("proposals")).toBe(before);
  });

  it("treats a field of nothing but spaces (full-width ones too) as missing", async () => {
    const res = await postProposal(validProposal({ orgName: " \u3000 " }));
    expect(res.status).toBe(400);
    const problem = await res.json<Problem>();
    expect(problem.errors).toContainEqual(expect.objectContaining({ field: "orgName", code: "required" }));
  });

  it("explains errors in Chinese to a Chinese browser and in English to an English one", async () => {
    const body = validProposal();
    delete body["contactName"];

    const zh = await (await postProposal(body, { lang: "zh-CN,zh;q=0.9,en;q=0.8" })).json<Problem>();
    const en = await (await postProposal(body, { lang: "en-US,en;q=0.9" })).json<Problem>();

    expect(zh.title).toBe("提交的内容有误");
    expect(zh.errors?.find((e) => e.field === "contactName")?.message).toBe("请填写此项。");
    expect(en.title).toBe("The submission has errors");
    expect(en.errors?.find((e) => e.field === "contactName")?.message).toBe("Please fill this in.");
  });

  it("refuses a body over 32 KiB with 413 and stores nothing", async () => {
    const before = await countRows("proposals");
    const res = await postProposal(validProposal({ description: "合作".repeat(6000) }));
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await res.json<Problem>()).code).toBe("payload_too_large");
    expect(await countRows("proposals")).toBe(before);
  });

  it("refuses malformed JSON with 400 malformed_json", async () => {
    const res = await postProposal('{"orgName": "杭州示例", ');
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await res.json<Problem>()).code).toBe("malformed_json");
  });

  it.each([
    ["text/plain", JSON.stringify(validProposal())],
    ["application/x-www-form-urlencoded", "orgName=%E6%9D%AD%E5%B7%9E&consent=true"],
  ])("refuses a %s body with 415", async (contentType, body) => {
    const before = await countRows("proposals");
    const res = await postProposal(body, { contentType });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await res.json<Problem>()).code).toBe("unsupported_media_type");
    expect(await countRows("proposals")).toBe(before);
  });

  it("refuses a malformed Idempotency-Key", async () => {
    const res = await postProposal(validProposal(), { key: "short" });
    expect(res.status).toBe(400);
    expect((await res.json<Problem>()).errors).toContainEqual(expect.objectContaining({ field: "Idempotency-Key", code: "invalid_format" }));
  });

  it("keeps one proposal when the form is submitted twice", async () => {
    const key = uniqueKey();
    const body = validProposal();
    const ip = uniqueIp();

    const first = await postProposal(body, { key, ip });
    const second = await postProposal(body, { key, ip });

    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const a = await first.json<Receipt>();
    const b = await second.json<Receipt>();
    expect(a.replayed).toBe(false);
    expect(b).toEqual({ ...a, replayed: true });
    expect(await rows("select id from proposals where idempotency_key = ?", key)).toHaveLength(1);
    expect(await outboxFor(String(body["contactEmail"]))).toHaveLength(1);
  });

  it("keeps one proposal when the same submission arrives twice at once", async () => {
    const key = uniqueKey();
    const body = validProposal({ turnstileToken: "any-token" });

    const answers = await Promise.all([postProposal(body, { key }), postProposal(body, { key })]);

    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    const receipts = await Promise.all(answers.map((r) => r.json<Receipt>()));
    expect(receipts[0]?.reference).toBe(receipts[1]?.reference);
    expect(receipts[0]?.statusUrl).toBe(receipts[1]?.statusUrl);
    expect(receipts.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(await rows("select id from proposals where idempotency_key = ?", key)).toHaveLength(1);
    expect((await outboxFor(String(body["contactEmail"]))).map((m) => m.kind)).toEqual(["proposal-received"]);
  });

  it("keeps both proposals when two different organizations submit at once", async () => {
    const bodies = [validProposal(), validProposal()];
    const answers = await Promise.all(bodies.map((b) => postProposal(b)));
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    const [a, b] = await Promise.all(answers.map((r) => r.json<Receipt>()));
    expect(a?.reference).not.toBe(b?.reference);
    for (const body of bodies) expect(await rows("select id from proposals where contact_email = ?", body["contactEmail"])).toHaveLength(1);
  });

  it("refuses an industry the college does not know", async () => {
    const before = await countRows("proposals");
    const res = await postProposal(validProposal({ industry: "space-mining" }));
    expect(res.status).toBe(400);
    expect((await res.json<Problem>()).errors).toEqual([expect.objectContaining({ field: "industry", code: "unknown_code" })]);
    expect(await countRows("proposals")).toBe(before);
  });

  it("refuses a credit code whose check character is wrong", async () => {
    const good = validCreditCode();
    const bad = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const res = await postProposal(validProposal({ creditCode: bad }));
    expect(res.status).toBe(400);
    expect((await res.json<Problem>()).errors).toContainEqual(expect.objectContaining({ field: "creditCode", code: "invalid_credit_code" }));
  });

  it("stores full-width input as ordinary characters", async () => {
    const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const code = validCreditCode();
    const res = await postProposal(
      validProposal({
        contactEmail: "ＷＡＮＧ＠ＥＸＡＭＰＬＥ．ＣＮ",
        creditCode: fullWidth(code.toLowerCase()),
        contactPhone: "＋８６　１３８００１３８０００",
        orgName: "\u3000杭州ＡＢＣ智能装备有限公司 ",
      }),
    );

    expect(res.status).toBe(201);
    const { reference } = await res.json<Receipt>();
    const proposal = await proposalByReference(reference);
    expect(proposal).toMatchObject({ contact_email: "wang@example.cn", credit_code: code, contact_phone: "+86 13800138000", org_name: "杭州ABC智能装备有限公司" });
    expect((await outboxFor("wang@example.cn")).map((m) => m.kind)).toEqual(["proposal-confirm"]);
  });

  it("answers in English, with English links, to an English client", async () => {
    const email = uniqueEmail();
    const res = await postProposal(validProposal({ contactEmail: email }), { lang: "en" });
    const receipt = await res.json<Receipt>();
    expect(receipt.statusUrl).toMatch(/^http:\/\/localhost:8787\/en\/proposals\//);
    const [mail] = await outboxFor(email);
    expect(mail?.body_text).toMatch(/\/en\/proposals\/confirm\//);
    expect((await proposalByReference(receipt.reference))["locale"]).toBe("en");
  });
});

// The PROPOSAL_LIMITER binding (5 per 60 s per client address) in front of POST /proposals.
import { describe, expect, it } from "vitest";
import { postProposal, type Problem, rows, uniqueEmail, uniqueIp, validProposal } from "./helpers.ts";

/**
 * The local limiter counts in windows aligned to the wall clock's minutes; start right after a
 * rollover when one is close, so all six requests fall into one window.
 */
async function awayFromWindowEdge(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 3_000) await new Promise((resolve) => setTimeout(resolve, left + 250));
}

describe("rate limiting proposals", () => {
  it(
    "turns away a sixth proposal from one address within a minute, and still accepts another address",
    async () => {
      await awayFromWindowEdge();
      const ip = uniqueIp();
      for (let i = 1; i <= 5; i++) {
        const res = await postProposal(validProposal(), { ip });
        expect(res.status, `proposal ${i}`).toBe(201);
      }

      const refused = await postProposal(validProposal(), { ip, lang: "en" });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      const problem = await refused.json<Problem>();
      expect(problem).toMatchObject({ status: 429, code: "rate_limited", type: "urn:xiaoqi:problem:rate_limited" });

      const other = await postProposal(validProposal(), { ip: uniqueIp() });
      expect(other.status).toBe(201);
    },
    20_000,
  );

  it("stores nothing from a proposal it turns away", async () => {
    await awayFromWindowEdge();
    const ip = uniqueIp();
    const email = uniqueEmail("limited");
    for (let i = 0; i < 5; i++) await postProposal(validProposal(), { ip });
    const refused = await postProposal(validProposal({ contactEmail: email }), { ip });
    expect(refused.status).toBe(429);
    expect(await rows("select id from proposals where contact_email = ?", email)).toHaveLength(0);
  }, 20_000);
});

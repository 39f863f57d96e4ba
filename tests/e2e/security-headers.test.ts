/**
 * Security headers on what the deployed Worker really serves: a prerendered static page (headers
 * from public/_headers), server-rendered pages and the API (functions/http/security-headers.ts),
 * and the private pages reached by a token (never cached, never leaked by referrer).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { assertSecurityHeaders, type CreatedProposal, createProposal, TEST_TIMEOUT, url } from "./browser.ts";

describe("Security headers", () => {
  const cases = [
    { name: "a prerendered static page", path: "/en/privacy" },
    { name: "a prerendered static page in Chinese", path: "/zh/privacy" },
    { name: "a server-rendered page", path: "/en/programs" },
    { name: "the server-rendered proposal form", path: "/zh/propose" },
    { name: "the API", path: "/api/v1/health" },
  ];
  for (const { name, path } of cases) {
    it(`${name} (${path}) carries CSP without 'unsafe-inline', frame-ancestors 'none', HSTS, nosniff and a Referrer-Policy`, { timeout: TEST_TIMEOUT }, async () => {
      // Rendered afresh; the headers on cached copies are checked in public-pages.test.ts.
      const response = await fetch(url(path), { headers: { "cache-control": "no-cache" } });
      assert.equal(response.status, 200, path);
      await response.arrayBuffer();
      assertSecurityHeaders(path, response.headers);
    });
  }

  it("the page for a not-found program carries the same headers", { timeout: TEST_TIMEOUT }, async () => {
    const response = await fetch(url("/en/programs/no-such-program"));
    assert.equal(response.status, 404);
    await response.arrayBuffer();
    assertSecurityHeaders("/en/programs/no-such-program", response.headers);
  });

  describe("private pages reached by a token", () => {
    let proposal: CreatedProposal;
    before(async () => {
      proposal = await createProposal("en");
    });
    const privatePages: { name: string; path: () => string }[] = [
      { name: "the received page", path: () => proposal.receivedPath },
      { name: "the status page", path: () => proposal.statusPath },
      { name: "the confirm page", path: () => proposal.confirmPath ?? assert.fail("no confirmation link") },
    ];
    for (const page of privatePages) {
      it(`${page.name} is never cached and never leaks its address to another site by referrer`, { timeout: TEST_TIMEOUT }, async () => {
        const path = page.path();
        const response = await fetch(url(path));
        assert.equal(response.status, 200, path);
        await response.arrayBuffer();
        // same-origin: no referrer to other sites; no-referrer would make the page's own form
        // posts carry `Origin: null`, which the origin check refuses.
        assert.equal(response.headers.get("referrer-policy"), "same-origin", `${path}: Referrer-Policy`);
        assert.equal(response.headers.get("cache-control"), "no-store", `${path}: Cache-Control`);
        assertSecurityHeaders(path, response.headers);
      });
    }
  });
});

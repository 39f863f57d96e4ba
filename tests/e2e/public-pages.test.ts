/**
 * Public pages answer every visitor, including the first one to ask for a given address (a new
 * search, a shared link with a tracking parameter): whatever caching sits in front of rendering,
 * a page that has not been seen yet is rendered, not turned into an error.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertSecurityHeaders, LANGS, TEST_TIMEOUT, url } from "./browser.ts";

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence += 1).toString(36)}`;

const ADDRESSES = [
  { name: "the home page, from a shared link with a tracking parameter", path: () => `/?utm_source=wechat-${unique()}` },
  { name: "the catalog, for a search nobody has made yet", path: () => `/programs?type=internship&q=${unique()}` },
  { name: "a program page, from a shared link", path: () => `/programs/haichuan-cnc-machining-order-class?from=${unique()}` },
  { name: "the partner list, from a shared link", path: () => `/partners?from=${unique()}` },
  { name: "a partner page, from a shared link", path: () => `/partners/haichuan-precision?from=${unique()}` },
] as const;

describe("Public pages answer the first visitor to an address", () => {
  for (const lang of LANGS) {
    for (const { name, path } of ADDRESSES) {
      it(`${name} (${lang}) is served on the first request and again on the next`, { timeout: TEST_TIMEOUT }, async () => {
        const address = url(`/${lang}${path()}`);
        const first = await fetch(address);
        const firstBody = await first.text();
        assert.equal(first.status, 200, `first GET ${address} answered ${first.status}: ${firstBody.slice(0, 200)}`);
        assert.match(firstBody, /<h1>/);
        const second = await fetch(address);
        const secondBody = await second.text();
        assert.equal(second.status, 200, `second GET ${address} answered ${second.status}: ${secondBody.slice(0, 200)}`);
        assert.equal(/<h1>(.*?)<\/h1>/.exec(secondBody)?.[1], /<h1>(.*?)<\/h1>/.exec(firstBody)?.[1], "the same page both times");
        // A copy served again (from a cache or not) keeps the page's headers.
        assertSecurityHeaders(address, second.headers);
        assert.match(second.headers.get("content-type") ?? "", /^text\/html/);
      });
    }
  }
});

/**
 * `npm run bench`: load numbers for the built Worker, printed for the README. Asserts nothing
 * but sanity (the server answered); the numbers are what they are on this machine.
 *
 * One `wrangler dev` of the built Worker (its own migrated and seeded local D1, rate limits raised:
 * a load test is not abuse, COUNT_QUERIES on for the `x-d1-queries` header), then autocannon on
 * 127.0.0.1, 10 connections, ~8 s a run, three runs per target in interleaved rounds; the median
 * of the three is reported, and every target is compared with the floor (GET /api/v1/health, the
 * Worker doing almost nothing). Client and server share the machine's cores, so the load average
 * is printed with every round: other work on the machine shows there first.
 *
 * The catalog is measured twice: as visitors get it (from the page cache after the first request)
 * and rendered (`Cache-Control: no-cache` bypasses the cache), which is what its D1 and rendering
 * cost. Proposal runs send a fixed number of requests (about 8 s worth, from the previous run's
 * rate) rather than run for a fixed time, so that every request sent is answered and the 2xx
 * answers can be compared exactly with the rows stored.
 */
import autocannon, { type Request, type RequestParams, type Result } from "autocannon";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
import { gzipSync } from "node:zlib";
import { creditCodeCheckCharacter } from "../../functions/domain/credit-code.ts";
import { startBuiltWorker } from "../../scripts/built-worker.ts";
import { industries, majors } from "../../scripts/demo-data.ts";
import { quietEnv } from "../../scripts/local-env.ts";

/** 8792 unless BENCH_PORT says otherwise (when something else holds 8792). */
const PORT = Number(process.env["BENCH_PORT"] ?? 8792);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const CONFIG_PATH = `dist/server/wrangler.${PORT}.json`;
const CONNECTIONS = 10;
const DURATION_S = 8;
const WARMUP_S = 2;
const ROUNDS = 3;
const PROBES = 5;
const CATALOG = "/zh/programs";

type TargetId = "floor" | "catalog" | "catalog-rendered" | "programs" | "proposals";

interface Target {
  id: TargetId;
  label: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
}

const TARGETS: Target[] = [
  { id: "floor", label: "GET /api/v1/health (floor)", method: "GET", path: "/api/v1/health" },
  { id: "catalog", label: `GET ${CATALOG} (catalog page)`, method: "GET", path: CATALOG },
  { id: "catalog-rendered", label: `GET ${CATALOG} rendered (cache bypassed)`, method: "GET", path: CATALOG, headers: { "cache-control": "no-cache" } },
  { id: "programs", label: "GET /api/v1/programs", method: "GET", path: "/api/v1/programs" },
  { id: "proposals", label: "POST /api/v1/proposals", method: "POST", path: "/api/v1/proposals" },
];

// ---------------------------------------------------------------------------------------------
// Proposals: every request a new one (its own Idempotency-Key and contact email). The email's
// prefix tells the phases apart, so the rows stored by the measured runs can be counted alone.

const RUN_TAG = Date.now().toString(36);
type Phase = "m" | "w" | "p"; // measured, warm-up, probe
let proposalSerial = 0;

function proposalRequest(phase: Phase): { key: string; body: string } {
  const n = ++proposalSerial;
  const first17 = `91330106${String(n).padStart(9, "0")}`;
  const check = creditCodeCheckCharacter(first17);
  if (check === null) throw new Error(`no check character for ${first17}`);
  const body = {
    orgName: `压测示例科技有限公司 ${n}`,
    creditCode: first17 + check,
    industry: industries[n % industries.length]?.code ?? "software-it",
    size: "small",
    city: "杭州",
    contactName: "压测联系人",
    contactRole: "HR",
    contactEmail: `${emailPrefix(phase)}${n}@bench.example.com`,
    contactPhone: "13800000000",
    cooperationTypes: ["internship", "guest-lecture"],
    majors: [majors[n % majors.length]?.code ?? "software-technology"],
    seats: 5,
    periodStart: "2027-03",
    periodEnd: "2027-06",
    description: "Benchmark proposal: a load test of the proposal endpoint, not a real organization.",
    consent: true,
    turnstileToken: "XXXX.DUMMY.TOKEN.XXXX",
  };
  return { key: `bench-${RUN_TAG}-${phase}-${String(n).padStart(8, "0")}`, body: JSON.stringify(body) };
}

function emailPrefix(phase: Phase): string {
  return `bench-${RUN_TAG}-${phase}-`;
}

/** From the measured proposal runs: references of the 2xx answers, D1 queries of every answer. */
const answeredReferences = new Set<string>();
const loadQueries: number[] = [];
let sentProposals = 0;
let replayedAnswers = 0;

function autocannonRequest(target: Target, phase: Phase): Request {
  if (target.method === "GET") return { method: "GET", path: target.path, headers: target.headers ?? {} };
  return {
    method: "POST",
    path: target.path,
    setupRequest: (request: RequestParams): RequestParams => {
      const { key, body } = proposalRequest(phase);
      if (phase === "m") sentProposals += 1;
      request.headers = { ...request.headers, "content-type": "application/json", "idempotency-key": key };
      request.body = body;
      return request;
    },
    onResponse: (status, body, _context, headers) => {
      if (phase !== "m") return;
      const queries = Number(headerValue(headers, "x-d1-queries"));
      if (Number.isFinite(queries)) loadQueries.push(queries);
      if (status < 200 || status >= 300) return;
      if (status === 200) replayedAnswers += 1;
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === "object" && parsed !== null && "reference" in parsed && typeof parsed.reference === "string") {
        answeredReferences.add(parsed.reference);
      }
    },
  };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** A run of `duration` seconds, or of `amount` requests when given. */
async function load(target: Target, phase: Phase, duration: number, amount?: number): Promise<Result> {
  return autocannon({
    url: ORIGIN,
    connections: CONNECTIONS,
    ...(amount === undefined ? { duration } : { amount }),
    timeout: 30,
    requests: [autocannonRequest(target, phase)],
  });
}

/** Requests per second over the whole run (every answer, whatever its status). */
const rps = (result: Result) => (result.duration > 0 ? result.requests.total / result.duration : Number.NaN);

/** One request outside the load, for the query count and the response itself. */
async function single(target: Target): Promise<Response> {
  if (target.method === "GET") return fetch(ORIGIN + target.path, { headers: target.headers ?? {} });
  const { key, body } = proposalRequest("p");
  return fetch(ORIGIN + target.path, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body });
}

// ---------------------------------------------------------------------------------------------
// Rows stored, read from the Worker's local D1 once it is stopped.

function d1Rows(state: string, sql: string): Record<string, unknown>[] {
  const out = execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "-c", CONFIG_PATH, "--persist-to", state, "--json", "--command", sql], {
    env: quietEnv,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const parsed = JSON.parse(out) as { results?: Record<string, unknown>[] }[];
  return parsed.flatMap((statement) => statement.results ?? []);
}

// ---------------------------------------------------------------------------------------------
// Helpers for numbers.

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
};
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const span = (values: number[]) => {
  if (values.length === 0) return "n/a";
  const [min, max] = [Math.min(...values), Math.max(...values)];
  return min === max ? String(min) : `${min}–${max}`;
};
const yesNo = (value: boolean) => (value ? "yes" : "no");
const loadAverage = () => os.loadavg().map((v) => v.toFixed(2)).join(" ");

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function statusCounts(results: Result[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of results) {
    for (const [code, { count }] of Object.entries(result.statusCodeStats)) counts.set(code, (counts.get(code) ?? 0) + count);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The page: size, client JavaScript, caching.

interface PageFacts {
  status: number;
  htmlBytes: number;
  gzipBytes: number;
  scriptTags: number;
  externalScripts: number;
  inlineScripts: number;
  dataScripts: number;
  jsBytes: number;
  cacheControl: string | null;
  cacheHeaders: string[];
}

const JS_TYPES = new Set(["", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript"]);

async function pageFacts(path: string): Promise<PageFacts> {
  let response = await fetch(ORIGIN + path);
  for (let retry = 0; retry < 2 && !response.ok; retry++) {
    await response.arrayBuffer();
    response = await fetch(ORIGIN + path);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const html = new TextDecoder().decode(bytes);
  const attr = (attrs: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(attrs)?.slice(2).find((v) => v !== undefined);
  const facts: PageFacts = {
    status: response.status,
    htmlBytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes).byteLength,
    scriptTags: 0,
    externalScripts: 0,
    inlineScripts: 0,
    dataScripts: 0,
    jsBytes: 0,
    cacheControl: response.headers.get("cache-control"),
    cacheHeaders: ["x-cache", "cf-cache-status", "age"].flatMap((h) => {
      const v = response.headers.get(h);
      return v === null ? [] : [`${h}: ${v}`];
    }),
  };
  const sources: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = match[1] ?? "";
    const inline = match[2] ?? "";
    facts.scriptTags += 1;
    const src = attr(attrs, "src");
    const type = (attr(attrs, "type") ?? "").trim().toLowerCase();
    if (src !== undefined) {
      facts.externalScripts += 1;
      sources.push(src);
    } else if (JS_TYPES.has(type)) {
      facts.inlineScripts += 1;
      facts.jsBytes += new TextEncoder().encode(inline).byteLength;
    } else {
      facts.dataScripts += 1; // application/ld+json and the like: data, not code
    }
  }
  for (const match of html.matchAll(/<link\b([^>]*)>/gi)) {
    const attrs = match[1] ?? "";
    const href = attr(attrs, "href");
    if (href !== undefined && /\bmodulepreload\b/i.test(attr(attrs, "rel") ?? "")) sources.push(href);
  }
  for (const src of new Set(sources)) {
    const script = await fetch(new URL(src, ORIGIN + path));
    facts.jsBytes += (await script.arrayBuffer()).byteLength;
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------

interface Measured {
  target: Target;
  runs: Result[];
  rps: number;
  p50: number;
  p99: number;
  probeQueries: number[];
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${fixed(os.totalmem() / 1024 ** 3)} GiB RAM`;
  console.log("# Xiaoqi benchmark");
  console.log(`Machine: ${machine}`);
  console.log(`Node ${process.version}, ${os.type()} ${os.release()}, ${new Date().toISOString()}`);
  console.log(`Load average (1/5/15 min) before: ${loadAverage()}`);
  console.log(`autocannon: ${ORIGIN}, ${CONNECTIONS} connections, ~${DURATION_S} s per run, ${ROUNDS} runs per target (interleaved rounds), median reported`);

  console.log("\nBuilding and starting the Worker (wrangler dev, local D1, rate limits raised) …");
  const started = Date.now();
  const worker = await startBuiltWorker({ port: PORT, rateLimit: 1_000_000_000, vars: { COUNT_QUERIES: "on" }, build: true, keepState: true });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await worker.stop();
  };
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  console.log(`Up after ${fixed((Date.now() - started) / 1000)} s.`);

  try {
    const state = worker.state;

    // Sanity, and D1 queries per request from single requests outside the load.
    const probeQueries = new Map<TargetId, number[]>();
    for (const target of TARGETS) {
      const counts: number[] = [];
      let failures = 0;
      for (let i = 1; i <= PROBES; i++) {
        const response = await single(target);
        const text = await response.text();
        if (!response.ok) {
          // Reported, not fatal: a failing first request is a finding, and the load runs count
          // every status anyway. Only a target that never answers stops the benchmark.
          failures += 1;
          console.log(`WARNING: ${target.label}: HTTP ${response.status} on single request ${i} of ${PROBES}: ${text.slice(0, 300).replaceAll("\n", " ")}`);
          continue;
        }
        const header = response.headers.get("x-d1-queries");
        if (header === null) throw new Error(`${target.label}: no x-d1-queries header (is this our server, with COUNT_QUERIES on?)`);
        counts.push(Number(header));
      }
      if (failures === PROBES) throw new Error(`${target.label}: no single request succeeded`);
      probeQueries.set(target.id, counts);
    }

    const page = await pageFacts(CATALOG);
    if (page.status !== 200) throw new Error(`${CATALOG} answered ${page.status}`);

    console.log("\nWarming up …");
    let proposalRate = Number.NaN;
    for (const target of TARGETS) {
      const warm = await load(target, "w", WARMUP_S);
      if (target.id === "proposals") proposalRate = rps(warm);
      console.log(`  ${target.label}: ${fixed(rps(warm), 0)} req/s`);
    }

    const runs = new Map<TargetId, Result[]>(TARGETS.map((t) => [t.id, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`\nRound ${round}/${ROUNDS} (load average ${loadAverage()})`);
      for (const target of TARGETS) {
        const proposals = target.id === "proposals";
        // About DURATION_S seconds' worth at the last rate seen, every request answered.
        const amount = proposals ? Math.max(CONNECTIONS * 10, Math.round((Number.isFinite(proposalRate) ? proposalRate : 20) * DURATION_S)) : undefined;
        const result = await load(target, proposals ? "m" : "w", DURATION_S, amount);
        if (proposals) proposalRate = rps(result);
        runs.get(target.id)?.push(result);
        const other = result.non2xx + result.errors + result.timeouts;
        console.log(
          `  ${target.label}: ${fixed(rps(result), 0)} req/s, p50 ${fixed(result.latency.p50)} ms, p99 ${fixed(result.latency.p99)} ms` +
            (amount === undefined ? "" : ` (${amount} requests in ${fixed(result.duration)} s)`) +
            (other ? ` (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})` : ""),
        );
        if (result["2xx"] === 0) throw new Error(`${target.label}: no 2xx answer in a run`);
      }
    }
    console.log(`\nLoad average after: ${loadAverage()}`);

    await stop();

    // Stored proposals of the measured runs, read from the local D1 once the server is down.
    const rows = d1Rows(state, `SELECT reference, status FROM proposals WHERE contact_email LIKE '${emailPrefix("m")}%'`);
    const stored = rows.map((r) => ({ reference: String(r["reference"]), status: String(r["status"]) }));
    rmSync(state, { recursive: true, force: true });

    // ---- Report ---------------------------------------------------------------------------
    const measured: Measured[] = TARGETS.map((target) => {
      const results = runs.get(target.id) ?? [];
      return {
        target,
        runs: results,
        rps: median(results.map(rps)),
        p50: median(results.map((r) => r.latency.p50)),
        p99: median(results.map((r) => r.latency.p99)),
        probeQueries: probeQueries.get(target.id) ?? [],
      };
    });
    const byId = (id: TargetId) => measured.find((m) => m.target.id === id);
    const floor = byId("floor");
    if (!floor) throw new Error("no floor");

    console.log("\n## Results (median of three runs)\n");
    console.log(
      table(
        ["target", "req/s", "p50 ms", "p99 ms", "req/s vs floor", "p50 vs floor", "p99 vs floor", "runs (req/s)", "D1 queries/request (single requests)"],
        measured.map((m) => [
          m.target.label,
          fixed(m.rps, 0),
          fixed(m.p50),
          fixed(m.p99),
          fixed(m.rps / floor.rps, 2),
          fixed(m.p50 / floor.p50, 2),
          fixed(m.p99 / floor.p99, 2),
          m.runs.map((r) => fixed(rps(r), 0)).join(" / "),
          `min ${Math.min(...m.probeQueries)}, max ${Math.max(...m.probeQueries)} (${m.probeQueries.join(", ")})`,
        ]),
      ),
    );

    console.log("\n## Status codes (all three runs)\n");
    for (const m of measured) {
      const codes = [...statusCounts(m.runs)].map(([code, count]) => `${code}: ${count}`).join(", ");
      const errors = m.runs.reduce((sum, r) => sum + r.errors, 0);
      const timeouts = m.runs.reduce((sum, r) => sum + r.timeouts, 0);
      console.log(`- ${m.target.label}: ${codes || "none"}; connection errors ${errors}, timeouts ${timeouts}`);
    }

    const proposals = byId("proposals");
    if (proposals) {
      let ok = 0;
      let limited = 0;
      let other = 0;
      for (const [code, count] of statusCounts(proposals.runs)) {
        const status = Number(code);
        if (status >= 200 && status < 300) ok += count;
        else if (status === 429) limited += count;
        else other += count;
      }
      console.log("\n## Proposals (measured runs)\n");
      console.log(`- requests sent: ${sentProposals}`);
      console.log(`- 2xx answers: ${ok} (of which 200, replayed: ${replayedAnswers}); 429: ${limited}; other non-2xx: ${other}`);
      const storedRefs = new Set(stored.map((s) => s.reference));
      const answeredAndStored = [...answeredReferences].filter((r) => storedRefs.has(r)).length;
      console.log(`- rows stored: ${stored.length} (status other than "submitted": ${stored.filter((s) => s.status !== "submitted").length})`);
      console.log(`- 2xx answers = rows stored: ${yesNo(ok === stored.length)}`);
      console.log(`- references answered: ${answeredReferences.size} distinct, of them stored: ${answeredAndStored}; rows stored that no answer named: ${stored.length - answeredAndStored}`);
      if (loadQueries.length) {
        const over = loadQueries.filter((n) => n > Math.min(...proposals.probeQueries)).length;
        console.log(
          `- D1 queries per proposal under load: min ${Math.min(...loadQueries)}, median ${median(loadQueries)}, p99 ${percentile(loadQueries, 99)}, max ${Math.max(...loadQueries)}; ` +
            `${over} of ${loadQueries.length} answers needed more than a single request's ${Math.min(...proposals.probeQueries)}`,
        );
      }
    }

    const catalogQueries = probeQueries.get("catalog") ?? [];
    const renderedQueries = probeQueries.get("catalog-rendered") ?? [];
    const cached = page.cacheHeaders.length > 0 || catalogQueries.slice(1).some((n) => n === 0);
    console.log(`\n## Catalog page (GET ${CATALOG})\n`);
    console.log(`- HTML: ${page.htmlBytes} bytes, ${page.gzipBytes} bytes gzipped (node:zlib, default level)`);
    console.log(
      `- <script> tags: ${page.scriptTags} (external ${page.externalScripts}, inline JS ${page.inlineScripts}, data such as JSON-LD ${page.dataScripts}); client JavaScript loaded: ${page.jsBytes} bytes`,
    );
    console.log(`- cache-control: ${page.cacheControl ?? "(none)"}`);
    if (cached) {
      console.log(
        `- server-side page cache: yes (${page.cacheHeaders.join(", ") || "no cache headers"}); D1 queries on ${PROBES} repeat requests: ${catalogQueries.join(", ")}; ` +
          `with Cache-Control: no-cache (rendered): ${renderedQueries.join(", ")}`,
      );
    } else {
      console.log("- cold only (no edge cache in local wrangler dev)");
    }

    // ---- README ---------------------------------------------------------------------------
    const catalog = byId("catalog");
    const rendered = byId("catalog-rendered");
    const rpsShare = (m: Measured | undefined) => (m ? m.rps / floor.rps : Number.NaN);
    console.log("\n## For the README\n");
    console.log(
      `${machine}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}: \`npm run bench\`, wrangler dev of the built Worker with a local D1, ` +
        `autocannon on the same machine (${CONNECTIONS} connections, ~${DURATION_S} s, median of ${ROUNDS} runs).\n`,
    );
    console.log(
      table(
        ["target", "req/s", "p50 ms", "p99 ms", "req/s vs floor", "D1 queries/request"],
        measured.map((m) => [m.target.label, fixed(m.rps, 0), fixed(m.p50), fixed(m.p99), fixed(m.rps / floor.rps, 2), span(m.probeQueries)]),
      ),
    );
    console.log("");
    const renderedOk = rpsShare(rendered) >= 0.5;
    console.log(`- catalog at least 50% of floor req/s: ${yesNo(renderedOk)} (rendered: ${fixed(rpsShare(rendered) * 100, 0)}%; from the page cache: ${fixed(rpsShare(catalog) * 100, 0)}%)`);
    console.log(`- at most 2 D1 queries per catalog request: ${yesNo(renderedQueries.length > 0 && Math.max(...renderedQueries, ...catalogQueries) <= 2)} (rendered: ${span(renderedQueries)})`);
    console.log(`- 0 bytes client JS: ${yesNo(page.jsBytes === 0 && page.externalScripts === 0 && page.inlineScripts === 0)}`);
    console.log(`\nTotal time: ${fixed((Date.now() - started) / 1000, 0)} s (including the build).`);
  } finally {
    // A failure to stop must not hide the error that got us here.
    await stop().catch((error: unknown) => console.error("Stopping the Worker failed:", error));
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

await main();

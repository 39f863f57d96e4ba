/**
 * The part of autocannon 9's programmatic API that tests/bench/run.ts uses (the package ships no
 * types and there is no @types/autocannon installed).
 */
declare module "autocannon" {
  /** What setupRequest receives and returns: a fresh copy of the request, headers merged. */
  interface RequestParams {
    method: string;
    path: string;
    headers: Record<string, string>;
    body: string | Buffer;
  }

  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Returns the request to send; a falsy value restarts the sequence. */
    setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams | null;
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  }

  interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Requests to send (and wait for) instead of a duration. */
    amount?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: Request[];
    title?: string;
  }

  /** hdr-histogram-percentiles-obj: latency in ms, requests and throughput per second. */
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p2_5: number;
    p50: number;
    p75: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
  }

  interface Result {
    title?: string;
    url: string;
    requests: Histogram & { sent: number };
    latency: Histogram & { totalCount: number };
    throughput: Histogram;
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    resets: number;
    "1xx": number;
    "2xx": number;
    "3xx": number;
    "4xx": number;
    "5xx": number;
    statusCodeStats: Record<string, { count: number }>;
    start: Date;
    finish: Date;
  }

  /** Without a callback the returned instance is also a promise of the result. */
  function autocannon(options: Options): Promise<Result>;

  export { type Histogram, type Options, type Request, type RequestParams, type Result };
  export default autocannon;
}

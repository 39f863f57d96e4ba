/**
 * A proposal's readable reference is `XQ-2026-000123`: the year it arrived in China's time zone
 * (a proposal sent at 01:00 on 1 January in Beijing belongs to the new year) and its id, which
 * SQLite allocates (the batch in functions/db/proposals.ts writes it).
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000; // UTC+8, no daylight saving

export function shanghaiYear(epochMs: number): number {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

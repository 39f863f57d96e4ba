/**
 * Password hashing with scrypt (node:crypto under `nodejs_compat`, native in workerd).
 *
 * Why scrypt: Web Crypto's PBKDF2 is capped at 100,000 iterations on Cloudflare (more fails in
 * production, though not locally), below what is recommended for PBKDF2-SHA256, and runtime
 * WebAssembly compilation (for argon2) is blocked. scrypt N=2^14, r=8, p=1 is OWASP's minimum
 * recommendation and costs about 30–40 ms of CPU in workerd (measured: see README), which is
 * over Workers Free's 10 ms per request: signing in needs Workers Paid.
 *
 * Stored form: `scrypt$N$r$p$salt$hash` (base64url), so parameters can grow later and old hashes
 * still verify.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from "node:crypto";

export const SCRYPT_PARAMS = { N: 2 ** 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: 128 · N · r bytes plus headroom; node's 32 MiB default is too tight for N=2^15.
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return storedForm(salt, await derive(password, salt, SCRYPT_PARAMS));
}

/** The same hash, synchronously: for seeding demo accounts from a script. */
export function hashPasswordSync(password: string): string {
  const salt = randomBytes(16);
  return storedForm(salt, scryptSync(password.normalize("NFKC"), salt, KEY_LENGTH, { ...SCRYPT_PARAMS, maxmem: 256 * SCRYPT_PARAMS.N * SCRYPT_PARAMS.r }));
}

function storedForm(salt: Buffer, key: Buffer): string {
  return ["scrypt", SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of nothing anyone knows, verified against when the account does not exist, so an unknown
 * account costs the same time as a wrong password and timing tells nobody who has an account.
 */
export const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export function needsRehash(stored: string): boolean {
  const [, n, r, p] = stored.split("$");
  return Number(n) !== SCRYPT_PARAMS.N || Number(r) !== SCRYPT_PARAMS.r || Number(p) !== SCRYPT_PARAMS.p;
}

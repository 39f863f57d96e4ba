import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { DUMMY_HASH, SCRYPT_PARAMS, hashPassword, hashPasswordSync, needsRehash, verifyPassword } from "../../functions/auth/password.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** `scrypt$N$r$p$salt$hash`, split into its parts. */
function parts(stored: string) {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split("$");
  return { scheme, N: Number(n), r: Number(r), p: Number(p), salt: Buffer.from(salt ?? "", "base64url"), hash: Buffer.from(hash ?? "", "base64url"), rest };
}

describe("password hashing", () => {
  it("uses scrypt with N=16384, r=8, p=1 (OWASP's minimum)", async () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 16384, r: 8, p: 1 });
    const stored = parts(await hashPassword("correct horse battery staple"));
    expect(stored).toMatchObject({ scheme: "scrypt", N: 16384, r: 8, p: 1, rest: [] });
    expect(stored.salt).toHaveLength(16);
    expect(stored.hash).toHaveLength(32);
  });

  it("verifies the right password and nothing else", async () => {
    const stored = await hashPassword("青岚学院校企合作 2027");
    expect(await verifyPassword("青岚学院校企合作 2027", stored)).toBe(true);
    expect(await verifyPassword("青岚学院校企合作 2028", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
    expect(await verifyPassword("青岚学院校企合作 2027 ", stored)).toBe(false);
  });

  it("salts every hash, so one password never hashes the same twice", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
    expect(parts(a).salt.equals(parts(b).salt)).toBe(false);
  });

  it("treats a password typed in full-width characters as the same password (NFKC)", async () => {
    const stored = await hashPassword("Qinglan2027");
    expect(await verifyPassword("Ｑｉｎｇｌａｎ２０２７", stored)).toBe(true);
  });

  it("the seeding script's synchronous hash is the same format and verifies", async () => {
    const stored = hashPasswordSync("demo-staff-qinglan");
    expect(parts(stored)).toMatchObject({ scheme: "scrypt", N: 16384, r: 8, p: 1 });
    expect(await verifyPassword("demo-staff-qinglan", stored)).toBe(true);
    expect(needsRehash(stored)).toBe(false);
  });

  it("refuses a stored value that is not a scrypt hash, without throwing", async () => {
    for (const stored of ["", "plain", "bcrypt$10$abc", "scrypt$16384$8$1$", "scrypt$16384$8$1$salt", "pbkdf2$600000$salt$hash"]) {
      expect(await verifyPassword("anything", stored), stored).toBe(false);
    }
  });

  it("flags hashes made with other parameters for rehashing", () => {
    expect(needsRehash(hashPasswordSync("x-x-x-x-x"))).toBe(false);
    expect(needsRehash("scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).toBe(true);
    expect(needsRehash("scrypt$16384$4$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).toBe(true);
    expect(needsRehash("scrypt$16384$8$2$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).toBe(true);
  });

  it("the stand-in hash for unknown accounts costs what a real one does and opens nothing", async () => {
    expect(parts(DUMMY_HASH)).toMatchObject({ scheme: "scrypt", ...SCRYPT_PARAMS, rest: [] });
    expect(parts(DUMMY_HASH).salt).toHaveLength(16);
    expect(parts(DUMMY_HASH).hash).toHaveLength(32);
    expect(needsRehash(DUMMY_HASH)).toBe(false);
    for (const guess of ["", "password", "demo-admin-qinglan", "\u0000"]) expect(await verifyPassword(guess, DUMMY_HASH)).toBe(false);
  });
});

/**
 * Web Crypto's PBKDF2 fails on Cloudflare above 100,000 iterations (though not locally), so no
 * code may ask for more. Found by reading the source, comments aside: every node:crypto
 * `pbkdf2(password, salt, iterations, …)` call and every `iterations:` property (Web Crypto's
 * `{ name: "PBKDF2", salt, iterations, hash }`) must be a number, or a constant of the same
 * file, of at most 100,000.
 */
const PBKDF2_MAX_ITERATIONS = 100_000;

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/(^|[\s;{}(),])\/\/.*$/gm, "$1");
}

/** A numeric expression of digits, `_`, `*`, `**`, `+` and parentheses, or a constant naming one; else NaN. */
function numericValue(expression: string, constants: Map<string, string>, depth = 0): number {
  const text = expression.trim();
  if (/^[\d_\s*+()]+$/.test(text)) return Number(new Function(`return (${text.replaceAll("_", "")});`)());
  const named = /^[A-Za-z_$][\w$]*$/.test(text) ? constants.get(text) : undefined;
  return named !== undefined && depth < 5 ? numericValue(named, constants, depth + 1) : Number.NaN;
}

interface IterationCount {
  line: number;
  expression: string;
  value: number;
}

/** Every iteration count a source text asks a key derivation for (NaN when it cannot be read). */
function iterationCounts(source: string): IterationCount[] {
  const code = stripComments(source);
  const constants = new Map([...code.matchAll(/\bconst\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*([^;\n]+)/g)].map((m) => [m[1] ?? "", m[2] ?? ""]));
  const found = [
    ...[...code.matchAll(/\bpbkdf2(?:Sync)?\s*\(([^,]+),([^,]+),([^,]+),/gi)].map((m) => ({ at: m.index, expression: m[3] ?? "" })),
    ...[...code.matchAll(/\biterations\s*:\s*([^,}\n]+)/g)].map((m) => ({ at: m.index, expression: m[1] ?? "" })),
  ];
  return found.map(({ at, expression }) => ({ line: code.slice(0, at).split("\n").length, expression: expression.trim(), value: numericValue(expression, constants) }));
}

/** Whether code (not a comment) mentions PBKDF2 at all. */
function mentionsPbkdf2(source: string): boolean {
  return /pbkdf2/i.test(stripComments(source));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("no PBKDF2 beyond what Cloudflare runs", () => {
  it("the source check reads iteration counts in both APIs and through constants, and not in comments", () => {
    const webCrypto = `
      const key = await crypto.subtle.importKey("raw", bytes, "PBKDF2", false, ["deriveBits"]);
      const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", salt, iterations: 600_000, hash: "SHA-256" }, key, 256);`;
    expect(iterationCounts(webCrypto).map((u) => u.value)).toEqual([600_000]);
    expect(iterationCounts(`deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 100000 }, key, 256)`).map((u) => u.value)).toEqual([100_000]);
    expect(iterationCounts(`const ROUNDS = 2 ** 20;\nderiveBits({ name: "PBKDF2", salt, iterations: ROUNDS, hash: "SHA-256" }, k, 256)`).map((u) => u.value)).toEqual([2 ** 20]);
    expect(iterationCounts(`pbkdf2Sync(password, salt, 310000, 32, "sha256")`).map((u) => u.value)).toEqual([310_000]);
    expect(iterationCounts(`pbkdf2(password, salt, 1_000, 32, "sha256", done)`).map((u) => u.value)).toEqual([1_000]);
    expect(iterationCounts(`deriveBits({ name: "PBKDF2", salt, iterations: count(), hash }, k, 256)`)[0]?.value).toBeNaN();
    const comments = `// PBKDF2 with iterations: 600000\n/* pbkdf2Sync(p, s, 600000, 32, "sha256") */ const url = "https://example.cn";`;
    expect(iterationCounts(comments)).toEqual([]);
    expect(mentionsPbkdf2(comments)).toBe(false);
    expect(mentionsPbkdf2(webCrypto)).toBe(true);
  });

  it("no code in functions/ asks PBKDF2 (or any key derivation) for more than 100,000 iterations", () => {
    const files = sourceFiles(join(ROOT, "functions"));
    expect(files.length).toBeGreaterThan(20);
    const offending = files.flatMap((file) =>
      iterationCounts(readFileSync(file, "utf8"))
        .filter((count) => !(count.value <= PBKDF2_MAX_ITERATIONS))
        .map((count) => `${relative(ROOT, file)}:${count.line} iterations ${count.expression}`),
    );
    expect(offending).toEqual([]);
    // Today passwords use scrypt and nothing calls PBKDF2; the scan above covers it if that changes.
    const users = files.filter((file) => mentionsPbkdf2(readFileSync(file, "utf8"))).map((file) => relative(ROOT, file));
    expect(users).toEqual([]);
  });
});

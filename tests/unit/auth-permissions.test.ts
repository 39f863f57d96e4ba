import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { inspectRoutes } from "hono/dev";
import { describe, expect, it } from "vitest";
import { createApi } from "../../functions/api/app.ts";
import { PERMISSIONS, ROUTE_PERMISSIONS, allows, routePermission, type Permission } from "../../functions/auth/permissions.ts";
import { HOME_PATH, ROLES, isRole, type Role } from "../../functions/auth/roles.ts";
import { apiRouteKey } from "../../functions/http/guard.ts";

const PAGES = new URL("../../src/pages/", import.meta.url).pathname;
/** What Astro turns into routes (pages and endpoints); `_`-prefixed files and folders are not routes. */
const ROUTE_FILE = /\.(astro|md|mdx|html|ts|js)$/;

/** `[lang]/programs/index.astro` → `/[lang]/programs`, as Astro's `context.routePattern` spells it. */
export function astroRoutePattern(file: string): string {
  const segments = file.split(sep).join("/").replace(ROUTE_FILE, "").split("/");
  if (segments.at(-1) === "index") segments.pop();
  return `/${segments.join("/")}`;
}

function pageFiles(): string[] {
  return readdirSync(PAGES, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && ROUTE_FILE.test(entry.name))
    .map((entry) => relative(PAGES, join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(sep).some((part) => part.startsWith("_")));
}

const apiRoutes = () =>
  inspectRoutes(createApi())
    .filter((route) => !route.isMiddleware)
    .map((route) => `${route.method} ${route.path}`);

const tableKeys = Object.keys(ROUTE_PERMISSIONS);
const pageKeys = tableKeys.filter((key) => key.startsWith("page "));
const apiKeys = tableKeys.filter((key) => !key.startsWith("page "));

describe("roles", () => {
  it("are the five kinds of account, each with a home", () => {
    expect([...ROLES].sort()).toEqual(["admin", "enterprise", "staff", "student", "teacher"]);
    for (const role of ROLES) {
      expect(isRole(role)).toBe(true);
      expect(HOME_PATH[role]).toMatch(/^\/[a-z]+$/);
    }
    for (const other of ["", "Admin", "root", "guest", "admin "]) expect(isRole(other)).toBe(false);
  });
});

describe("the permissions table", () => {
  it("names only known roles, or anyone", () => {
    for (const [permission, allowed] of Object.entries(PERMISSIONS)) {
      if (allowed === "anyone") continue;
      expect(Array.isArray(allowed), permission).toBe(true);
      expect(allowed.length, `${permission} allows nobody`).toBeGreaterThan(0);
      for (const role of allowed) expect(isRole(role), `${permission}: ${role}`).toBe(true);
      expect(new Set(allowed).size, `${permission} repeats a role`).toBe(allowed.length);
    }
  });

  /** Written out independently of PERMISSIONS: who may do what (null = a visitor). */
  const EXPECTED: Partial<Record<Permission, (Role | null)[]>> = {
    public: [null, "admin", "staff", "teacher", "student", "enterprise"],
    setup: [null, "admin", "staff", "teacher", "student", "enterprise"],
    "signed-in": ["admin", "staff", "teacher", "student", "enterprise"],
    "home:admin": ["admin"],
    "home:staff": ["staff"],
    "home:teacher": ["teacher"],
    "home:student": ["student"],
    "home:enterprise": ["enterprise"],
    "proposals:read": ["staff", "admin"],
    "users:manage": ["admin"],
    "audit:read": ["admin"],
  };

  it.each(Object.keys(EXPECTED) as Permission[])("`%s` allows exactly whom it should", (permission) => {
    expect(Object.hasOwn(PERMISSIONS, permission), `${permission} is gone from PERMISSIONS`).toBe(true);
    for (const who of [null, ...ROLES]) {
      expect(allows(permission, who), `${permission} for ${who ?? "a visitor"}`).toBe(EXPECTED[permission]?.includes(who));
    }
  });

  it("`allows` answers every permission, for a visitor and each role, as its entry says", () => {
    for (const [permission, allowed] of Object.entries(PERMISSIONS) as [Permission, "anyone" | readonly Role[]][]) {
      for (const who of [null, ...ROLES]) {
        const expected = allowed === "anyone" || (who !== null && allowed.includes(who));
        expect(allows(permission, who), `${permission} for ${who ?? "a visitor"}`).toBe(expected);
      }
    }
  });

  it("only `public` and `setup` are open to anyone", () => {
    const open = Object.entries(PERMISSIONS)
      .filter(([, allowed]) => allowed === "anyone")
      .map(([permission]) => permission);
    expect(open.sort()).toEqual(["public", "setup"]);
  });

  it("never lets a visitor do what needs an account", () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      if (PERMISSIONS[permission] !== "anyone") expect(allows(permission, null), permission).toBe(false);
    }
  });

  it("looks routes up by exact key only (no prototype keys, no prefixes)", () => {
    expect(routePermission("GET /me")).toBe("signed-in");
    for (const key of ["toString", "constructor", "__proto__", "hasOwnProperty", "GET /me/", "get /me", "GET  /me", "page /[lang]/admin/", ""]) {
      expect(routePermission(key), key).toBeUndefined();
    }
  });

  it("names only permissions that exist", () => {
    for (const [route, permission] of Object.entries(ROUTE_PERMISSIONS)) expect(Object.hasOwn(PERMISSIONS, permission), `${route}: ${permission}`).toBe(true);
  });
});

describe("every route is in the permissions table", () => {
  it("turns page files into Astro route patterns", () => {
    expect(astroRoutePattern(join("[lang]", "programs", "index.astro"))).toBe("/[lang]/programs");
    expect(astroRoutePattern(join("[lang]", "index.astro"))).toBe("/[lang]");
    expect(astroRoutePattern(join("[lang]", "programs", "[slug].astro"))).toBe("/[lang]/programs/[slug]");
    expect(astroRoutePattern("setup.astro")).toBe("/setup");
    expect(astroRoutePattern("404.astro")).toBe("/404");
    expect(astroRoutePattern("index.astro")).toBe("/");
  });

  it("every page under src/pages has an entry", () => {
    const pages = pageFiles().map(astroRoutePattern);
    expect(pages.length).toBeGreaterThan(10);
    const missing = pages.filter((pattern) => routePermission(`page ${pattern}`) === undefined);
    expect(missing, "pages missing from ROUTE_PERMISSIONS").toEqual([]);
  });

  it("no entry names a page that does not exist", () => {
    const pages = new Set(pageFiles().map((file) => `page ${astroRoutePattern(file)}`));
    expect(pageKeys.filter((key) => !pages.has(key)), "stale page entries").toEqual([]);
  });

  it("every API route has an entry", () => {
    const routes = apiRoutes();
    expect(routes).toContain("GET /me");
    expect(routes).toContain("POST /proposals");
    expect(
      routes.filter((route) => routePermission(route) === undefined),
      "API routes missing from ROUTE_PERMISSIONS",
    ).toEqual([]);
  });

  it("no entry names an API route that does not exist", () => {
    const routes = new Set(apiRoutes());
    expect(apiKeys.filter((key) => !routes.has(key)), "stale API entries").toEqual([]);
  });

  it("the guard's key for a request under /api/v1 is the table's key", () => {
    expect(apiRouteKey("GET", "/api/v1/programs/:slug")).toBe("GET /programs/:slug");
    expect(apiRouteKey("POST", "/api/v1/proposals")).toBe("POST /proposals");
    expect(apiRouteKey("GET", "/me")).toBe("GET /me");
    expect(apiRouteKey("GET", "/api/v1")).toBe("GET /");
    expect(apiRouteKey("GET", "/api/v10/me")).toBe("GET /api/v10/me");
  });

  it("the account pages need an account, and each home only its role", () => {
    expect(ROUTE_PERMISSIONS["page /[lang]/account"]).toBe("signed-in");
    expect(ROUTE_PERMISSIONS["GET /me"]).toBe("signed-in");
    for (const role of ROLES) {
      const permission = ROUTE_PERMISSIONS[`page /[lang]${HOME_PATH[role]}`];
      expect(permission, role).toBeDefined();
      for (const who of [null, ...ROLES]) expect(allows(permission as Permission, who), `${role} home for ${who ?? "a visitor"}`).toBe(who === role);
    }
    expect(allows(ROUTE_PERMISSIONS["page /[lang]/admin/audit"] as Permission, "staff")).toBe(false);
  });
});

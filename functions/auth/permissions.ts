/**
 * Who may do what: one table from permission to roles, and one from every route of the app
 * (API endpoints and Astro pages) to the permission it needs. The route guards look routes up
 * here and refuse any route missing from the table (fail closed); tests/unit/auth-permissions.test.ts
 * fails when a route exists that the table does not name.
 */
import { ROLES, type Role } from "./roles.ts";

export const PERMISSIONS = {
  /** Anyone, signed in or not. */
  public: "anyone",
  /** Any signed-in account: its own profile, password and sessions. */
  "signed-in": ROLES,
  "home:admin": ["admin"],
  "home:staff": ["staff"],
  "home:teacher": ["teacher"],
  "home:student": ["student"],
  "home:enterprise": ["enterprise"],
  /** The cooperation office's work: proposals, partners, students. */
  "proposals:read": ["staff", "admin"],
  /** Importing the student roster. */
  "students:import": ["staff", "admin"],
  /** Activation codes and password resets for students. */
  "students:manage": ["staff", "admin"],
  /** Inviting staff, teachers and enterprise users. */
  "users:invite": ["staff", "admin"],
  /** Accounts: list, disable, change roles. */
  "users:manage": ["admin"],
  "audit:read": ["admin"],
  /** First run only: the setup token is the real check. */
  setup: "anyone",
} as const satisfies Record<string, "anyone" | readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allows(permission: Permission, role: Role | null): boolean {
  const allowed: "anyone" | readonly Role[] = PERMISSIONS[permission];
  return allowed === "anyone" || (role !== null && allowed.includes(role));
}

/**
 * Every route and what it needs. API routes are `METHOD /path` relative to /api/v1, in Hono's
 * syntax; pages are `page <Astro route pattern>`, for every method the page answers.
 */
export const ROUTE_PERMISSIONS: Record<string, Permission> = {
  "GET /health": "public",
  "GET /openapi.json": "public",
  "GET /programs": "public",
  "GET /programs/:slug": "public",
  "GET /partners": "public",
  "POST /proposals": "public",
  "GET /me": "signed-in",

  "page /setup": "setup",
  "page /404": "public",
  "page /500": "public",
  "page /[lang]": "public",
  "page /[lang]/privacy": "public",
  "page /[lang]/programs": "public",
  "page /[lang]/programs/[slug]": "public",
  "page /[lang]/partners": "public",
  "page /[lang]/partners/[slug]": "public",
  "page /[lang]/propose": "public",
  "page /[lang]/propose/received": "public",
  "page /[lang]/proposals/[token]": "public",
  "page /[lang]/proposals/confirm/[token]": "public",
  "page /[lang]/proposals/resend": "public",
  "page /[lang]/dev/outbox": "public",
  "page /[lang]/sign-in": "public",
  "page /[lang]/sign-out": "public",
  "page /[lang]/forbidden": "public",
  "page /[lang]/access/[token]": "public",
  "page /[lang]/activate": "public",
  "page /[lang]/forgot-password": "public",
  "page /[lang]/staff/invite": "users:invite",
  "page /[lang]/staff/students": "students:manage",
  "page /[lang]/staff/students/sheet": "students:manage",
  "page /[lang]/staff/students/[id]": "students:manage",
  "page /[lang]/account": "signed-in",
  "page /[lang]/admin": "home:admin",
  "page /[lang]/admin/audit": "audit:read",
  "page /[lang]/staff": "home:staff",
  "page /[lang]/staff/students/import": "students:import",
  "page /[lang]/staff/students/import/[preview]": "students:import",
  "page /[lang]/teacher": "home:teacher",
  "page /[lang]/student": "home:student",
  "page /[lang]/enterprise": "home:enterprise",
};

export function routePermission(route: string): Permission | undefined {
  return Object.hasOwn(ROUTE_PERMISSIONS, route) ? ROUTE_PERMISSIONS[route] : undefined;
}

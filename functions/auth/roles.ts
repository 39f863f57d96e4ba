/**
 * Who someone is to the portal. One role per account: `enterprise` users belong to one partner;
 * `staff` run the cooperation office; `admin` also manages accounts and reads the audit log.
 */
export const ROLES = ["admin", "staff", "teacher", "student", "enterprise"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Where each role lands after signing in (under /{lang}). */
export const HOME_PATH: Record<Role, string> = {
  admin: "/admin",
  staff: "/staff",
  teacher: "/teacher",
  student: "/student",
  enterprise: "/enterprise",
};

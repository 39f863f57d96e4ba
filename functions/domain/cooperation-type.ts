/**
 * The eight forms of school–enterprise cooperation. One enum, used alike by the database CHECK,
 * the zod schemas, URLs (`?type=order-class`) and the UI message keys (`type.order-class`).
 */
export const COOPERATION_TYPES = [
  "internship",
  "apprenticeship",
  "order-class",
  "training-base",
  "joint-lab",
  "teacher-practice",
  "guest-lecture",
  "resource-sharing",
] as const;

export type CooperationType = (typeof COOPERATION_TYPES)[number];

export function isCooperationType(value: string): value is CooperationType {
  return (COOPERATION_TYPES as readonly string[]).includes(value);
}

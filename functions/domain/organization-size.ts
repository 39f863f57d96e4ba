/** Organization sizes as Chinese statistics classify enterprises (micro, small, medium, large). */
export const ORGANIZATION_SIZES = ["micro", "small", "medium", "large"] as const;
export type OrganizationSize = (typeof ORGANIZATION_SIZES)[number];
